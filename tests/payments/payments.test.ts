/**
 * Shopper card payments through Stripe Connect against the fake Stripe
 * server: onboarding and account.updated, the stripe provider chosen only for
 * charges-enabled stores, destination charge with the plan's application fee,
 * payment_intent.succeeded racing the shopper's return (one paid
 * transition), failed payments, refunds (partial, full, above captured),
 * disputes, and the product plan limit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { processStripeEvent } from '../../src/flows/stripe-events.js';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { AppError } from '../../src/lib/errors.js';
import { applicationFee } from '../../src/modules/entitlements/service.js';
import { checkoutProvider } from '../../src/modules/orders/payment-provider.js';
import { stripeProvider } from '../../src/modules/payments/stripe-provider.js';
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

async function setPlan(p: TestPlatform, tenantId: string, plan: string) {
  await withPlatformAccess(p.deps.db, (trx) =>
    trx.updateTable('tenants').set({ plan }).where('id', '=', tenantId).execute(),
  );
}

/** A store on `plan` with a fully onboarded Express account (via the API + account.updated). */
async function connectedStore(p: TestPlatform, plan = 'growth') {
  const store = await createTestStore(p.deps);
  await setPlan(p, store.tenant.id, plan);
  const res = await request(p.app, 'POST', '/api/admin/payments/connect', {
    host: store.host,
    token: store.owner.token,
  });
  expect(res.status).toBe(200);
  expect(res.body.url).toMatch(/^https:\/\/connect\.stripe\.test\/setup\//);
  const accountId: string = res.body.accountId;
  const acct = fake.enableAccount(accountId);
  await send(p, 'account.updated', acct, { account: accountId });
  return { store, accountId };
}

/** A pending order of 2 units (reserved) of a fresh product; returns order and variant. */
async function pendingOrder(p: TestPlatform, store: TestStore, total = 4998) {
  const product = await createTestProduct(p.deps, store.tenant.id);
  const variantId = product.variants[0]!.id;
  const tenantId = store.tenant.id;
  return withTenant(p.deps.db, tenantId, async (trx) => {
    const n = await trx
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const order = await trx
      .insertInto('orders')
      .values({
        tenant_id: tenantId,
        number: 5000 + Number(n.n),
        email: 'shopper@example.test',
        currency: 'USD',
        subtotal: total,
        total,
        shipping_address: JSON.stringify({
          name: 'A',
          line1: 'B',
          city: 'C',
          postalCode: '1',
          country: 'US',
        }),
        reservation_expires_at: new Date(Date.now() + 900_000),
      })
      .returning(['id', 'number', 'total', 'currency', 'email'])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('variants')
      .set({ reserved: 2 })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', variantId)
      .execute();
    await trx
      .insertInto('reservations')
      .values({
        tenant_id: tenantId,
        order_id: order.id,
        variant_id: variantId,
        quantity: 2,
        expires_at: new Date(Date.now() + 900_000),
      })
      .execute();
    await trx
      .insertInto('order_lines')
      .values({
        tenant_id: tenantId,
        order_id: order.id,
        variant_id: variantId,
        sku: 'X',
        title: 'X',
        quantity: 2,
        unit_price: total / 2,
        total,
      })
      .execute();
    return { order, variantId };
  });
}

async function orderState(p: TestPlatform, tenantId: string, orderId: string, variantId?: string) {
  return withTenant(p.deps.db, tenantId, async (trx) => ({
    order: await trx.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow(),
    events: await trx
      .selectFrom('order_events')
      .select(['type', 'data'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute(),
    payment: await trx
      .selectFrom('stripe_payments')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirst(),
    refunds: await trx.selectFrom('stripe_refunds').selectAll().where('order_id', '=', orderId).execute(),
    variant: variantId
      ? await trx
          .selectFrom('variants')
          .select(['stock', 'reserved'])
          .where('id', '=', variantId)
          .executeTakeFirstOrThrow()
      : undefined,
  }));
}

describe('application fee', () => {
  it('is total × basis points, rounded half up to a whole minor unit', () => {
    expect(applicationFee(4998, 100)).toBe(50); // 49.98 → 50
    expect(applicationFee(1950, 100)).toBe(20); // 19.5 → 20
    expect(applicationFee(1949, 100)).toBe(19); // 19.49 → 19
    expect(applicationFee(333, 50)).toBe(2); // 1.665 → 2
    expect(applicationFee(0, 200)).toBe(0);
    expect(applicationFee(100_000_000, 200)).toBe(2_000_000);
  });
});

describe('Connect onboarding', () => {
  it('creates one Express account per store and syncs its status from account.updated', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const a = await request(p.app, 'POST', '/api/admin/payments/connect', {
      host: store.host,
      token: store.owner.token,
    });
    const b = await request(p.app, 'POST', '/api/admin/payments/connect', {
      host: store.host,
      token: store.owner.token,
    });
    expect(a.status).toBe(200);
    expect(b.body.accountId).toBe(a.body.accountId);
    expect(fake.state.accounts.get(a.body.accountId)).toMatchObject({
      type: 'express',
      metadata: { tenant_id: store.tenant.id },
    });
    let status = await request(p.app, 'GET', '/api/admin/payments/status', {
      host: store.host,
      token: store.owner.token,
    });
    expect(status.body).toMatchObject({
      configured: true,
      provider: 'manual',
      cardPayments: false,
      account: { chargesEnabled: false },
    });
    const acct = fake.enableAccount(a.body.accountId);
    await send(p, 'account.updated', acct, { account: a.body.accountId });
    status = await request(p.app, 'GET', '/api/admin/payments/status', {
      host: store.host,
      token: store.owner.token,
    });
    expect(status.body).toMatchObject({
      provider: 'stripe',
      cardPayments: true,
      account: { chargesEnabled: true, payoutsEnabled: true },
    });
  });
});

describe('card payments', () => {
  it('a store without a connected account uses the manual provider and cannot take card payments (409)', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const { order } = await pendingOrder(p, store);
    const provider = await checkoutProvider({ deps: p.deps, tenantId: store.tenant.id });
    expect(provider.name).toBe('manual');
    const before = fake.state.paymentIntents.size;
    const err = await stripeProvider
      .createPayment({ deps: p.deps, tenantId: store.tenant.id }, order)
      .catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('payments_not_enabled');
    expect(err.status).toBe(409);
    expect(fake.state.paymentIntents.size).toBe(before);
    expect((await orderState(p, store.tenant.id, order.id)).payment).toBeUndefined();
  });

  it('creates one destination-charge PaymentIntent per order with the plan fee; replays return the same', async () => {
    const p = await platform;
    const { store, accountId } = await connectedStore(p, 'growth');
    const { order } = await pendingOrder(p, store, 4998);
    const provider = await checkoutProvider({ deps: p.deps, tenantId: store.tenant.id });
    expect(provider.name).toBe('stripe');
    const ctx = { deps: p.deps, tenantId: store.tenant.id };
    const first = await provider.createPayment(ctx, order);
    const again = await provider.createPayment(ctx, order);
    expect(first.provider).toBe('stripe');
    expect(first.clientSecret).toMatch(/^pi_.*_secret_/);
    expect(again.reference).toBe(first.reference);
    const pi = fake.state.paymentIntents.get(first.reference!)!;
    expect(pi).toMatchObject({
      amount: 4998,
      currency: 'usd',
      application_fee_amount: 50,
      transfer_data: { destination: accountId },
      metadata: { tenant_id: store.tenant.id, order_id: order.id },
    });
    const s = await orderState(p, store.tenant.id, order.id);
    expect(s.order).toMatchObject({
      status: 'pending_payment',
      payment_provider: 'stripe',
      payment_reference: pi.id,
    });
    expect(s.payment).toMatchObject({ amount: 4998, application_fee: 50, status: 'requires_payment' });
  });

  it('payment_intent.succeeded racing the shopper return → exactly one paid transition, stock consumed once', async () => {
    const p = await platform;
    const { store } = await connectedStore(p);
    const { order, variantId } = await pendingOrder(p, store);
    const created = await stripeProvider.createPayment({ deps: p.deps, tenantId: store.tenant.id }, order);
    fake.succeedPaymentIntent(created.reference!);
    const evt = fake.event('payment_intent.succeeded', fake.state.paymentIntents.get(created.reference!)!);
    const results = await Promise.all([
      deliverEvent(p.app, evt).then(() => processStripeEvent(p.deps, evt.id)),
      ...Array.from({ length: 4 }, () =>
        request(p.app, 'POST', `/api/store/payments/${order.id}/confirm`, { host: store.host }),
      ),
      deliverEvent(p.app, evt).then(() => processStripeEvent(p.deps, evt.id)),
    ]);
    expect(results).toHaveLength(6);
    const s = await orderState(p, store.tenant.id, order.id, variantId);
    expect(s.order.status).toBe('paid');
    expect(s.events.filter((e) => e.type === 'paid')).toHaveLength(1);
    expect(s.payment!.status).toBe('succeeded');
    expect(s.payment!.charge_id).toMatch(/^ch_/);
    expect(s.variant).toEqual({ stock: 8, reserved: 0 });
    const confirm = await request(p.app, 'POST', `/api/store/payments/${order.id}/confirm`, {
      host: store.host,
    });
    expect(confirm.body.status).toBe('already_paid');
  });

  it('a failed payment leaves the order pending with a payment_failed event', async () => {
    const p = await platform;
    const { store } = await connectedStore(p);
    const { order, variantId } = await pendingOrder(p, store);
    const created = await stripeProvider.createPayment({ deps: p.deps, tenantId: store.tenant.id }, order);
    const pi = fake.failPaymentIntent(created.reference!);
    const r = await send(p, 'payment_intent.payment_failed', pi);
    expect(r?.outcome).toBe('recorded_failure');
    const s = await orderState(p, store.tenant.id, order.id, variantId);
    expect(s.order.status).toBe('pending_payment');
    expect(s.events.map((e) => e.type)).toEqual(['payment_failed']);
    expect(s.variant).toEqual({ stock: 10, reserved: 2 });
    const confirm = await request(p.app, 'POST', `/api/store/payments/${order.id}/confirm`, {
      host: store.host,
    });
    expect(confirm.body.status).toBe('failed');
  });

  it('confirm without a card payment: 409 payments_not_enabled when the store takes no cards, else 404', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const { order } = await pendingOrder(p, store);
    const res = await request(p.app, 'POST', `/api/store/payments/${order.id}/confirm`, { host: store.host });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('payments_not_enabled');
    expect(res.body.error.message).toMatch(/cannot take card payments/);
    const { store: connected } = await connectedStore(p);
    const cross = await request(p.app, 'POST', `/api/store/payments/${order.id}/confirm`, {
      host: connected.host,
    });
    expect(cross.status).toBe(404);
    const s = await orderState(p, store.tenant.id, order.id);
    expect(s.order.status).toBe('pending_payment');
  });
});

async function paidOrder(p: TestPlatform, total = 10_000) {
  const { store, accountId } = await connectedStore(p);
  const { order, variantId } = await pendingOrder(p, store, total);
  const created = await stripeProvider.createPayment({ deps: p.deps, tenantId: store.tenant.id }, order);
  await send(p, 'payment_intent.succeeded', fake.succeedPaymentIntent(created.reference!));
  return { store, accountId, order, variantId, pi: created.reference! };
}

async function refund(
  p: TestPlatform,
  store: TestStore,
  order: { id: string; number: number; total: number; currency: string; email: string },
  amount: number,
) {
  return withTenant(p.deps.db, store.tenant.id, (trx) =>
    stripeProvider.refund(
      { deps: p.deps, tenantId: store.tenant.id, trx },
      { order: { ...order, paymentReference: null }, amount },
    ),
  );
}

describe('refunds through Stripe', () => {
  it('partial then full: Stripe refunds and local amounts agree', async () => {
    const p = await platform;
    const { store, order, pi } = await paidOrder(p, 10_000);
    const r1 = await refund(p, store, order, 2_500);
    expect(r1.reference).toMatch(/^re_/);
    let s = await orderState(p, store.tenant.id, order.id);
    expect(s.payment!.amount_refunded).toBe(2_500);
    const r2 = await refund(p, store, order, 7_500);
    s = await orderState(p, store.tenant.id, order.id);
    expect(s.payment!.amount_refunded).toBe(10_000);
    expect(s.refunds.map((r) => r.amount).sort()).toEqual([2_500, 7_500]);
    expect(r2.reference).not.toBe(r1.reference);
    const charge = fake.state.charges.get(fake.state.paymentIntents.get(pi)!.latest_charge as string)!;
    expect(charge).toMatchObject({ amount_refunded: 10_000, refunded: true });
    // charge.refunded arriving afterwards changes nothing.
    const sync = await send(p, 'charge.refunded', charge);
    expect(sync?.outcome).toBe('noop');
  });

  it('above the captured amount → 400 on amount, nothing refunded', async () => {
    const p = await platform;
    const { store, order } = await paidOrder(p, 3_000);
    await refund(p, store, order, 1_000);
    const before = fake.state.refunds.size;
    const err = await refund(p, store, order, 2_001).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(400);
    expect(err.issues[0].path).toBe('amount');
    expect(fake.state.refunds.size).toBe(before);
    const s = await orderState(p, store.tenant.id, order.id);
    expect(s.payment!.amount_refunded).toBe(1_000);
    expect(s.refunds).toHaveLength(1);
  });

  it('refunding an unpaid card order → 409 invalid_state', async () => {
    const p = await platform;
    const { store } = await connectedStore(p);
    const { order } = await pendingOrder(p, store);
    await stripeProvider.createPayment({ deps: p.deps, tenantId: store.tenant.id }, order);
    const err = await refund(p, store, order, 100).catch((e) => e);
    expect(err.code).toBe('invalid_state');
  });

  it('a refund made in the Stripe dashboard is synced by charge.refunded (raise only)', async () => {
    const p = await platform;
    const { store, order, pi } = await paidOrder(p, 5_000);
    const charge = fake.state.charges.get(fake.state.paymentIntents.get(pi)!.latest_charge as string)!;
    const r = await send(p, 'charge.refunded', { ...charge, amount_refunded: 1_200 });
    expect(r?.outcome).toBe('refund_synced');
    const older = await send(p, 'charge.refunded', { ...charge, amount_refunded: 500 });
    expect(older?.outcome).toBe('noop');
    const s = await orderState(p, store.tenant.id, order.id);
    expect(s.payment!.amount_refunded).toBe(1_200);
  });
});

describe('disputes', () => {
  it('charge.dispute.created flags the payment and adds one order event', async () => {
    const p = await platform;
    const { store, order, pi } = await paidOrder(p);
    const charge = fake.state.paymentIntents.get(pi)!.latest_charge as string;
    const dispute = {
      id: 'dp_test1',
      object: 'dispute',
      amount: 10_000,
      charge,
      payment_intent: pi,
      reason: 'fraudulent',
      status: 'needs_response',
    };
    expect((await send(p, 'charge.dispute.created', dispute))?.outcome).toBe('order_flagged');
    expect((await send(p, 'charge.dispute.created', dispute))?.outcome).toBe('noop');
    const s = await orderState(p, store.tenant.id, order.id);
    expect(s.payment).toMatchObject({ disputed: true, dispute_id: 'dp_test1', dispute_reason: 'fraudulent' });
    expect(s.events.filter((e) => e.type === 'dispute_opened')).toHaveLength(1);
  });
});

describe('plan limits', () => {
  it('a product beyond the plan limit → 409 plan_limit_reached, nothing written', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    await setPlan(p, store.tenant.id, 'starter');
    await withTenant(p.deps.db, store.tenant.id, async (trx) => {
      await trx
        .insertInto('products')
        .values(
          Array.from({ length: 100 }, (_, i) => ({
            tenant_id: store.tenant.id,
            handle: `bulk-${i}`,
            title: `Bulk ${i}`,
            updated_at: new Date(),
          })),
        )
        .execute();
    });
    const err = await createTestProduct(p.deps, store.tenant.id, { title: 'One too many' }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('plan_limit_reached');
    expect(err.status).toBe(409);
    expect(err.message).toMatch(/starter plan allows 100 products/);
    const n = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('products')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    expect(Number(n.n)).toBe(100);
    await setPlan(p, store.tenant.id, 'growth');
    const ok = await createTestProduct(p.deps, store.tenant.id, { title: 'Fits now' });
    expect(ok.title).toBe('Fits now');
  });
});
