/**
 * Settlement by payout: payout.paid on a connected account → the payout's
 * balance transactions summarised (gross, Stripe fees, platform fees, refunds,
 * net) → GET /api/admin/settlement and the CSV export. Figures are checked
 * against the fake's own balance transactions.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { processStripeEvent } from '../../src/flows/stripe-events.js';
import { withTenant } from '../../src/lib/db/index.js';
import { stripeProvider } from '../../src/modules/payments/stripe-provider.js';
import { createTestStore, type TestStore } from '../support/factories.js';
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

async function order(p: TestPlatform, store: TestStore, total: number, n: number) {
  return withTenant(p.deps.db, store.tenant.id, (trx) =>
    trx
      .insertInto('orders')
      .values({
        tenant_id: store.tenant.id,
        number: n,
        email: 's@example.test',
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
      })
      .returning(['id', 'number', 'total', 'currency', 'email'])
      .executeTakeFirstOrThrow(),
  );
}

describe('settlement', () => {
  it('summarises each payout from its balance transactions; totals and CSV agree', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const connect = await request(p.app, 'POST', '/api/admin/payments/connect', {
      host: store.host,
      token: store.owner.token,
    });
    const accountId: string = connect.body.accountId;
    await send(p, 'account.updated', fake.enableAccount(accountId), { account: accountId });
    const ctx = { deps: p.deps, tenantId: store.tenant.id };
    // Two paid orders (trial plan: 200 bp fee), one partly refunded.
    const o1 = await order(p, store, 10_000, 1001);
    const o2 = await order(p, store, 2_550, 1002);
    for (const o of [o1, o2]) {
      const c = await stripeProvider.createPayment(ctx, o);
      await send(p, 'payment_intent.succeeded', fake.succeedPaymentIntent(c.reference!));
    }
    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      stripeProvider.refund({ ...ctx, trx }, { order: { ...o1, paymentReference: null }, amount: 1_000 }),
    );
    const payout = fake.createPayout(accountId);
    const r = await send(p, 'payout.paid', payout, { account: accountId });
    expect(r?.outcome).toBe('payout_recorded');

    // Expected from Stripe's own numbers: fee 2.9% + 30 per charge; platform fee 2% rounded half up.
    const stripeFees = Math.round(10_000 * 0.029) + 30 + (Math.round(2_550 * 0.029) + 30);
    const platformFees = 200 + 51;
    const net = 10_000 + 2_550 - stripeFees - platformFees - 1_000;
    const res = await request(p.app, 'GET', '/api/admin/settlement', {
      host: store.host,
      token: store.owner.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.payouts).toHaveLength(1);
    expect(res.body.payouts[0]).toMatchObject({
      id: payout.id,
      gross: 12_550,
      stripeFees,
      platformFees,
      refunds: 1_000,
      adjustments: 0,
      net,
      amount: net,
      transactionCount: 3,
    });
    expect(res.body.totals).toMatchObject({ gross: 12_550, net, refunds: 1_000 });

    // Redelivered payout.paid (new event id) does not duplicate the payout.
    await send(p, 'payout.paid', payout, { account: accountId });
    const again = await request(p.app, 'GET', '/api/admin/settlement', {
      host: store.host,
      token: store.owner.token,
    });
    expect(again.body.payouts).toHaveLength(1);

    const csv = await request(p.app, 'GET', '/api/admin/settlement/export', {
      host: store.host,
      token: store.owner.token,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'payout_id,arrival_date,status,currency,gross,stripe_fees,platform_fees,refunds,adjustments,net,amount_paid_out',
    );
    const cells = lines[1]!.split(',');
    expect(cells[0]).toBe(payout.id);
    expect(cells[4]).toBe('125.50');
    expect(cells[7]).toBe('10.00');
    expect(cells[9]).toBe(`${Math.floor(net / 100)}.${String(net % 100).padStart(2, '0')}`);
  });

  it('a store without payouts gets an empty settlement', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const res = await request(p.app, 'GET', '/api/admin/settlement', {
      host: store.host,
      token: store.owner.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.payouts).toEqual([]);
    expect(res.body.totals.net).toBe(0);
  });
});
