/**
 * Each surface reads only the list kinds it shows (the product page "similar" and "bought together", the
 * cart "bought together" and "hybrid", "for you" "hybrid"), and the serving cache keeps a product's
 * lists with the kinds they were read with: a surface served after another one's read of the same
 * product must answer exactly as from a fresh cache — never from a kept entry that lacks its kinds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import { createServeCache } from '../../src/modules/recommendations/serve-cache.js';
import {
  getCartCompanions,
  getProductPageRecommendations,
} from '../../src/modules/recommendations/service.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let a: TestStore;
const A: Record<string, ProductDetail> = {};
const store = () => ({ id: a.tenant.id, currency: 'USD' });
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

beforeAll(async () => {
  p = await testPlatform();
  a = await createTestStore(p.deps);
  for (const [key, title, tag] of [
    ['coat', 'Wool winter coat', 'wool'],
    ['scarf', 'Wool scarf', 'wool'],
    ['gloves', 'Wool gloves', 'wool'],
    ['hat', 'Wool hat', 'wool'],
    ['shirt', 'Linen shirt', 'linen'],
    ['dress', 'Linen dress', 'linen'],
  ] as const) {
    A[key] = await createTestProduct(p.deps, a.tenant.id, { title, tags: [tag] });
  }
  const orders = (products: ProductDetail[], n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) => insertOrder(p.deps, a.tenant.id, products, { daysAgo: i + 1 })),
    );
  await orders([A.coat!, A.scarf!], 4);
  await orders([A.coat!, A.gloves!], 2);
  await orders([A.scarf!, A.hat!], 2);
  await orders([A.shirt!, A.dress!], 5);
  await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
}, 120_000);

const page = (cache: ReturnType<typeof createServeCache>) =>
  getProductPageRecommendations(p.deps.db, store(), A.coat!.id, { together: 1, similar: 4, cache });
const cart = (cache: ReturnType<typeof createServeCache>) =>
  getCartCompanions(p.deps.db, store(), { productIds: [A.coat!.id] }, 4, cache);

describe('list kinds per surface', () => {
  it("the cart's row after the product page's read of the same product: as from a fresh cache", async () => {
    const fresh = await cart(createServeCache());
    // The coat's hybrid list (not read by the product page) brings the hat, ahead of popular products.
    expect(ids(fresh)).toContain(A.hat!.id);
    const cache = createServeCache();
    await page(cache);
    expect(ids(await cart(cache))).toEqual(ids(fresh));
  });

  it("the product page after the cart's read of the same product: as from a fresh cache", async () => {
    const fresh = await page(createServeCache());
    const cache = createServeCache();
    await cart(cache);
    const after = await page(cache);
    expect({ together: ids(after.together), similar: ids(after.similar) }).toEqual({
      together: ids(fresh.together),
      similar: ids(fresh.similar),
    });
    // Both kinds now kept: a third read of either surface sends no statement.
    const before = cache.stats.misses;
    await page(cache);
    await cart(cache);
    expect(cache.stats.misses).toBe(before);
  });
});
