/**
 * The storefront's HTML pages read the catalog through the process's read
 * cache (src/web/storefront/data.ts), as the JSON API does: a repeated
 * product, collection or search page is rendered from memory, and the notices
 * that invalidate the JSON reads invalidate the pages' too (a product's stock
 * notice reloads its page; a whole-store notice reloads every page). The
 * cross-process freshness of pages is proved in read-cache-processes.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ReadCache } from '../../src/lib/http/read-cache.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

let p: TestPlatform;
let store: TestStore;
let product: ProductDetail;
let cache: ReadCache;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  p = await testPlatform();
  store = await createTestStore(p.deps);
  product = await createTestProduct(p.deps, store.tenant.id, { title: 'Cached Linen Shirt' });
  cache = new ReadCache({ isLive: () => true });
  app = createApp({ ...p.deps, readCache: cache });
}, 120_000);

/** Loads a page twice; answers how many of the second rendering's catalog reads missed the cache. */
async function secondMisses(path: string, shows = 'Cached Linen Shirt'): Promise<number> {
  const first = await request(app, 'GET', path, { host: store.host });
  expect(first.status, path).toBe(200);
  const misses = cache.misses;
  const hits = cache.hits;
  const again = await request(app, 'GET', path, { host: store.host });
  expect(again.status, path).toBe(200);
  expect(again.text).toContain(shows);
  expect(cache.hits, `${path} read nothing through the cache`).toBeGreaterThan(hits);
  return cache.misses - misses;
}

describe('storefront pages through the read cache', () => {
  it('renders a repeated product, search, browse and collections page from memory', async () => {
    expect(await secondMisses(`/products/${product.handle}`)).toBe(0);
    expect(await secondMisses('/search?q=linen')).toBe(0);
    expect(await secondMisses('/search')).toBe(0);
    expect(await secondMisses('/collections', 'Collections')).toBe(0);
  });

  it('reloads a product page at its stock notice and every page at a whole-store notice', async () => {
    const path = `/products/${product.handle}`;
    await secondMisses(path);
    cache.bump(store.tenant.id, ['stock', `stock:${product.id}`]);
    let misses = cache.misses;
    expect((await request(app, 'GET', path, { host: store.host })).status).toBe(200);
    expect(cache.misses).toBeGreaterThan(misses);

    await secondMisses('/search?q=linen');
    cache.bump(store.tenant.id);
    misses = cache.misses;
    expect((await request(app, 'GET', '/search?q=linen', { host: store.host })).status).toBe(200);
    expect(cache.misses).toBeGreaterThan(misses);
  });
});
