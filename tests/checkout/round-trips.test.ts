/**
 * Checkout's round trips to PostgreSQL, counted on the wire (a delaying TCP
 * proxy that also reads which statements each round trip carried — see
 * tests/lib/wire-proxy.ts): the checkout flow runs on a Db whose only
 * connection goes through the proxy. The counts are the flow's contract
 * (src/flows/checkout/index.ts): a feature that adds a round trip to every
 * checkout must fold its statement into an existing one or pipeline it, or
 * change this test on purpose.
 *
 * f448026 (before the renovation) took 3 round trips for a one-line cart,
 * 5 for three lines (one reservation each) and 4 with a discount code.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { checkout } from '../../src/flows/checkout/index.js';
import { createDb, createPool, type Db, withTenant } from '../../src/lib/db/index.js';
import { appDatabaseUrl } from '../../src/lib/db/roles.js';
import { startWireProxy, type WireProxy } from '../lib/wire-proxy.js';
import { createRule } from '../promotion-rules/support.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { ADDRESS, addVariant, createCart, type Shop, shopWithVariant, variantLevels } from './support.js';

let p: TestPlatform;
let shop: Shop;
let more: string[];
let proxy: WireProxy;
let db: Db;

beforeAll(async () => {
  p = await testPlatform();
  shop = await shopWithVariant(p, { stock: 100, price: 1000 });
  more = [await addVariant(p, shop.store, { stock: 100 }), await addVariant(p, shop.store, { stock: 100 })];
  const code = await request(p.app, 'POST', '/api/admin/discount-codes', {
    host: shop.store.host,
    token: shop.store.owner.token,
    body: { code: 'TRIPS10', kind: 'percentage', value: 1000 },
  });
  expect(code.status, JSON.stringify(code.body)).toBe(201);
  const u = new URL(inject('databaseUrl'));
  proxy = await startWireProxy({ host: u.hostname, port: Number(u.port || 5432) });
  db = createDb(createPool({ connectionString: proxy.url(appDatabaseUrl(inject('databaseUrl'))), max: 1 }), {
    prepare: true,
  });
  // The proxied pool's one connection opened (and checkout's statements prepared) outside the counts.
  await tripsOf([shop.variantId]);
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await proxy?.close();
});

/** One checkout of a fresh cart through the proxy: its round trips, each a list of statement texts. */
async function tripsOf(variantIds: string[], discountCode?: string) {
  const cartId = await createCart(
    p,
    shop.store,
    variantIds.map((variantId) => ({ variantId, quantity: 1 })),
  );
  proxy.reset();
  const res = await checkout(
    { ...p.deps, db },
    {
      tenant: shop.store.tenant,
      cartId,
      idempotencyKey: randomUUID(),
      input: {
        email: 'trips@example.test',
        shippingAddress: ADDRESS,
        ...(discountCode ? { discountCode } : {}),
      },
      viewer: { customerId: null },
      now: new Date(),
    },
  );
  expect(res.status).toBe(201);
  return { order: res.body.order, trips: proxy.trace() };
}

/** Statements a one-line checkout sends, opening and COMMIT included. */
const STATEMENTS_ONE_LINE = 6;

const shown = (trips: string[][]) =>
  trips
    .map((t, i) => `RT${i + 1}: ${t.map((s) => s.replace(/\s+/g, ' ').trim().slice(0, 70)).join(' | ')}`)
    .join('\n');

describe('checkout round trips', { timeout: 60_000 }, () => {
  it('one line, no discount code: 3 round trips — opening reads, reservation, order with COMMIT', async () => {
    const { trips, order } = await tripsOf([shop.variantId]);
    expect(trips.length, shown(trips)).toBe(3);
    // The promotions on the lines are read with the opening, not in a round trip of their own.
    expect(
      trips[0]!.some((s) => s.includes('promotion_offers')),
      shown(trips),
    ).toBe(true);
    expect(trips[2]!.at(-1)).toBe('commit');
    expect(order.total).toBe(1000);
    // Every read is ONE statement: the payment settings, the confirmation e-mail's picks and the
    // offers are sub-selects of the reads, not statements of their own (each was one until #10).
    const reads = trips[0]!.filter((s) => /payment_settings|promotion_offers|recommendation_/.test(s));
    expect(reads.length, shown(trips)).toBe(1);
    for (const table of ['payment_settings', 'promotion_offers', 'recommendation_neighbours', 'cart_items'])
      expect(reads[0], table).toContain(table);
    expect(trips.flat().length, shown(trips)).toBe(STATEMENTS_ONE_LINE);
  });

  it('three lines: 3 round trips — the reservations go together, in variant-id order', async () => {
    const ids = [shop.variantId, ...more];
    const before = await Promise.all(ids.map((v) => variantLevels(p, shop.store.tenant.id, v)));
    const { trips, order } = await tripsOf(ids);
    expect(trips.length, shown(trips)).toBe(3);
    expect(
      trips[1]!.filter((s) => s.includes('update variants')),
      shown(trips),
    ).toHaveLength(3);
    expect(order.subtotal).toBe(3000);
    const after = await Promise.all(ids.map((v) => variantLevels(p, shop.store.tenant.id, v)));
    expect(after.map((l, i) => l.reserved - before[i]!.reserved)).toEqual([1, 1, 1]);
  });

  it('with a discount code: 3 round trips — the code is claimed with the reservation', async () => {
    const { trips, order } = await tripsOf([shop.variantId], 'TRIPS10');
    expect(trips.length, shown(trips)).toBe(3);
    expect(
      trips[1]!.some((s) => s.includes('discount_codes')),
      shown(trips),
    ).toBe(true);
    expect(order.discount).toBe(100);
  });
});

describe('checkout round trips with a live promotion', { timeout: 60_000 }, () => {
  it('claims the offer after the reservation: rules and settings read together, then the use claimed', async () => {
    const t = shop.store.tenant.id;
    const rule = await createRule(p, shop.store);
    const now = Date.now();
    await withTenant(p.deps.db, t, (trx) =>
      trx
        .insertInto('promotion_offers')
        .values({
          tenant_id: t,
          rule_id: rule.id,
          variant_id: shop.variantId,
          product_id: shop.productId,
          discount_bp: 1000,
          floor_price: 100,
          starts_at: new Date(now - 60_000),
          ends_at: new Date(now + 3_600_000),
          status: 'active',
        })
        .execute(),
    );
    const { trips, order } = await tripsOf([shop.variantId], 'TRIPS10');
    expect(order).toMatchObject({ subtotal: 900, discount: 90 });
    // Opening; reservation; rules + settings; the offer's use; the code (on the promoted subtotal); order + COMMIT.
    expect(trips.length, shown(trips)).toBe(6);
    expect(
      trips[2]!.filter((s) => /promotion_(rules|settings)/.test(s)),
      shown(trips),
    ).toHaveLength(2);
    expect(
      trips[4]!.some((s) => s.includes('discount_codes')),
      shown(trips),
    ).toBe(true);
  });
});

describe('add to cart round trips', { timeout: 60_000 }, () => {
  it('the store API adds a line in ONE round trip, the request as a whole (store, session, line)', async () => {
    const app = createApp({ ...p.deps, db });
    const cartId = await createCart(p, shop.store, []);
    const add = (variantId: string) =>
      request(app, 'POST', `/api/store/carts/${cartId}/items`, {
        host: shop.store.host,
        body: { variantId, quantity: 1 },
      });
    expect((await add(more[0]!)).status).toBe(200); // the store's host resolved and cached
    proxy.reset();
    const res = await add(shop.variantId);
    const trips = proxy.trace();
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(trips.length, shown(trips)).toBe(1);
    // Nothing but the add itself (no promotion or recommendation reads on this path).
    expect(
      trips[0]!.filter((s) => !/^(begin|commit)\b/.test(s.trim())),
      shown(trips),
    ).toHaveLength(1);
  });
});
