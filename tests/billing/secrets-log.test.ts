/**
 * No secret is ever logged: a full billing and payments run (plan checkout,
 * portal, signed webhooks good and bad, subscription changes, suspension and
 * reactivation, Connect onboarding, a card payment, a refund, a Stripe error
 * answered 502) with the logger at `trace` writing to an in-memory stream;
 * the output must not contain the Stripe secret key or the webhook secret.
 */
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { processStripeEvent } from '../../src/flows/stripe-events.js';
import { withTenant } from '../../src/lib/db/index.js';
import { createLogger } from '../../src/lib/logger.js';
import { runBillingMaintenance } from '../../src/modules/billing/maintenance.js';
import { stripeProvider } from '../../src/modules/payments/stripe-provider.js';
import { createTestStore } from '../support/factories.js';
import {
  deliverEvent,
  FAKE_SECRET_KEY,
  FAKE_WEBHOOK_SECRET,
  startFakeStripe,
} from '../support/fake-stripe.js';
import { request, testPlatform } from '../support/platform.js';

const fake = await startFakeStripe();
afterAll(() => fake.close());
const platform = testPlatform({ env: fake.env });

describe('secrets never reach the logs', () => {
  it('a full billing and payments run logs neither the secret key nor the webhook secret', async () => {
    const base = await platform;
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        chunks.push(String(chunk));
        cb();
      },
    });
    const logger = createLogger({ level: 'trace', destination: stream });
    const deps = { ...base.deps, logger };
    const app = createApp(deps);
    const store = await createTestStore(deps);
    const owner = { host: store.host, token: store.owner.token };

    expect(
      (await request(app, 'POST', '/api/admin/billing/checkout', { ...owner, body: { plan: 'growth' } }))
        .status,
    ).toBe(200);
    expect((await request(app, 'POST', '/api/admin/billing/portal', owner)).status).toBe(200);
    const sub = await withTenant(deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('subscriptions')
        .selectAll()
        .where('tenant_id', '=', store.tenant.id)
        .executeTakeFirstOrThrow(),
    );
    const customer = sub.stripe_customer_id!;
    const s = fake.upsertSubscription({
      customer,
      price: 'price_growth_test',
      status: 'active',
      tenantId: store.tenant.id,
    });
    const deliver = async (type: string, obj: Record<string, unknown>, opts: { account?: string } = {}) => {
      const evt = fake.event(type, obj, opts);
      expect((await deliverEvent(app, evt)).status).toBe(200);
      await processStripeEvent(deps, evt.id);
    };
    await deliver('customer.subscription.created', s);
    fake.upsertSubscription({ id: s.id, customer, price: 'price_growth_test', status: 'past_due' });
    await deliver('invoice.payment_failed', {
      id: 'in_1',
      object: 'invoice',
      customer,
      parent: { subscription_details: { subscription: s.id } },
    });
    await runBillingMaintenance(deps, new Date(Date.now() + 30 * 86_400_000), {
      tenantIds: [store.tenant.id],
    });
    fake.upsertSubscription({ id: s.id, customer, price: 'price_growth_test', status: 'active' });
    await deliver('invoice.paid', {
      id: 'in_2',
      object: 'invoice',
      customer,
      parent: { subscription_details: { subscription: s.id } },
    });
    // Bad signatures and a non-event body.
    const bad = fake.event('invoice.paid', { id: 'in_3' }, { secret: 'whsec_wrong' });
    expect((await deliverEvent(app, bad)).status).toBe(400);
    expect((await deliverEvent(app, { body: '{}', signature: fake.sign('{}') })).status).toBe(400);
    // Connect + card payment + refund + a Stripe error (amount below Stripe's minimum → 502).
    const connect = await request(app, 'POST', '/api/admin/payments/connect', owner);
    await deliver('account.updated', fake.enableAccount(connect.body.accountId), {
      account: connect.body.accountId,
    });
    const mkOrder = (number: number, total: number) =>
      withTenant(deps.db, store.tenant.id, (trx) =>
        trx
          .insertInto('orders')
          .values({
            tenant_id: store.tenant.id,
            number,
            email: 'x@example.test',
            currency: 'USD',
            subtotal: total,
            total,
            shipping_address: JSON.stringify({}),
          })
          .returning(['id', 'number', 'total', 'currency', 'email'])
          .executeTakeFirstOrThrow(),
      );
    const ctx = { deps, tenantId: store.tenant.id };
    const o = await mkOrder(1, 5_000);
    const pay = await stripeProvider.createPayment(ctx, o);
    await deliver('payment_intent.succeeded', fake.succeedPaymentIntent(pay.reference!));
    await withTenant(deps.db, store.tenant.id, (trx) =>
      stripeProvider.refund({ ...ctx, trx }, { order: { ...o, paymentReference: null }, amount: 1_000 }),
    );
    const tiny = await mkOrder(2, 10);
    const err = await stripeProvider.createPayment(ctx, tiny).catch((e) => e);
    expect(err.code).toBe('payment_provider_error');
    logger.error({ err }, 'provider error as a caller would log it');

    logger.flush?.();
    const out = chunks.join('');
    expect(out.length).toBeGreaterThan(1000);
    expect(out).toContain('stripe event processed');
    expect(out).not.toContain(FAKE_SECRET_KEY);
    expect(out).not.toContain(FAKE_WEBHOOK_SECRET);
    expect(out).not.toContain(FAKE_SECRET_KEY.slice(3, 20));
    expect(out).not.toContain(FAKE_WEBHOOK_SECRET.slice(6, 24));
  });
});
