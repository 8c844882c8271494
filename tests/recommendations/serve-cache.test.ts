/**
 * The per-process serving cache of the product page's lists: repeated reads are served from memory; a
 * rebuild (or a merchant's pin) reaches another process's cache within its ~1 s version lease and this
 * process's at once; the cart's products are left out per request; another store never gets an entry.
 * A warm product page composes from what the process holds without an await (productPageListsHeld):
 * the usual answer (the same object for a repeat), and undefined — never a guess — whenever composing
 * would have to read first (no version lease, lists not held, a stale card).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import { createServeCache } from '../../src/modules/recommendations/serve-cache.js';
import {
  getProductPageRecommendations,
  productPageListsNow,
  setOverrides,
} from '../../src/modules/recommendations/service.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { insertCart, insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let a: TestStore;
let b: TestStore;
const A: Record<string, ProductDetail> = {};
let bOwn: ProductDetail;

const storeOf = (s: TestStore) => ({ id: s.tenant.id, currency: 'USD' });
const orders = (products: ProductDetail[], n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) => insertOrder(p.deps, a.tenant.id, products, { daysAgo: i + 1 })),
  );
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  p = await testPlatform();
  a = await createTestStore(p.deps);
  b = await createTestStore(p.deps);
  for (const [key, title] of [
    ['coat', 'Wool winter coat'],
    ['scarf', 'Wool scarf'],
    ['gloves', 'Wool gloves'],
    ['hat', 'Wool hat'],
    ['shirt', 'Linen shirt'],
  ] as const) {
    A[key] = await createTestProduct(p.deps, a.tenant.id, { title, tags: ['wool'] });
  }
  bOwn = await createTestProduct(p.deps, b.tenant.id, { title: 'Wool winter coat', tags: ['wool'] });
  await orders([A.coat!, A.scarf!], 3);
  await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
  await rebuildStore(p.deps.db, b.tenant.id, p.deps.now());
}, 120_000);

describe('serving cache', () => {
  it('serves repeated reads from memory and a rebuild’s new lists in another process within ~1 s', async () => {
    const other = createServeCache(); // another process: it never hears this process's `forget`
    const read = () =>
      getProductPageRecommendations(p.deps.db, storeOf(a), A.coat!.id, {
        together: 1,
        similar: 4,
        cache: other,
      });
    const first = await read();
    expect(ids(first.together)).toEqual([A.scarf!.id]);
    expect(await read()).toEqual(first);
    expect(other.stats).toMatchObject({ misses: 1, hits: 1 });

    await orders([A.coat!, A.gloves!], 8);
    await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
    // This process's own cache dropped the store at once.
    const here = await getProductPageRecommendations(p.deps.db, storeOf(a), A.coat!.id, {
      together: 1,
      similar: 4,
    });
    expect(here.together[0]).toMatchObject({ id: A.gloves!.id, reason: 'bought together by 8 shoppers' });
    await sleep(1100);
    const after = await read();
    expect(after.together[0]).toMatchObject({ id: A.gloves!.id, reason: 'bought together by 8 shoppers' });
    expect(other.stats.versionReads).toBeGreaterThanOrEqual(1);
  });

  it('a merchant’s pin is a new version too', async () => {
    const other = createServeCache();
    const read = () =>
      getProductPageRecommendations(p.deps.db, storeOf(a), A.coat!.id, {
        together: 1,
        similar: 4,
        cache: other,
      });
    expect(ids((await read()).together)).not.toContain(A.shirt!.id);
    await setOverrides(p.deps.db, a.tenant.id, A.coat!.id, { pin: [A.shirt!.id], exclude: [] });
    await sleep(1100);
    expect((await read()).together[0]).toMatchObject({ id: A.shirt!.id, reason: 'picked for you' });
    await setOverrides(p.deps.db, a.tenant.id, A.coat!.id, { pin: [], exclude: [] });
  });

  it('leaves out the shopper’s cart per request, from the same cached entry', async () => {
    const cache = createServeCache();
    const cartId = await insertCart(p.deps, a.tenant.id, [A.gloves!.variants[0]!.id]);
    const read = (cart: string | null) =>
      getProductPageRecommendations(p.deps.db, storeOf(a), A.coat!.id, {
        together: 1,
        similar: 4,
        cart: cart ? { cartId: cart } : null,
        cache,
      });
    const plain = await read(null);
    expect(ids(plain.together)).toEqual([A.gloves!.id]);
    const withCart = await read(cartId);
    expect(cache.stats.hits).toBe(1);
    expect(ids([...withCart.together, ...withCart.similar])).not.toContain(A.gloves!.id);
    expect(withCart.together[0]).toMatchObject({ id: A.scarf!.id });
    // Every other product of the store but the cart's, the pair's companion once.
    expect(ids(withCart.similar).sort()).toEqual([A.hat!.id, A.shirt!.id].sort());
  });

  it('never serves one store’s entry to another store', async () => {
    const cache = createServeCache();
    const warm = await getProductPageRecommendations(p.deps.db, storeOf(a), A.coat!.id, {
      together: 1,
      similar: 4,
      cache,
    });
    expect(warm.together.length + warm.similar.length).toBeGreaterThan(0);
    // Store B asking for store A's product (an id it could have guessed) gets nothing.
    const foreign = await getProductPageRecommendations(p.deps.db, storeOf(b), A.coat!.id, {
      together: 1,
      similar: 4,
      cache,
    });
    expect(foreign).toEqual({ together: [], similar: [] });
    const own = await getProductPageRecommendations(p.deps.db, storeOf(b), bOwn.id, {
      together: 1,
      similar: 4,
      cache,
    });
    const aIds = new Set(Object.values(A).map((x) => x.id));
    expect([...own.together, ...own.similar].filter((r) => aIds.has(r.id))).toEqual([]);
    expect(cache.stats.hits).toBe(0);
  });
});

const size = { together: 1, similar: 4 };

describe('composing a warm product page without an await', () => {
  it('gives the usual answer once everything is held, and nothing before', async () => {
    const cache = createServeCache({ cardTtlMs: 60_000 });
    const now = (id: string, cartProductIds: string[] = []) =>
      productPageListsNow(p.deps.db, storeOf(a), id, { ...size, cartProductIds, cache });
    // The service's answer is the serving cache's rows priced in the store's currency.
    const priced = (l: { together: object[]; similar: object[] } | undefined) =>
      l && {
        together: l.together.map((r) => ({ ...r, currency: 'USD' })),
        similar: l.similar.map((r) => ({ ...r, currency: 'USD' })),
      };
    // Nothing held yet: no lease, no lists, no cards.
    expect(now(A.coat!.id)).toBeUndefined();
    const usual = await getProductPageRecommendations(p.deps.db, storeOf(a), A.coat!.id, { ...size, cache });
    expect(usual.together.length).toBe(1);
    // A repeat: the very same answer, composed by neither path again (the same object each time).
    expect(priced(now(A.coat!.id))).toEqual(usual);
    expect(now(A.coat!.id)).toBe(now(A.coat!.id));
    // The cart's products are left out, composed from the same held lists (no statement).
    const reads = cache.stats.misses + cache.stats.cardReads + cache.stats.versionReads;
    const withCart = now(A.coat!.id, [usual.together[0]!.id]);
    expect(withCart).toBeDefined();
    expect(ids([...withCart!.together, ...withCart!.similar])).not.toContain(usual.together[0]!.id);
    expect(ids([...withCart!.together, ...withCart!.similar])).not.toContain(A.coat!.id);
    expect(withCart!.together.length + withCart!.similar.length).toBeGreaterThan(0);
    expect(cache.stats.misses + cache.stats.cardReads + cache.stats.versionReads).toBe(reads);
    // …and equal to what the usual path composes for that cart.
    const usualWithCart = await getProductPageRecommendations(p.deps.db, storeOf(a), A.coat!.id, {
      ...size,
      cart: { productIds: [usual.together[0]!.id] },
      cache: createServeCache(),
    });
    expect(priced(withCart)).toEqual(usualWithCart);
    // A product whose lists this process does not hold: undefined (the page asks the usual way).
    expect(now(A.shirt!.id)).toBeUndefined();
  });

  it('answers undefined once the version lease or a card went stale, and never for another store', async () => {
    const cache = createServeCache({ versionTtlMs: 150, cardTtlMs: 60_000 });
    await getProductPageRecommendations(p.deps.db, storeOf(a), A.coat!.id, { ...size, cache });
    const now = (store: TestStore) =>
      productPageListsNow(p.deps.db, storeOf(store), A.coat!.id, {
        ...size,
        cartProductIds: [],
        cache,
      });
    expect(now(a)).toBeDefined();
    // Another store asking for store A's product id: nothing, from either path.
    expect(now(b)).toBeUndefined();
    const foreign = await getProductPageRecommendations(p.deps.db, storeOf(b), A.coat!.id, {
      ...size,
      cache,
    });
    expect(foreign).toEqual({ together: [], similar: [] });
    expect(now(b)).toBeUndefined();
    await sleep(200);
    // The lease expired: the version must be read again first.
    expect(now(a)).toBeUndefined();

    const shortCards = createServeCache({ cardTtlMs: 100 });
    await getProductPageRecommendations(p.deps.db, storeOf(a), A.coat!.id, { ...size, cache: shortCards });
    const held = () => shortCards.productPageListsHeld(a.tenant.id, A.coat!.id, size, [A.hat!.id]); // not a repeat: another cart
    expect(held()).toBeDefined();
    await sleep(150);
    // The cards went stale (a price or stock change could hide behind them): read first.
    expect(held()).toBeUndefined();
    expect(shortCards.productPageListsHeld(a.tenant.id, A.coat!.id, size, [])).toBeUndefined();
  });
});
