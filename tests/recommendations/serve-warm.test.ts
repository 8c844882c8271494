/**
 * Reading a store's product-page lists ahead (serve-warm.ts): every few cold product pages of a store the
 * process reads the lists of its next products — that store's active products only, in id order — until
 * it holds them whole, so later pages compose their rows without reading any list, exactly as a cold read
 * would have composed them; a store over the bound is not held whole, a version that moves during a read
 * stops it, 0 turns it off.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb, createPool } from '../../src/lib/db/index.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import { createServeCache } from '../../src/modules/recommendations/serve-cache.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let a: TestStore;
let b: TestStore;
const A: ProductDetail[] = [];
let draft: ProductDetail;
let bOwn: ProductDetail[];
const size = { together: 1, similar: 4 };

beforeAll(async () => {
  p = await testPlatform();
  a = await createTestStore(p.deps);
  b = await createTestStore(p.deps);
  for (const title of ['Wool coat', 'Wool scarf', 'Wool gloves', 'Wool hat', 'Linen shirt', 'Linen dress'])
    A.push(await createTestProduct(p.deps, a.tenant.id, { title, tags: ['wool', 'linen'] }));
  draft = await createTestProduct(p.deps, a.tenant.id, { title: 'Wool socks', status: 'draft' });
  bOwn = [
    await createTestProduct(p.deps, b.tenant.id, { title: 'Wool coat', tags: ['wool'] }),
    await createTestProduct(p.deps, b.tenant.id, { title: 'Wool scarf', tags: ['wool'] }),
  ];
  for (let i = 0; i < 3; i++) {
    await insertOrder(p.deps, a.tenant.id, [A[0]!, A[1]!], { daysAgo: i + 1 });
    await insertOrder(p.deps, a.tenant.id, [A[2]!, A[3]!], { daysAgo: i + 1 });
  }
  await insertOrder(p.deps, b.tenant.id, bOwn, { daysAgo: 1 });
  await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
  await rebuildStore(p.deps.db, b.tenant.id, p.deps.now());
}, 120_000);

const held = (cache: ReturnType<typeof createServeCache>, tenantId: string, products: ProductDetail[]) =>
  products.filter((x) => cache.productPageWarm(tenantId, x.id, size)).map((x) => x.id);

describe('reading a store’s lists ahead', () => {
  it('reads a page of products per 3 cold pages, in id order, until the store is held whole', async () => {
    const cache = createServeCache({ coldPagesPerRead: () => 3, readAheadPage: 2 });
    const db = p.deps.db;
    const byId = [...A].sort((x, y) => (x.id < y.id ? -1 : 1));
    // The first page's lists (a cold read) take the store's version lease.
    await cache.productPageLists(db, a.tenant.id, byId[5]!.id, size);
    expect(cache.noteColdPage(db, a.tenant.id, size)).toBeUndefined();
    expect(cache.noteColdPage(db, a.tenant.id, size)).toBeUndefined();
    expect(await cache.noteColdPage(db, a.tenant.id, size)).toBe('partly');
    expect(held(cache, a.tenant.id, byId)).toEqual([byId[0]!.id, byId[1]!.id, byId[5]!.id]);
    const outcomes: (string | undefined)[] = [];
    for (let cold = 4; cold <= 9; cold++) outcomes.push(await cache.noteColdPage(db, a.tenant.id, size));
    // Page 2 holds the next two; page 3 the last two, and nothing past them: the store is held whole.
    expect(outcomes).toEqual([undefined, undefined, 'partly', undefined, undefined, 'warmed']);
    expect(cache.stats).toMatchObject({ warmReads: 3, storesWarmed: 1 });
    expect(cache.noteColdPage(db, a.tenant.id, size)).toBeUndefined(); // nothing more under this version

    expect(held(cache, a.tenant.id, A)).toEqual(A.map((x) => x.id));
    expect(cache.productPageWarm(a.tenant.id, draft.id, size)).toBe(false);
    // Only this store's: another store's products are neither held under it nor under their own.
    expect(held(cache, a.tenant.id, bOwn)).toEqual([]);
    expect(held(cache, b.tenant.id, bOwn)).toEqual([]);
    expect(cache.storeReading(b.tenant.id)).toBeUndefined();

    // Composed from what was read ahead: no list read again, the same lists a cold read composes.
    const misses = cache.stats.misses;
    const fresh = createServeCache({ coldPagesPerRead: () => 0 });
    for (const product of A) {
      const lists = await cache.productPageLists(db, a.tenant.id, product.id, size);
      expect(lists).toEqual(await fresh.productPageLists(db, a.tenant.id, product.id, size));
    }
    expect(cache.stats.misses).toBe(misses);
    expect(fresh.stats.misses).toBeGreaterThanOrEqual(A.length);
  });

  it('0 cold pages per read never reads ahead', async () => {
    const cache = createServeCache({ coldPagesPerRead: () => 0 });
    await cache.productPageLists(p.deps.db, a.tenant.id, A[0]!.id, size);
    for (let i = 0; i < 20; i++) expect(cache.noteColdPage(p.deps.db, a.tenant.id, size)).toBeUndefined();
    expect(cache.storeReading(a.tenant.id)).toBeUndefined();
    expect(cache.productPageWarm(a.tenant.id, A[5]!.id, size)).toBe(false);
  });

  it('does not count a page before the store’s version is known', () => {
    const cache = createServeCache({ coldPagesPerRead: () => 1 });
    expect(cache.noteColdPage(p.deps.db, a.tenant.id, size)).toBeUndefined();
    expect(cache.storeReading(a.tenant.id)).toBeUndefined();
  });

  it('stops at the bound: a store over half the kept lists is not held whole', async () => {
    // maxEntries 6 → at most 3 products; the store has 6 active ones.
    const cache = createServeCache({ coldPagesPerRead: () => 1, maxEntries: 6 });
    await cache.productPageLists(p.deps.db, a.tenant.id, A[0]!.id, size);
    expect(await cache.noteColdPage(p.deps.db, a.tenant.id, size)).toBe('too big');
    expect(cache.noteColdPage(p.deps.db, a.tenant.id, size)).toBeUndefined();
    expect(cache.stats).toMatchObject({ warmReads: 1, storesWarmed: 0 });
  });

  it('stops when the store’s version moves under the read (a rebuild elsewhere)', async () => {
    const cache = createServeCache({ coldPagesPerRead: () => 1 });
    await cache.productPageLists(p.deps.db, b.tenant.id, bOwn[0]!.id, size);
    // Another process rebuilds: this one's lease still names the old version for up to a second.
    await rebuildStore(p.deps.db, b.tenant.id, p.deps.now());
    expect(await cache.noteColdPage(p.deps.db, b.tenant.id, size)).toBe('version moved');
    expect(cache.stats.storesWarmed).toBe(0);
    expect(cache.productPageWarm(b.tenant.id, bOwn[1]!.id, size)).toBe(false);
  });

  it('a failed read waits as many cold pages again before the next try', async () => {
    // Nothing listens on loopback port 1: every statement through `away` fails at once.
    const away = createDb(createPool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1 }));
    try {
      const cache = createServeCache({ coldPagesPerRead: () => 2 });
      await cache.productPageLists(p.deps.db, a.tenant.id, A[0]!.id, size);
      expect(cache.noteColdPage(away, a.tenant.id, size)).toBeUndefined();
      await expect(cache.noteColdPage(away, a.tenant.id, size)).rejects.toThrow();
      expect(cache.noteColdPage(p.deps.db, a.tenant.id, size)).toBeUndefined();
      expect(await cache.noteColdPage(p.deps.db, a.tenant.id, size)).toBe('warmed');
    } finally {
      await away.destroy();
    }
  });
});
