/**
 * Recommendations against the real database and app: a rebuild writes a store's lists from its own orders
 * and products only; the store routes serve active, in-stock products of that store, never the product
 * itself; pins and exclusions apply; cold products and shoppers fall back; signals are buffered, feed
 * "for you" and die with the customer.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import { serveCacheFor } from '../../src/modules/recommendations/serve-cache.js';
import { signalRecorderFor } from '../../src/modules/recommendations/service.js';
import { PROCESSORS } from '../../workers/index.js';
import {
  createTestCustomer,
  createTestProduct,
  createTestStore,
  type TestStore,
} from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let a: TestStore;
let b: TestStore;
const A: Record<string, ProductDetail> = {};
const B: Record<string, ProductDetail> = {};

const product = (store: TestStore, title: string, extra: Record<string, unknown> = {}) =>
  createTestProduct(p.deps, store.tenant.id, { title, ...extra });

async function seed(store: TestStore, into: Record<string, ProductDetail>) {
  into.coat = await product(store, 'Wool winter coat', { tags: ['wool', 'winter'] });
  into.scarf = await product(store, 'Wool scarf', { tags: ['wool'] });
  into.gloves = await product(store, 'Wool gloves', { tags: ['wool'] });
  into.shirt = await product(store, 'Linen summer shirt', { tags: ['linen', 'summer'] });
  into.dress = await product(store, 'Linen summer dress', { tags: ['linen', 'summer'] });
  into.archived = await product(store, 'Wool winter hat', { status: 'archived' });
  into.soldOut = await product(store, 'Wool winter socks', {
    variants: [{ sku: `SO-${store.tenant.handle}`, price: 500, stock: 0 }],
  });
  const o = (products: ProductDetail[], n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) => insertOrder(p.deps, store.tenant.id, products, { daysAgo: i + 1 })),
    );
  await o([into.coat, into.scarf], 5);
  await o([into.coat, into.gloves], 3);
  await o([into.shirt, into.dress], 2);
  await o([into.coat, into.archived, into.soldOut], 4);
}

const get = (store: TestStore, path: string, headers: Record<string, string> = {}) =>
  request(p.app, 'GET', path, { host: store.host, headers });
const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

beforeAll(async () => {
  p = await testPlatform();
  a = await createTestStore(p.deps);
  b = await createTestStore(p.deps);
  await seed(a, A);
  await seed(b, B);
  await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
  await rebuildStore(p.deps.db, b.tenant.id, p.deps.now());
}, 120_000);

describe('product recommendations', () => {
  it('bought together: the companion first, with a reason, never itself, archived or sold out', async () => {
    const res = await get(
      a,
      `/api/store/products/${A.coat!.handle}/recommendations?kind=bought_together&limit=5`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toEqual({
      id: A.scarf!.id,
      handle: A.scarf!.handle,
      title: 'Wool scarf',
      price: 1999,
      currency: 'USD',
      reason: 'bought together by 5 shoppers',
      variantId: A.scarf!.variants[0]!.id,
    });
    expect(res.body.items[1].id).toBe(A.gloves!.id);
    for (const bad of [A.coat!, A.archived!, A.soldOut!]) expect(ids(res.body)).not.toContain(bad.id);
  });

  it('is composed by the serving cache: a repeat, by id or by handle, reads no lists or cards', async () => {
    const path = (ref: string) => `/api/store/products/${ref}/recommendations?kind=bought_together&limit=3`;
    const first = await get(a, path(A.coat!.id));
    const cache = serveCacheFor(p.deps.db);
    const before = { ...cache.stats };
    for (const ref of [A.coat!.id, A.coat!.handle, A.coat!.handle.toUpperCase()]) {
      const again = await get(a, path(ref));
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    }
    // The handle was learnt with the product's card on the first read: no statement finds it again.
    expect(cache.stats.hits).toBe(before.hits + 3);
    expect(cache.stats.misses).toBe(before.misses);
    expect(cache.stats.cardReads).toBe(before.cardReads);
  });

  it('similar: by text, with the shared words as the reason', async () => {
    const res = await get(a, `/api/store/products/${A.shirt!.id}/recommendations?kind=similar`);
    expect(res.status).toBe(200);
    expect(res.body.items[0].id).toBe(A.dress!.id);
    expect(res.body.items[0].reason).toMatch(/^similar: (linen|summer)/);
  });

  it("never another store's products, and another store's product is a 404", async () => {
    const own = new Set(Object.values(A).map((x) => x.id));
    for (const kind of ['similar', 'bought_together']) {
      for (const x of Object.values(A)) {
        if (x.status !== 'active') continue;
        const res = await get(a, `/api/store/products/${x.id}/recommendations?kind=${kind}&limit=50`);
        expect(res.status).toBe(200);
        for (const id of ids(res.body)) expect(own.has(id)).toBe(true);
      }
    }
    const foreign = await get(a, `/api/store/products/${B.coat!.id}/recommendations`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('not_found');
    expect((await get(a, `/api/store/products/${A.archived!.id}/recommendations`)).status).toBe(404);
  });

  it('rejects bad input with 400', async () => {
    expect((await get(a, `/api/store/products/${A.coat!.id}/recommendations?kind=nope`)).status).toBe(400);
    expect((await get(a, `/api/store/products/${A.coat!.id}/recommendations?limit=0`)).status).toBe(400);
    expect((await get(a, '/api/store/recommendations?limit=abc')).status).toBe(400);
  });

  it('a product added after the build falls back to popular products, never itself', async () => {
    const fresh = await product(a, 'Cashmere wrap');
    const res = await get(a, `/api/store/products/${fresh.id}/recommendations?kind=bought_together&limit=3`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(ids(res.body)).not.toContain(fresh.id);
    expect(res.body.items[0].reason).toBe('popular in this store');
  });
});

describe('pins and exclusions', () => {
  it('a pinned product comes first and an excluded one never shows', async () => {
    const path = `/api/admin/products/${A.coat!.id}/recommendation-overrides`;
    const put = await request(p.app, 'PUT', path, {
      host: a.host,
      token: a.owner.token,
      body: { pin: [A.dress!.id], exclude: [A.scarf!.id, B.scarf!.id] },
    });
    expect(put.status).toBe(200);
    expect(put.body.items).toHaveLength(2); // the other store's product is ignored
    const res = await get(a, `/api/store/products/${A.coat!.id}/recommendations?kind=bought_together`);
    expect(res.body.items[0]).toMatchObject({ id: A.dress!.id, reason: 'picked for you' });
    expect(ids(res.body)).not.toContain(A.scarf!.id);
    await request(p.app, 'PUT', path, { host: a.host, token: a.owner.token, body: { pin: [], exclude: [] } });
  });
});

describe('for you and signals', () => {
  it('without history: popular products of this store', async () => {
    const res = await get(a, '/api/store/recommendations?limit=3');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items[0]).toMatchObject({ id: A.coat!.id, reason: 'popular in this store' });
    expect(res.headers.get('set-cookie')).toMatch(/sl_rec=/);
  });

  it('views are buffered, then steer "for you" away from the viewed product', async () => {
    const first = await get(a, '/api/store/recommendations');
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    // Signals earlier tests buffered (the timer may not have flushed them under load) go first.
    await signalRecorderFor(p.deps.db).flush();
    const view = await request(p.app, 'POST', '/api/store/recommendations/events', {
      host: a.host,
      headers: { cookie },
      body: { kind: 'view', productId: A.shirt!.id },
    });
    expect(view.status).toBe(202);
    expect(await signalRecorderFor(p.deps.db).flush()).toBe(1);
    const res = await get(a, '/api/store/recommendations?limit=4', { cookie });
    expect(res.body.items[0].id).toBe(A.dress!.id);
    expect(ids(res.body)).not.toContain(A.shirt!.id);
  });

  it("a signal for another store's product is dropped", async () => {
    const res = await request(p.app, 'POST', '/api/store/recommendations/events', {
      host: a.host,
      body: { kind: 'view', productId: B.coat!.id },
    });
    expect(res.status).toBe(202);
    expect(await signalRecorderFor(p.deps.db).flush()).toBe(0);
  });

  it("a customer's deletion removes their events", async () => {
    const customer = await createTestCustomer(p.deps, a.tenant.id);
    await request(p.app, 'POST', '/api/store/recommendations/events', {
      host: a.host,
      token: customer.token,
      body: { kind: 'cart', productId: A.gloves!.id },
    });
    await signalRecorderFor(p.deps.db).flush();
    const count = () =>
      withTenant(p.deps.db, a.tenant.id, async (trx) => {
        const r = await sql<{ n: string }>`select count(*) as n from recommendation_events
          where customer_id = ${customer.id}`.execute(trx);
        return Number(r.rows[0]!.n);
      });
    expect(await count()).toBe(1);
    await withTenant(p.deps.db, a.tenant.id, (trx) =>
      trx
        .deleteFrom('customers')
        .where('tenant_id', '=', a.tenant.id)
        .where('id', '=', customer.id)
        .execute(),
    );
    expect(await count()).toBe(0);
  });
});

describe('worker', () => {
  it('registers the recommendations queue', () => {
    expect(PROCESSORS.map((x) => x.queue)).toContain('recommendations');
    expect(PROCESSORS.map((x) => x.queue)).toContain('recommendation-signals');
  });
});
