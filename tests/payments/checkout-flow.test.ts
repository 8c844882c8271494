/**
 * The card path through the real HTTP API: cart → checkout (Idempotency-Key)
 * picks the stripe provider for a connected store and returns the client
 * secret; the shopper confirms with Stripe (fake); payment_intent.succeeded
 * marks the order paid once; refunds from the admin go through Stripe
 * (partial, then the rest with restock); a refund above what is left → 400
 * with nothing changed. A store without a connected account checks out with
 * the manual provider.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { processStripeEvent } from '../../src/flows/stripe-events.js';
import { withTenant } from '../../src/lib/db/index.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { deliverEvent, startFakeStripe } from '../support/fake-stripe.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

const fake = await startFakeStripe();
afterAll(() => fake.close());
const platform = testPlatform({ env: fake.env });

async function send(
  p: TestPlatform,
  type: string,
  object: Record<string, unknown>,
  opts: { account?: string } = {},
) {
  const evt = fake.event(type, object, opts);
  expect((await deliverEvent(p.app, evt)).status).toBe(200);
  return processStripeEvent(p.deps, evt.id);
}

async function checkout(p: TestPlatform, store: TestStore, quantity = 2) {
  const product = await createTestProduct(p.deps, store.tenant.id);
  const variantId = product.variants[0]!.id;
  const cart = await request(p.app, 'POST', '/api/store/carts', { host: store.host });
  expect(cart.status).toBe(201);
  const add = await request(p.app, 'POST', `/api/store/carts/${cart.body.id}/items`, {
    host: store.host,
    body: { variantId, quantity },
  });
  expect(add.status).toBe(200);
  const res = await request(p.app, 'POST', `/api/store/carts/${cart.body.id}/checkout`, {
    host: store.host,
    headers: { 'idempotency-key': `k-${cart.body.id}` },
    body: {
      email: 'shopper@example.test',
      shippingAddress: {
        name: 'Ada',
        line1: '1 Main St',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
    },
  });
  expect(res.status).toBe(201);
  return { res, variantId };
}

const stock = (p: TestPlatform, store: TestStore, variantId: string) =>
  withTenant(p.deps.db, store.tenant.id, (trx) =>
    trx
      .selectFrom('variants')
      .select(['stock', 'reserved'])
      .where('id', '=', variantId)
      .executeTakeFirstOrThrow(),
  );

describe('card checkout through the API', () => {
  it('checkout → Stripe PaymentIntent → paid by webhook → partial and full refund through Stripe', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const connect = await request(p.app, 'POST', '/api/admin/payments/connect', {
      host: store.host,
      token: store.owner.token,
    });
    await send(p, 'account.updated', fake.enableAccount(connect.body.accountId), {
      account: connect.body.accountId,
    });

    const { res, variantId } = await checkout(p, store);
    const { order, payment } = res.body;
    expect(payment.provider).toBe('stripe');
    expect(payment.clientSecret).toMatch(/_secret_/);
    const piId = payment.clientSecret.split('_secret_')[0];
    const pi = fake.state.paymentIntents.get(piId)!;
    expect(pi.amount).toBe(order.total);
    expect(pi.application_fee_amount).toBe(Math.floor((order.total * 200 + 5000) / 10000));
    expect(await stock(p, store, variantId)).toEqual({ stock: 10, reserved: 2 });

    await send(p, 'payment_intent.succeeded', fake.succeedPaymentIntent(piId));
    const admin = { host: store.host, token: store.owner.token };
    let detail = await request(p.app, 'GET', `/api/admin/orders/${order.id}`, admin);
    expect(detail.body.status).toBe('paid');
    expect(await stock(p, store, variantId)).toEqual({ stock: 8, reserved: 0 });

    const part = await request(p.app, 'POST', `/api/admin/orders/${order.id}/refund`, {
      ...admin,
      body: { amount: 1000 },
    });
    expect(part.status).toBe(200);
    expect(part.body.status).toBe('partially_refunded');
    const left = order.total - 1000;
    const tooMuch = await request(p.app, 'POST', `/api/admin/orders/${order.id}/refund`, {
      ...admin,
      body: { amount: left + 1 },
    });
    expect(tooMuch.status).toBe(400);
    detail = await request(p.app, 'GET', `/api/admin/orders/${order.id}`, admin);
    expect(detail.body.status).toBe('partially_refunded');
    const rest = await request(p.app, 'POST', `/api/admin/orders/${order.id}/refund`, {
      ...admin,
      body: { amount: left, restock: true },
    });
    expect(rest.status).toBe(200);
    expect(rest.body.status).toBe('refunded');
    expect(await stock(p, store, variantId)).toEqual({ stock: 10, reserved: 0 });
    const charge = fake.state.charges.get(fake.state.paymentIntents.get(piId)!.latest_charge as string)!;
    expect(charge).toMatchObject({ amount_refunded: order.total, refunded: true });
    const refunds = [...fake.state.refunds.values()]
      .filter((r) => r.payment_intent === piId)
      .map((r) => r.amount);
    expect(refunds).toEqual([1000, left]);
  });

  it('a store without a connected account checks out with the manual provider', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const before = fake.state.paymentIntents.size;
    const { res } = await checkout(p, store, 1);
    expect(res.body.payment).toEqual({ provider: 'manual' });
    expect(fake.state.paymentIntents.size).toBe(before);
  });
});
