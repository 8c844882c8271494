/**
 * Issue #13: a store with both Stripe and manual payment lets the shopper
 * choose at checkout, and the order follows the choice — its provider, its
 * hold (card: the short one; manual: the hold days) and the order page (card
 * form or payment instructions). Without a choice the store's default (card)
 * stays, as v1 clients expect; "card" in a store without Stripe is a 400 and
 * nothing is written. The storefront checkout offers the choice as radios.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { processStripeEvent } from '../../src/flows/stripe-events.js';
import { withTenant } from '../../src/lib/db/index.js';
import { updateManualSettings } from '../../src/modules/payment-settings/service.js';
import { hiddenValue, PageClient } from '../storefront/browser-like.js';
import { seedShop } from '../storefront/fixture.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { deliverEvent, startFakeStripe } from '../support/fake-stripe.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

const fake = await startFakeStripe();
afterAll(() => fake.close());
const platform = testPlatform({ env: { ...fake.env, STRIPE_PUBLISHABLE_KEY: 'pk_test_storeloom' } });

async function connectStripe(p: TestPlatform, store: TestStore) {
  const connect = await request(p.app, 'POST', '/api/admin/payments/connect', {
    host: store.host,
    token: store.owner.token,
  });
  const evt = fake.event('account.updated', fake.enableAccount(connect.body.accountId), {
    account: connect.body.accountId,
  });
  expect((await deliverEvent(p.app, evt)).status).toBe(200);
  await processStripeEvent(p.deps, evt.id);
}

async function checkout(p: TestPlatform, store: TestStore, paymentMethod?: 'card' | 'manual') {
  const product = await createTestProduct(p.deps, store.tenant.id);
  const cart = await request(p.app, 'POST', '/api/store/carts', { host: store.host });
  await request(p.app, 'POST', `/api/store/carts/${cart.body.id}/items`, {
    host: store.host,
    body: { variantId: product.variants[0]!.id, quantity: 1 },
  });
  return request(p.app, 'POST', `/api/store/carts/${cart.body.id}/checkout`, {
    host: store.host,
    headers: { 'idempotency-key': `k-${cart.body.id}` },
    body: {
      email: 'ada@example.test',
      shippingAddress: {
        name: 'Ada',
        line1: '1 Main St',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
      ...(paymentMethod ? { paymentMethod } : {}),
    },
  });
}

async function orderRow(p: TestPlatform, store: TestStore, id: string) {
  return withTenant(p.deps.db, store.tenant.id, (trx) =>
    trx
      .selectFrom('orders')
      .select(['payment_provider', 'placed_at', 'reservation_expires_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  );
}

const holdHours = (r: { placed_at: Date; reservation_expires_at: Date | null }) =>
  (r.reservation_expires_at!.getTime() - r.placed_at.getTime()) / 3_600_000;

describe('payment choice at checkout', () => {
  it('the order follows the choice when the store takes card and manual payment', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    await connectStripe(p, store);
    await updateManualSettings(
      p.deps.db,
      store.tenant.id,
      { manual: { enabled: true, holdDays: 5 } },
      new Date(),
    );

    const manual = await checkout(p, store, 'manual');
    expect(manual.status).toBe(201);
    expect(manual.body.payment).toEqual({ provider: 'manual' });
    const m = await orderRow(p, store, manual.body.order.id);
    expect(m.payment_provider).toBe('manual');
    expect(holdHours(m)).toBe(5 * 24);
    const page = await request(p.app, 'GET', `/orders/${manual.body.order.id}/confirmation`, {
      host: store.host,
      headers: { accept: 'text/html' },
    });
    expect(page.text).not.toContain('https://js.stripe.com/v3/');

    const card = await checkout(p, store, 'card');
    expect(card.body.payment.provider).toBe('stripe');
    expect(card.body.payment.clientSecret).toBeTruthy();
    const c = await orderRow(p, store, card.body.order.id);
    expect(c.payment_provider).toBe('stripe');
    expect(holdHours(c)).toBeLessThan(1);

    // No choice: the store's default, card.
    expect((await checkout(p, store)).body.payment.provider).toBe('stripe');
  });

  it('"card" in a store without Stripe is refused and writes nothing', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const res = await checkout(p, store, 'card');
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('payment');
    const orders = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.selectFrom('orders').select('id').execute(),
    );
    expect(orders).toEqual([]);
  });

  it('the storefront checkout offers the choice and places a manual order when chosen', async () => {
    const p = await platform;
    const shop = await seedShop(p.deps);
    await connectStripe(p, shop.store);
    const client = new PageClient(p.app, shop.store.host);
    const product = await client.get(`/products/${shop.mug.handle}`);
    await client.post('/cart/items', {
      _csrf: hiddenValue(product.text, '_csrf') ?? '',
      handle: shop.mug.handle,
      variantId: shop.mug.variants[0]!.id,
      quantity: '1',
    });
    const form = await client.get('/checkout');
    expect(form.text).toMatch(/<input type="radio" id="pay-card" name="paymentMethod" value="card" checked/);
    expect(form.text).toContain('id="pay-manual"');
    const placed = await client.post('/checkout', {
      _csrf: hiddenValue(form.text, '_csrf')!,
      idempotencyKey: hiddenValue(form.text, 'idempotencyKey')!,
      cartId: hiddenValue(form.text, 'cartId')!,
      email: 'sam@example.test',
      name: 'Sam',
      line1: '5 Market St',
      city: 'Boston',
      region: 'MA',
      postalCode: '02108',
      country: 'US',
      shippingRateId: shop.shippingRateId,
      paymentMethod: 'manual',
    });
    expect(placed.status).toBe(303);
    const orderId = /\/orders\/([0-9a-f-]{36})\//.exec(placed.location!)![1]!;
    expect((await orderRow(p, shop.store, orderId)).payment_provider).toBe('manual');
  });
});
