/**
 * Serving from memory stays truthful about the catalog: a product archived or sold out through the real
 * admin API (its own transaction, as another process would) leaves every served list — product page,
 * the JSON product route, "for you", "complete your order" — of a cache that never heard of the change within its card lifetime,
 * without a rebuild; restocked, it comes back (the store leaves out-of-stock products out by default).
 * With the catalog's change notices (as API processes have them), the change is seen at its notice even
 * though cards otherwise live a minute. And the per-shopper lists and the JSON route's are composed from
 * memory: repeating them reads nothing again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChangeListener, startChangeListener } from '../../src/lib/db/change-listener.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import {
  CATALOG_NOTICE_CHANNEL,
  CATALOG_STOCK_POLL_MS,
  parseCatalogNotice,
} from '../../src/modules/catalog/store-cache.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import { createServeCache, type ServeCache } from '../../src/modules/recommendations/serve-cache.js';
import {
  getCartCompanions,
  getForYou,
  getProductPageRecommendations,
  getProductRecommendations,
} from '../../src/modules/recommendations/service.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let a: TestStore;
const A: Record<string, ProductDetail> = {};
const store = () => ({ id: a.tenant.id, currency: 'USD' });
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CARD_TTL = 300;

beforeAll(async () => {
  p = await testPlatform();
  a = await createTestStore(p.deps);
  for (const [key, title] of [
    ['coat', 'Wool winter coat'],
    ['scarf', 'Wool scarf'],
    ['gloves', 'Wool gloves'],
    ['hat', 'Wool hat'],
  ] as const) {
    A[key] = await createTestProduct(p.deps, a.tenant.id, { title, tags: ['wool'] });
  }
  for (let i = 0; i < 3; i++) await insertOrder(p.deps, a.tenant.id, [A.coat!, A.scarf!], { daysAgo: i + 1 });
  await insertOrder(p.deps, a.tenant.id, [A.coat!, A.gloves!], { daysAgo: 1 });
  await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
}, 120_000);

/** Every list a shopper can be served that could hold the scarf. */
async function served(cache: ServeCache) {
  const page = await getProductPageRecommendations(p.deps.db, store(), A.coat!.id, {
    together: 1,
    similar: 4,
    cache,
  });
  const cart = await getCartCompanions(p.deps.db, store(), { productIds: [A.coat!.id] }, 4, cache);
  const forYou = await getForYou(
    p.deps.db,
    store(),
    { customerId: null, sessionId: null },
    { limit: 4 },
    cache,
  );
  // The JSON route's list (by handle, as a client may ask), composed by the same cache.
  const json = await getProductRecommendations(
    p.deps.db,
    store(),
    A.coat!.handle,
    'bought_together',
    4,
    cache,
  );
  return {
    page: ids([...page.together, ...page.similar]),
    cart: ids(cart),
    forYou: ids(forYou),
    json: ids(json),
  };
}

const admin = (method: 'PATCH' | 'POST', path: string, body: unknown) =>
  request(p.app, method, path, { host: a.host, token: a.owner.token, body });

afterAll(async () => {
  await listener?.close();
});

let listener: ChangeListener | undefined;

/** A cache wired to the catalog's notices as an API process's is (boot.ts), cards otherwise kept a minute. */
async function listeningCache(): Promise<ServeCache> {
  const cache = createServeCache({ cardTtlMs: 60_000 });
  listener = startChangeListener({
    connectionString: p.ownerUrl,
    channel: CATALOG_NOTICE_CHANNEL,
    pollStockChanges: { everyMs: CATALOG_STOCK_POLL_MS },
    logger: p.deps.logger,
    onNotice(payload) {
      const n = parseCatalogNotice(payload);
      if (n) cache.noteCatalogChange(n.tenantId, payload.split(' ')[1]);
    },
    onResync: () => cache.resync(),
  });
  cache.attachNotices(() => listener?.live === true);
  for (let i = 0; i < 100 && !listener.live; i++) await sleep(20);
  expect(listener.live).toBe(true);
  return cache;
}

/** Polls `served` until `done` holds (at most `ms`); returns the last lists. */
async function until(
  cache: ServeCache,
  done: (s: Awaited<ReturnType<typeof served>>) => boolean,
  ms: number,
) {
  const t0 = Date.now();
  for (;;) {
    const s = await served(cache);
    if (done(s) || Date.now() - t0 > ms) return s;
    await sleep(25);
  }
}

describe('serving stays truthful about the catalog', () => {
  it('with the catalog listener, a sale-out or archive is seen at its notice, though cards live a minute', async () => {
    const cache = await listeningCache();
    const deaf = createServeCache({ cardTtlMs: 60_000 }); // no notices: keeps its cards a minute
    expect((await served(cache)).page).toContain(A.scarf!.id);
    expect((await served(deaf)).page).toContain(A.scarf!.id);
    const variantId = A.scarf!.variants[0]!.id;
    const has = (s: Awaited<ReturnType<typeof served>>) =>
      [s.page, s.cart, s.forYou, s.json].some((l) => l.includes(A.scarf!.id));

    expect(
      (await admin('POST', '/api/admin/inventory/adjustments', { variantId, delta: -10, reason: 'damage' }))
        .status,
    ).toBe(200);
    expect(has(await until(cache, (s) => !has(s), 1000))).toBe(false);
    expect((await served(deaf)).page).toContain(A.scarf!.id);

    expect(
      (await admin('POST', '/api/admin/inventory/adjustments', { variantId, delta: 10, reason: 'restock' }))
        .status,
    ).toBe(200);
    expect((await until(cache, (s) => s.cart[0] === A.scarf!.id, 1000)).cart[0]).toBe(A.scarf!.id);

    expect((await admin('PATCH', `/api/admin/products/${A.scarf!.id}`, { status: 'archived' })).status).toBe(
      200,
    );
    expect(has(await until(cache, (s) => !has(s), 1000))).toBe(false);
    expect((await admin('PATCH', `/api/admin/products/${A.scarf!.id}`, { status: 'active' })).status).toBe(
      200,
    );
    expect((await until(cache, (s) => s.cart[0] === A.scarf!.id, 1000)).cart[0]).toBe(A.scarf!.id);
  });

  it('an archived product leaves every list within the card lifetime, and is back once active', async () => {
    const cache = createServeCache({ cardTtlMs: CARD_TTL });
    const before = await served(cache);
    expect(before.page).toContain(A.scarf!.id);
    expect(before.cart[0]).toBe(A.scarf!.id);
    expect(before.forYou).toContain(A.scarf!.id);
    expect(before.json[0]).toBe(A.scarf!.id);

    expect((await admin('PATCH', `/api/admin/products/${A.scarf!.id}`, { status: 'archived' })).status).toBe(
      200,
    );
    await sleep(CARD_TTL + 50);
    const gone = await served(cache);
    expect(gone.page).not.toContain(A.scarf!.id);
    expect(gone.cart).not.toContain(A.scarf!.id);
    expect(gone.forYou).not.toContain(A.scarf!.id);
    expect(gone.json).not.toContain(A.scarf!.id);
    // The lists still fill from the other candidates.
    expect(gone.cart[0]).toBe(A.gloves!.id);

    expect((await admin('PATCH', `/api/admin/products/${A.scarf!.id}`, { status: 'active' })).status).toBe(
      200,
    );
    await sleep(CARD_TTL + 50);
    expect((await served(cache)).cart[0]).toBe(A.scarf!.id);
  });

  it('a sold-out product leaves every list without a rebuild and comes back when restocked', async () => {
    const cache = createServeCache({ cardTtlMs: CARD_TTL });
    expect((await served(cache)).page).toContain(A.scarf!.id);
    const variantId = A.scarf!.variants[0]!.id;

    const out = await admin('POST', '/api/admin/inventory/adjustments', {
      variantId,
      delta: -10,
      reason: 'damage',
    });
    expect(out.status).toBe(200);
    await sleep(CARD_TTL + 50);
    const gone = await served(cache);
    expect(gone.page).not.toContain(A.scarf!.id);
    expect(gone.cart).not.toContain(A.scarf!.id);
    expect(gone.forYou).not.toContain(A.scarf!.id);
    expect(gone.json).not.toContain(A.scarf!.id);

    const back = await admin('POST', '/api/admin/inventory/adjustments', {
      variantId,
      delta: 5,
      reason: 'restock',
    });
    expect(back.status).toBe(200);
    await sleep(CARD_TTL + 50);
    const again = await served(cache);
    expect(again.page).toContain(A.scarf!.id);
    expect(again.cart[0]).toBe(A.scarf!.id);
    expect(again.json[0]).toBe(A.scarf!.id);
  });

  it('composes repeated per-shopper and JSON-route lists from memory (no list or version read)', async () => {
    const cache = createServeCache();
    const shopper = { customerId: null, sessionId: 'fresh-session-1' };
    const json = () => getProductRecommendations(p.deps.db, store(), A.coat!.handle, 'similar', 3, cache);
    const firstJson = await json();
    const first = await getForYou(p.deps.db, store(), shopper, { limit: 3 }, cache);
    const cart = await getCartCompanions(
      p.deps.db,
      store(),
      { productIds: [A.coat!.id, A.hat!.id] },
      3,
      cache,
    );
    const reads = { ...cache.stats };
    expect(await getForYou(p.deps.db, store(), shopper, { limit: 3 }, cache)).toEqual(first);
    expect(
      await getCartCompanions(p.deps.db, store(), { productIds: [A.coat!.id, A.hat!.id] }, 3, cache),
    ).toEqual(cart);
    expect(await json()).toEqual(firstJson);
    expect(cache.stats).toMatchObject({
      misses: reads.misses,
      versionReads: reads.versionReads,
      cardReads: reads.cardReads,
    });
    expect(ids(cart)).not.toContain(A.coat!.id);
    expect(ids(cart)).not.toContain(A.hat!.id);
  });
});
