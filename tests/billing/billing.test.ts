/**
 * Merchant billing end to end against the fake Stripe server: plan checkout
 * (one customer per store), portal, the subscription state machine driven by
 * signed webhooks (in and out of order), grace period → suspension → payment
 * → reactivation with a controlled clock, admin read-only while suspended,
 * console MRR, and the not-configured mode.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { processStripeEvent } from '../../src/flows/stripe-events.js';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { runBillingMaintenance } from '../../src/modules/billing/maintenance.js';
import { addMember, createTestStore, createTestUser, type TestStore } from '../support/factories.js';
import { deliverEvent, startFakeStripe } from '../support/fake-stripe.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

const fake = await startFakeStripe();
afterAll(() => fake.close());
const platform = testPlatform({ env: fake.env });
const unconfigured = testPlatform();
/** Webhook secret only: events cannot be re-read from Stripe, so ordering falls back to `created`. */
const webhookOnly = testPlatform({
  env: { STRIPE_WEBHOOK_SECRET: fake.env.STRIPE_WEBHOOK_SECRET!, STRIPE_PRICE_PRO: 'price_pro_test' },
});
const DAY = 86_400_000;
const only = (s: TestStore) => ({ tenantIds: [s.tenant.id] });

async function send(
  p: TestPlatform,
  type: string,
  object: Record<string, unknown>,
  opts: { created?: number } = {},
  now?: Date,
) {
  const evt = fake.event(type, object, opts);
  const res = await deliverEvent(p.app, evt);
  expect(res.status).toBe(200);
  return processStripeEvent(p.deps, evt.id, now);
}

async function state(p: TestPlatform, tenantId: string) {
  return withTenant(p.deps.db, tenantId, async (trx) => ({
    tenant: await trx.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirstOrThrow(),
    sub: await trx
      .selectFrom('subscriptions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst(),
  }));
}

/** Store → checkout (creates the Stripe customer) → subscription in the fake. */
async function subscribedStore(p: TestPlatform, plan: 'starter' | 'growth' | 'pro' = 'growth') {
  const store = await createTestStore(p.deps);
  const res = await request(p.app, 'POST', '/api/admin/billing/checkout', {
    host: store.host,
    token: store.owner.token,
    body: { plan },
  });
  expect(res.status).toBe(200);
  const { sub } = await state(p, store.tenant.id);
  const customer = sub!.stripe_customer_id!;
  const stripeSub = fake.upsertSubscription({
    customer,
    price: `price_${plan}_test`,
    status: 'active',
    tenantId: store.tenant.id,
  });
  return { store, customer, stripeSub };
}

function invoice(subId: string, customer: string) {
  return {
    id: `in_${Math.random().toString(36).slice(2)}`,
    object: 'invoice',
    customer,
    status: 'paid',
    parent: { type: 'subscription_details', subscription_details: { subscription: subId, metadata: {} } },
  };
}

describe('plan checkout and portal', () => {
  it('opens Stripe Checkout in subscription mode with the plan price, one customer per store', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const a = await request(p.app, 'POST', '/api/admin/billing/checkout', {
      host: store.host,
      token: store.owner.token,
      body: { plan: 'starter' },
    });
    expect(a.status).toBe(200);
    expect(a.body.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    const b = await request(p.app, 'POST', '/api/admin/billing/checkout', {
      host: store.host,
      token: store.owner.token,
      body: { plan: 'pro' },
    });
    expect(b.status).toBe(200);
    const sessions = [...fake.state.checkoutSessions.values()].filter(
      (s) => s.client_reference_id === store.tenant.id,
    );
    expect(sessions).toHaveLength(2);
    expect(sessions.map((s) => s.mode)).toEqual(['subscription', 'subscription']);
    expect(sessions[0]!.customer).toBe(sessions[1]!.customer);
    expect((sessions[0]!.line_items_input as { price: string }[])[0]!.price).toBe('price_starter_test');
    const customers = [...fake.state.customers.values()].filter(
      (c) => (c.metadata as Record<string, string>).tenant_id === store.tenant.id,
    );
    expect(customers).toHaveLength(1);
    const portal = await request(p.app, 'POST', '/api/admin/billing/portal', {
      host: store.host,
      token: store.owner.token,
    });
    expect(portal.status).toBe(200);
    expect(portal.body.url).toMatch(/^https:\/\/billing\.stripe\.test\//);
  });

  it('concurrent checkouts still create one Stripe customer', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const rs = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(p.app, 'POST', '/api/admin/billing/checkout', {
          host: store.host,
          token: store.owner.token,
          body: { plan: 'growth' },
        }),
      ),
    );
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const customers = [...fake.state.customers.values()].filter(
      (c) => (c.metadata as Record<string, string>).tenant_id === store.tenant.id,
    );
    expect(customers).toHaveLength(1);
  });

  it('unknown plan → 400 on plan, nothing created at Stripe', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const before = fake.requests.length;
    const res = await request(p.app, 'POST', '/api/admin/billing/checkout', {
      host: store.host,
      token: store.owner.token,
      body: { plan: 'platinum' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.issues[0].path).toBe('plan');
    expect(fake.requests.length).toBe(before);
    expect((await state(p, store.tenant.id)).sub).toBeUndefined();
  });

  it('rejects extra fields and non-owners', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const extra = await request(p.app, 'POST', '/api/admin/billing/checkout', {
      host: store.host,
      token: store.owner.token,
      body: { plan: 'starter', price: 'price_cheap' },
    });
    expect(extra.status).toBe(400);
    const admin = await addMember(p.deps, store.tenant.id, 'admin');
    const res = await request(p.app, 'POST', '/api/admin/billing/checkout', {
      host: store.host,
      token: admin.token,
      body: { plan: 'starter' },
    });
    expect(res.status).toBe(403);
  });
});

describe('subscription state from webhooks', () => {
  it('checkout.session.completed → active on the chosen plan; entitlements follow', async () => {
    const p = await platform;
    const { store, customer, stripeSub } = await subscribedStore(p, 'growth');
    const session = [...fake.state.checkoutSessions.values()].find(
      (s) => s.client_reference_id === store.tenant.id,
    )!;
    const r = await send(p, 'checkout.session.completed', {
      ...session,
      subscription: stripeSub.id,
      status: 'complete',
    });
    expect(r?.outcome).toBe('applied:active');
    const s = await state(p, store.tenant.id);
    expect(s.tenant.plan).toBe('growth');
    expect(s.sub).toMatchObject({
      status: 'active',
      plan: 'growth',
      stripe_subscription_id: stripeSub.id,
      stripe_customer_id: customer,
    });
    const overview = await request(p.app, 'GET', '/api/admin/billing', {
      host: store.host,
      token: store.owner.token,
    });
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({
      configured: true,
      plan: 'growth',
      status: 'active',
      entitlements: { productLimit: 1000, staffSeats: 5, transactionFeeBp: 100, customDomain: true },
      banner: { kind: 'none' },
    });
    // A second Checkout would create a second subscription: plan changes go through the portal.
    const again = await request(p.app, 'POST', '/api/admin/billing/checkout', {
      host: store.host,
      token: store.owner.token,
      body: { plan: 'pro' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_state');
  });

  it('out of order: subscription.updated before created → the current state wins', async () => {
    const p = await platform;
    const { store, customer, stripeSub } = await subscribedStore(p, 'pro');
    const t = Math.floor(Date.now() / 1000);
    const created = { ...stripeSub, status: 'incomplete' };
    // Stripe's current state: active on pro. The later event arrives first.
    await send(p, 'customer.subscription.updated', stripeSub, { created: t + 10 });
    await send(p, 'customer.subscription.created', created, { created: t });
    const s = await state(p, store.tenant.id);
    expect(s.sub).toMatchObject({ status: 'active', plan: 'pro', stripe_customer_id: customer });
    expect(s.sub!.last_event_created).toBe(t + 10);
    expect(s.tenant.plan).toBe('pro');
  });

  it('out of order without re-reading (no API key): an older event than the last applied changes nothing', async () => {
    const p = await webhookOnly;
    const store = await createTestStore(p.deps);
    const t = Math.floor(Date.now() / 1000);
    const base = {
      id: `sub_${store.tenant.id.slice(0, 8)}`,
      object: 'subscription',
      customer: 'cus_x',
      metadata: { tenant_id: store.tenant.id },
    };
    const items = {
      object: 'list',
      data: [{ id: 'si_1', price: { id: 'price_pro_test' }, current_period_end: t + 86400 }],
    };
    const newer = await send(
      p,
      'customer.subscription.updated',
      { ...base, status: 'active', items },
      { created: t + 10 },
    );
    expect(newer?.outcome).toBe('applied:active');
    const older = await send(
      p,
      'customer.subscription.created',
      { ...base, status: 'trialing', items },
      { created: t },
    );
    expect(older?.outcome).toBe('stale');
    const s = await state(p, store.tenant.id);
    expect(s.sub).toMatchObject({ status: 'active', plan: 'pro', last_event_created: t + 10 });
  });

  it('out of order: invoice.paid before invoice.created → active (invoice.created ignored)', async () => {
    const p = await platform;
    const { store, customer, stripeSub } = await subscribedStore(p, 'starter');
    const inv = invoice(stripeSub.id, customer);
    const paid = await send(p, 'invoice.paid', inv);
    expect(paid?.outcome).toBe('applied:active');
    const createdEvt = await send(p, 'invoice.created', { ...inv, status: 'draft' });
    expect(createdEvt?.outcome).toBe('ignored:unhandled_type');
    const s = await state(p, store.tenant.id);
    expect(s.sub).toMatchObject({ status: 'active', plan: 'starter' });
  });

  it('past_due → grace banner → suspension after grace → invoice.paid reactivates (controlled clock)', async () => {
    const p = await platform;
    const { store, customer, stripeSub } = await subscribedStore(p, 'growth');
    await send(p, 'customer.subscription.created', stripeSub);
    const t0 = new Date('2030-03-01T12:00:00Z');
    fake.upsertSubscription({ id: stripeSub.id, customer, price: 'price_growth_test', status: 'past_due' });
    const failed = await send(
      p,
      'invoice.payment_failed',
      { ...invoice(stripeSub.id, customer), status: 'open' },
      {},
      t0,
    );
    expect(failed?.outcome).toBe('applied:past_due');
    let s = await state(p, store.tenant.id);
    expect(s.sub!.status).toBe('past_due');
    expect(s.sub!.grace_ends_at!.toISOString()).toBe(new Date(t0.getTime() + 7 * DAY).toISOString());
    const banner = await request(p.app, 'GET', '/api/admin/billing', {
      host: store.host,
      token: store.owner.token,
    });
    expect(banner.body.banner.kind).toBe('past_due');
    expect(banner.body.graceEndsAt).toBe('2030-03-08T12:00:00.000Z');

    // Day 6: still in grace.
    expect(
      (await runBillingMaintenance(p.deps, new Date(t0.getTime() + 6 * DAY), only(store))).suspended,
    ).not.toContain(store.tenant.id);
    expect((await state(p, store.tenant.id)).tenant.status).toBe('active');
    // Day 7 + 1 s: suspended for billing.
    const m = await runBillingMaintenance(p.deps, new Date(t0.getTime() + 7 * DAY + 1000), only(store));
    expect(m.suspended).toContain(store.tenant.id);
    s = await state(p, store.tenant.id);
    expect(s.tenant).toMatchObject({ status: 'suspended', suspended_reason: 'billing' });
    // Storefront API 503, admin writes refused, billing still reachable.
    const storeApi = await request(p.app, 'GET', '/api/store/anything', { host: store.host });
    expect(storeApi.status).toBe(503);
    const write = await request(p.app, 'POST', '/api/admin/payments/connect', {
      host: store.host,
      token: store.owner.token,
    });
    expect(write.status).toBe(409);
    expect(write.body.error.code).toBe('store_suspended_billing');
    const read = await request(p.app, 'GET', '/api/admin/billing', {
      host: store.host,
      token: store.owner.token,
    });
    expect(read.status).toBe(200);
    expect(read.body.banner.kind).toBe('suspended');
    const portal = await request(p.app, 'POST', '/api/admin/billing/portal', {
      host: store.host,
      token: store.owner.token,
    });
    expect(portal.status).toBe(200);
    // Running maintenance again changes nothing.
    expect(
      (await runBillingMaintenance(p.deps, new Date(t0.getTime() + 8 * DAY), only(store))).suspended,
    ).not.toContain(store.tenant.id);

    // The merchant pays: Stripe marks the subscription active and sends invoice.paid.
    fake.upsertSubscription({ id: stripeSub.id, customer, price: 'price_growth_test', status: 'active' });
    const paid = await send(
      p,
      'invoice.paid',
      invoice(stripeSub.id, customer),
      {},
      new Date(t0.getTime() + 9 * DAY),
    );
    expect(paid?.outcome).toBe('applied:active');
    s = await state(p, store.tenant.id);
    expect(s.tenant).toMatchObject({ status: 'active', suspended_reason: null });
    expect(s.sub).toMatchObject({ status: 'active', grace_ends_at: null });
    const after = await request(p.app, 'GET', '/api/admin/billing', {
      host: store.host,
      token: store.owner.token,
    });
    expect(after.body.banner.kind).toBe('none');
  });

  it('a trial that ends without a subscription suspends the store; one with a later end does not', async () => {
    const p = await platform;
    const ended = await createTestStore(p.deps);
    const running = await createTestStore(p.deps);
    const now = new Date('2031-01-15T00:00:00Z');
    await withPlatformAccess(p.deps.db, async (trx) => {
      await trx
        .updateTable('tenants')
        .set({ trial_ends_at: new Date(now.getTime() - 1000) })
        .where('id', '=', ended.tenant.id)
        .execute();
      await trx
        .updateTable('tenants')
        .set({ trial_ends_at: new Date(now.getTime() + DAY) })
        .where('id', '=', running.tenant.id)
        .execute();
    });
    const r = await runBillingMaintenance(p.deps, now, { tenantIds: [ended.tenant.id, running.tenant.id] });
    expect(r.suspended).toContain(ended.tenant.id);
    expect(r.suspended).not.toContain(running.tenant.id);
    expect((await state(p, ended.tenant.id)).tenant).toMatchObject({
      status: 'suspended',
      suspended_reason: 'billing',
    });
    expect((await state(p, running.tenant.id)).tenant.status).toBe('active');
  });

  it('customer.subscription.deleted → canceled and suspended; a new subscription reactivates', async () => {
    const p = await platform;
    const { store, customer, stripeSub } = await subscribedStore(p, 'starter');
    await send(p, 'customer.subscription.created', stripeSub);
    const canceled = fake.upsertSubscription({
      id: stripeSub.id,
      customer,
      price: 'price_starter_test',
      status: 'canceled',
    });
    await send(p, 'customer.subscription.deleted', canceled);
    let s = await state(p, store.tenant.id);
    expect(s.sub!.status).toBe('canceled');
    expect(s.tenant.status).toBe('suspended');
    const again = fake.upsertSubscription({
      customer,
      price: 'price_pro_test',
      status: 'active',
      tenantId: store.tenant.id,
    });
    await send(p, 'customer.subscription.created', again);
    s = await state(p, store.tenant.id);
    expect(s.sub).toMatchObject({ status: 'active', plan: 'pro', stripe_subscription_id: again.id });
    expect(s.tenant.status).toBe('active');
  });
});

describe('console billing', () => {
  it('shows plan, status and MRR per store and the total to platform admins only', async () => {
    const p = await platform;
    const { store, stripeSub } = await subscribedStore(p, 'pro');
    await send(p, 'customer.subscription.created', stripeSub);
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const res = await request(p.app, 'GET', '/api/console/billing', { token: admin.token });
    expect(res.status).toBe(200);
    const row = res.body.items.find((i: { tenantId: string }) => i.tenantId === store.tenant.id);
    expect(row).toMatchObject({ plan: 'pro', status: 'active', mrr: 29900 });
    const sum = res.body.items.reduce((t: number, i: { mrr: number }) => t + i.mrr, 0);
    expect(res.body.totalMrr).toBe(sum);
    const merchant = await request(p.app, 'GET', '/api/console/billing', { token: store.owner.token });
    expect(merchant.status).toBe(403);
    expect((await request(p.app, 'GET', '/api/console/billing')).status).toBe(401);
  });
});

describe('without Stripe keys', () => {
  it('billing answers 503 not_configured, the store is on the developer plan and never suspended', async () => {
    const p = await unconfigured;
    const store: TestStore = await createTestStore(p.deps);
    const checkout = await request(p.app, 'POST', '/api/admin/billing/checkout', {
      host: store.host,
      token: store.owner.token,
      body: { plan: 'starter' },
    });
    expect(checkout.status).toBe(503);
    expect(checkout.body.error.code).toBe('not_configured');
    expect(checkout.body.error.message).toMatch(/Billing is not configured/);
    const portal = await request(p.app, 'POST', '/api/admin/billing/portal', {
      host: store.host,
      token: store.owner.token,
    });
    expect(portal.status).toBe(503);
    const overview = await request(p.app, 'GET', '/api/admin/billing', {
      host: store.host,
      token: store.owner.token,
    });
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({
      configured: false,
      plan: 'developer',
      status: 'developer',
      banner: { kind: 'not_configured' },
      entitlements: { productLimit: null, transactionFeeBp: 0 },
    });
    await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .updateTable('tenants')
        .set({ trial_ends_at: new Date(Date.now() - DAY) })
        .where('id', '=', store.tenant.id)
        .execute(),
    );
    expect((await runBillingMaintenance(p.deps, new Date(), only(store))).suspended).toEqual([]);
    const connect = await request(p.app, 'POST', '/api/admin/payments/connect', {
      host: store.host,
      token: store.owner.token,
    });
    expect(connect.status).toBe(503);
    const status = await request(p.app, 'GET', '/api/admin/payments/status', {
      host: store.host,
      token: store.owner.token,
    });
    expect(status.body).toMatchObject({ configured: false, provider: 'manual', cardPayments: false });
  });
});
