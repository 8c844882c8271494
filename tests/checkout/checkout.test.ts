/** Checkout: totals, discounts, shipping, tax, idempotency, bad input. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { createTestCustomer } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';
import {
  addVariant,
  checkoutBody,
  checkoutReq,
  countRows,
  createCart,
  shopWithVariant,
  variantLevels,
} from './support.js';

async function admin(
  p: Awaited<ReturnType<typeof testPlatform>>,
  store: { host: string; owner: { token: string } },
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await request(p.app, method, path, { host: store.host, token: store.owner.token, body });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}

describe('checkout: happy path', () => {
  it('places an order, reserves stock, converts the cart and writes timeline, ledger and outbox', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 10, price: 1999 });
    const cartId = await createCart(p, store, [{ variantId, quantity: 3 }]);
    const res = await checkoutReq(p, store, cartId);
    expect(res.status).toBe(201);
    expect(res.body.order).toMatchObject({
      number: 1001,
      status: 'pending_payment',
      subtotal: 5997,
      discount: 0,
      shipping: 0,
      tax: 0,
      total: 5997,
      currency: 'USD',
    });
    expect(res.body.payment).toEqual({ provider: 'manual' });
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 10, reserved: 3 });

    const cart = await request(p.app, 'GET', `/api/store/carts/${cartId}`, { host: store.host });
    expect(cart.body.status).toBe('converted');
    const again = await checkoutReq(p, store, cartId);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_state');

    const t = store.tenant.id;
    const facts = await withTenant(p.deps.db, t, async (trx) => ({
      reservation: await trx
        .selectFrom('reservations')
        .selectAll()
        .where('order_id', '=', res.body.order.id)
        .execute(),
      ledger: await trx
        .selectFrom('inventory_adjustments')
        .select(['reason', 'delta', 'reserved_delta'])
        .where('variant_id', '=', variantId)
        .orderBy('id')
        .execute(),
      events: await trx
        .selectFrom('order_events')
        .select('type')
        .where('order_id', '=', res.body.order.id)
        .execute(),
      outbox: await trx
        .selectFrom('outbox')
        .select(['topic', 'payload'])
        .where('tenant_id', '=', t)
        .orderBy('id')
        .execute(),
    }));
    expect(facts.reservation).toHaveLength(1);
    expect(facts.reservation[0]).toMatchObject({ quantity: 3, status: 'held' });
    const ttl = new Date(facts.reservation[0]!.expires_at).getTime() - Date.now();
    // Manual payment (no Stripe): held for the default 7 days, not the card's 15 minutes.
    expect(ttl).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400_000);
    expect(facts.ledger.at(-1)).toEqual({ reason: 'reservation', delta: 0, reserved_delta: 3 });
    expect(facts.events.map((e) => e.type)).toEqual(['placed']);
    const topics = facts.outbox.map((o) => o.topic);
    expect(topics).toContain('order.placed');
    expect(topics).toContain('stock.changed');
    const mails = facts.outbox.filter((o) => o.topic === 'email.send').map((o) => o.payload.to);
    expect(mails).toEqual(expect.arrayContaining(['ada@example.test', store.owner.email]));
    // The order number is written into the timeline and the outbox payloads.
    const number = res.body.order.number;
    expect(typeof number).toBe('number');
    const placed = facts.outbox.find((o) => o.topic === 'order.placed');
    expect(placed?.payload).toMatchObject({ orderId: res.body.order.id, number });
    for (const o of facts.outbox.filter((x) => x.topic === 'email.send')) {
      expect(String(o.payload.subject)).toContain(`#${number}`);
      expect(JSON.stringify(o.payload)).not.toContain('@@');
    }
    const message = await withTenant(p.deps.db, t, (trx) =>
      trx
        .selectFrom('order_events')
        .select('message')
        .where('order_id', '=', res.body.order.id)
        .executeTakeFirstOrThrow(),
    );
    expect(message.message).toBe(`Order #${number} placed`);
  });

  it('re-reads prices at checkout', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { price: 1000 });
    const cartId = await createCart(p, store, [{ variantId, quantity: 2 }]);
    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.updateTable('variants').set({ price: 1500 }).where('id', '=', variantId).execute(),
    );
    const res = await checkoutReq(p, store, cartId);
    expect(res.body.order.subtotal).toBe(3000);
  });

  it('applies a percentage discount, free-above shipping and exclusive tax', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { price: 1999 });
    await admin(p, store, 'POST', '/api/admin/discount-codes', {
      code: 'SAVE15',
      kind: 'percentage',
      value: 1500,
    });
    await admin(p, store, 'POST', '/api/admin/shipping-rates', {
      name: 'Standard',
      amount: 500,
      freeAbove: 10000,
    });
    await admin(p, store, 'PUT', '/api/admin/tax-rates/US', { rate: 825 });
    const cartId = await createCart(p, store, [{ variantId, quantity: 3 }]);
    const res = await checkoutReq(p, store, cartId, { body: checkoutBody({ discountCode: 'save15' }) });
    expect(res.status).toBe(201);
    // 5997 − 15 % (899.55 → 900) = 5097 goods; below 10000 → shipping 500; tax 8.25 % of 5597 = 461.75 → 462
    expect(res.body.order).toMatchObject({
      subtotal: 5997,
      discount: 900,
      shipping: 500,
      tax: 462,
      total: 6059,
    });
    const codes = await admin(p, store, 'GET', '/api/admin/discount-codes');
    expect(codes.items[0].usedCount).toBe(1);
  });

  it('applies a fixed discount, country rates and inclusive tax', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { price: 6000 });
    await admin(p, store, 'POST', '/api/admin/discount-codes', {
      code: 'TENOFF',
      kind: 'fixed',
      value: 1000,
      minSubtotal: 5000,
    });
    const eu = await admin(p, store, 'POST', '/api/admin/shipping-rates', {
      name: 'EU',
      amount: 800,
      countries: ['de', 'FR'],
    });
    await admin(p, store, 'POST', '/api/admin/shipping-rates', {
      name: 'US only',
      amount: 100,
      countries: ['US'],
    });
    await admin(p, store, 'PUT', '/api/admin/tax-rates/DE', { rate: 1900, inclusive: true });
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
    const res = await checkoutReq(p, store, cartId, {
      body: checkoutBody({
        discountCode: 'TENOFF',
        shippingAddress: { name: 'Hans', line1: 'Weg 1', city: 'Berlin', postalCode: '10115', country: 'de' },
        shippingRateId: eu.id,
      }),
    });
    expect(res.status).toBe(201);
    // 6000 − 1000 + 800 = 5800 gross; contained VAT 5800 × 19/119 = 926.05 → 926
    expect(res.body.order).toMatchObject({
      subtotal: 6000,
      discount: 1000,
      shipping: 800,
      tax: 926,
      total: 5800,
      taxInclusive: true,
    });
  });

  it('gives a signed-in shopper the order', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p);
    const ada = await createTestCustomer(p.deps, store.tenant.id);
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }], ada.token);
    const res = await checkoutReq(p, store, cartId, { token: ada.token });
    expect(res.status).toBe(201);
    const mine = await request(p.app, 'GET', '/api/store/orders', { host: store.host, token: ada.token });
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([res.body.order.id]);
  });
});

describe('checkout: idempotency', () => {
  it('replays the same response for the same key and body, and refuses a different body', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 5 });
    const cartId = await createCart(p, store, [{ variantId, quantity: 2 }]);
    const key = randomUUID();
    const first = await checkoutReq(p, store, cartId, { key });
    const second = await checkoutReq(p, store, cartId, { key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const other = await checkoutReq(p, store, cartId, {
      key,
      body: checkoutBody({ email: 'someone@example.test' }),
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
    expect(await countRows(p, store.tenant.id, 'orders')).toBe(1);
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 5, reserved: 2 });
  });

  it('20 concurrent identical requests make one order and 20 identical answers', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 5 });
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
    const key = randomUUID();
    const all = await Promise.all(Array.from({ length: 20 }, () => checkoutReq(p, store, cartId, { key })));
    expect(all.map((r) => r.status)).toEqual(Array(20).fill(201));
    for (const r of all) expect(r.body).toEqual(all[0]!.body);
    expect(await countRows(p, store.tenant.id, 'orders')).toBe(1);
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 5, reserved: 1 });
  });

  it('does not store failed attempts: a retry after a restock succeeds', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 1 });
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.updateTable('variants').set({ reserved: 1 }).where('id', '=', variantId).execute(),
    );
    const key = randomUUID();
    expect((await checkoutReq(p, store, cartId, { key })).status).toBe(409);
    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.updateTable('variants').set({ reserved: 0 }).where('id', '=', variantId).execute(),
    );
    expect((await checkoutReq(p, store, cartId, { key })).status).toBe(201);
  });
});

describe('checkout: errors', () => {
  it('requires a valid Idempotency-Key', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p);
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
    for (const key of [null, '', 'x'.repeat(256), 'bad key with spaces']) {
      const res = await checkoutReq(p, store, cartId, { key });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect(await countRows(p, store.tenant.id, 'orders')).toBe(0);
  });

  it('rejects bad bodies with 400 and writes nothing', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p);
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
    const bodies = [
      {},
      checkoutBody({ email: 'not-an-email' }),
      checkoutBody({ shippingAddress: { name: 'x' } }),
      checkoutBody({
        shippingAddress: { name: 'A', line1: 'B', city: 'C', postalCode: '1', country: 'USA' },
      }),
      checkoutBody({ total: 1 }),
      checkoutBody({ discountCode: 'NOPE' }),
      checkoutBody({ shippingRateId: randomUUID() }),
    ];
    for (const body of bodies) {
      const res = await checkoutReq(p, store, cartId, { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await countRows(p, store.tenant.id, 'orders')).toBe(0);
    expect(await countRows(p, store.tenant.id, 'idempotency_keys')).toBe(0);
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 10, reserved: 0 });
  });

  it('refuses an empty cart, an unknown cart and a country the store does not ship to', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p);
    const empty = await createCart(p, store, []);
    expect((await checkoutReq(p, store, empty)).status).toBe(400);
    expect((await checkoutReq(p, store, randomUUID())).status).toBe(404);
    await admin(p, store, 'POST', '/api/admin/shipping-rates', {
      name: 'Domestic',
      amount: 500,
      countries: ['US'],
    });
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
    const res = await checkoutReq(p, store, cartId, {
      body: checkoutBody({
        shippingAddress: { name: 'A', line1: 'B', city: 'C', postalCode: '1', country: 'JP' },
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('shippingAddress.country');
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 10, reserved: 0 });
  });

  it('rejects expired, future, inactive and below-minimum discount codes', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { price: 1000 });
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    await admin(p, store, 'POST', '/api/admin/discount-codes', {
      code: 'OLD',
      kind: 'fixed',
      value: 100,
      startsAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      endsAt: past,
    });
    await admin(p, store, 'POST', '/api/admin/discount-codes', {
      code: 'SOON',
      kind: 'fixed',
      value: 100,
      startsAt: future,
    });
    await admin(p, store, 'POST', '/api/admin/discount-codes', {
      code: 'OFF',
      kind: 'fixed',
      value: 100,
      active: false,
    });
    await admin(p, store, 'POST', '/api/admin/discount-codes', {
      code: 'BIG',
      kind: 'fixed',
      value: 100,
      minSubtotal: 5000,
    });
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
    for (const discountCode of ['OLD', 'SOON', 'OFF', 'BIG']) {
      const res = await checkoutReq(p, store, cartId, { body: checkoutBody({ discountCode }) });
      expect(res.status, discountCode).toBe(400);
      expect(res.body.error.issues[0].path).toBe('discountCode');
    }
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 10, reserved: 0 });
  });

  it('answers 409 insufficient_stock and reserves nothing when one of several lines is short', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 5 });
    const short = await addVariant(p, store, { stock: 2 });
    const cartId = await createCart(p, store, [
      { variantId, quantity: 3 },
      { variantId: short, quantity: 2 },
    ]);
    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.updateTable('variants').set({ stock: 1 }).where('id', '=', short).execute(),
    );
    const res = await checkoutReq(p, store, cartId);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('insufficient_stock');
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 5, reserved: 0 });
    expect(await countRows(p, store.tenant.id, 'reservations')).toBe(0);
    const cart = await request(p.app, 'GET', `/api/store/carts/${cartId}`, { host: store.host });
    expect(cart.body.status).toBe('active');
  });

  it("refuses another shopper's cart", async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p);
    const ada = await createTestCustomer(p.deps, store.tenant.id);
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }], ada.token);
    expect((await checkoutReq(p, store, cartId)).status).toBe(404);
  });
});
