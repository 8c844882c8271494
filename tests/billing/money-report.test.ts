/**
 * The console's money report against a seeded fixture whose expected MRR,
 * churn, new/cancelled subscriptions, GMV (card + manual) and platform fee
 * are worked out by hand below. The report is narrowed to the fixture's
 * stores (other tests share the database); the CSV and page are read whole.
 */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { lockSubscription, updateSubscription } from '../../src/modules/billing/repository.js';
import { getMoneyReport, monthSpans } from '../../src/modules/settlement/money-report.js';
import { moneyReportCsv } from '../../src/modules/settlement/money-report-csv.js';
import { getPage, pageLogin } from '../auth/page-helpers.js';
import { createTestStore, createTestUser, type TestStore } from '../support/factories.js';
import { APEX_HOST, type TestPlatform, testPlatform } from '../support/platform.js';

const NOW = new Date();
const [M2, M1, M0] = monthSpans(NOW, 3) as [
  ReturnType<typeof monthSpans>[number],
  ReturnType<typeof monthSpans>[number],
  ReturnType<typeof monthSpans>[number],
];
/** Day `d` (noon UTC) of a past month; in the current month, halfway from its start to now. */
const on = (m: typeof M0, d: number) =>
  m === M0
    ? new Date((m.start.getTime() + NOW.getTime()) / 2)
    : new Date(m.start.getTime() + (d - 1) * 86_400_000 + 43_200_000);

async function change(p: TestPlatform, s: TestStore, at: Date, plan: string, status: string, price: number) {
  await withPlatformAccess(p.deps.db, (trx) =>
    trx
      .insertInto('subscription_changes')
      .values({
        tenant_id: s.tenant.id,
        changed_at: at,
        plan,
        status: status as 'active',
        monthly_price: price,
        currency: 'USD',
      })
      .execute(),
  );
}

let orderNo = 1;
async function paidOrder(
  p: TestPlatform,
  s: TestStore,
  o: {
    total: number;
    paidAt: Date | null;
    provider: 'manual' | 'stripe';
    refunded?: number;
    fee?: number;
    placedAt?: Date;
  },
) {
  await withTenant(p.deps.db, s.tenant.id, async (trx) => {
    const row = await trx
      .insertInto('orders')
      .values({
        tenant_id: s.tenant.id,
        number: orderNo++,
        email: 's@example.test',
        currency: 'USD',
        subtotal: o.total,
        total: o.total,
        refunded_total: o.refunded ?? 0,
        status: o.paidAt ? (o.refunded ? 'partially_refunded' : 'paid') : 'pending_payment',
        paid_at: o.paidAt,
        payment_provider: o.provider,
        ...(o.placedAt ? { placed_at: o.placedAt } : {}),
        shipping_address: JSON.stringify({
          name: 'A',
          line1: 'B',
          city: 'C',
          postalCode: '1',
          country: 'US',
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (o.fee !== undefined) {
      await trx
        .insertInto('stripe_payments')
        .values({
          tenant_id: s.tenant.id,
          id: `pi_${row.id.slice(0, 8)}`,
          order_id: row.id,
          account_id: 'acct_test',
          amount: o.total,
          application_fee: o.fee,
          currency: 'USD',
          status: 'succeeded',
        })
        .execute();
    }
  });
}

describe('money report', () => {
  it('gives the hand-computed MRR, churn, new/cancelled, GMV with manual payments, and platform fee', async () => {
    const p = await testPlatform();
    const a = await createTestStore(p.deps, { plan: 'starter' });
    const b = await createTestStore(p.deps, { plan: 'growth' });
    const c = await createTestStore(p.deps, { plan: 'pro' });
    const d = await createTestStore(p.deps, { plan: 'growth' }); // manual payments, 100 bp fee
    const stranger = await createTestStore(p.deps, { plan: 'growth' });
    await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .deleteFrom('subscription_changes')
        .where(
          'tenant_id',
          'in',
          [a, b, c, d].map((s) => s.tenant.id),
        )
        .execute(),
    );
    // A: trial → Starter (M-2) → cancelled (M-1).  B: Growth (M-2) → past due (M-1, still billed) → active (M0).
    // C: trial (M-1) → Pro (M-1).  D: no subscription history at all.
    await change(p, a, on(M2, 2), 'starter', 'trialing', 0);
    await change(p, a, on(M2, 10), 'starter', 'active', 2900);
    await change(p, a, on(M1, 5), 'starter', 'canceled', 2900);
    await change(p, b, on(M2, 3), 'growth', 'active', 7900);
    await change(p, b, on(M1, 10), 'growth', 'past_due', 7900);
    await change(p, b, on(M0, 1), 'growth', 'active', 7900);
    await change(p, c, on(M1, 1), 'pro', 'trialing', 0);
    await change(p, c, on(M1, 20), 'pro', 'active', 29900);
    await change(p, stranger, on(M1, 2), 'growth', 'active', 7900);

    // D manual: 123.45 in M-1 (fee 1% = 1.2345 → 1.23), 2.50 in M0 (fee 0.025 → 0.03, half up), one unpaid.
    await paidOrder(p, d, { total: 12345, paidAt: on(M1, 12), provider: 'manual' });
    await paidOrder(p, d, { total: 250, paidAt: on(M0, 1), provider: 'manual' });
    await paidOrder(p, d, { total: 99999, paidAt: null, provider: 'manual' });
    // C card: 500.00 in M0, Stripe took a 2.50 application fee; 10.00 refunded.
    await paidOrder(p, c, { total: 50000, paidAt: on(M0, 1), provider: 'stripe', fee: 250, refunded: 1000 });
    await paidOrder(p, stranger, { total: 70000, paidAt: on(M1, 3), provider: 'manual' });

    const r = await getMoneyReport(p.deps, {
      now: NOW,
      months: 3,
      tenantIds: [a, b, c, d].map((s) => s.tenant.id),
    });
    expect(r.months).toEqual([
      // M-2: A (from trial) and B start paying: 29 + 79 = 108.00 MRR; nothing billed at the start → churn —.
      {
        month: M2.key,
        mrr: 10800,
        billedAtStart: 0,
        billedAtEnd: 2,
        newSubscriptions: 2,
        trialConversions: 1,
        cancelled: 0,
        churn: null,
      },
      // M-1: A cancels (1 of 2 billed at the start = 50 %); B past due still counts; C converts: 79 + 299 = 378.00.
      {
        month: M1.key,
        mrr: 37800,
        billedAtStart: 2,
        billedAtEnd: 2,
        newSubscriptions: 1,
        trialConversions: 1,
        cancelled: 1,
        churn: 0.5,
      },
      // M0: B back to active is not new; nobody leaves.
      {
        month: M0.key,
        mrr: 37800,
        billedAtStart: 2,
        billedAtEnd: 2,
        newSubscriptions: 0,
        trialConversions: 0,
        cancelled: 0,
        churn: 0,
      },
    ]);
    expect(r.gmv).toEqual([
      { month: M2.key, currency: 'USD', orders: 0, gross: 0, refunds: 0, platformFee: 0, manualGross: 0 },
      {
        month: M1.key,
        currency: 'USD',
        orders: 1,
        gross: 12345,
        refunds: 0,
        platformFee: 123,
        manualGross: 12345,
      },
      // 2.50 + 500.00; fees 0.03 + 2.50; refunds 10.00.
      {
        month: M0.key,
        currency: 'USD',
        orders: 2,
        gross: 50250,
        refunds: 1000,
        platformFee: 253,
        manualGross: 250,
      },
    ]);
    expect(
      r.stores.map((s) => [s.handle, s.orders, s.gross, s.manualGross, s.refunds, s.platformFee]),
    ).toEqual([
      [c.tenant.handle, 1, 50000, 0, 1000, 250],
      [d.tenant.handle, 2, 12595, 12595, 0, 126],
    ]);

    const csv = moneyReportCsv(r, 'months').trim().split('\n');
    expect(csv[0]).toBe(
      'month,currency,mrr,paying_stores,new_subscriptions,trial_conversions,cancelled,churn,paid_orders,gmv,manual_gmv,refunds,platform_fee',
    );
    expect(csv[2]).toBe(`${M1.key},USD,378.00,2,1,1,1,0.5000,1,123.45,123.45,0.00,1.23`);
    const stores = moneyReportCsv(r, 'stores');
    expect(stores).toContain(`${M1.key},${d.tenant.handle},${d.tenant.id},USD,1,123.45,123.45,0.00,1.23`);
    expect(stores).not.toContain(stranger.tenant.handle);

    // The page and the CSV route (whole platform) show the fixture's store rows.
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const { cookie } = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    const page = await getPage(p.app, APEX_HOST, '/console/billing', cookie);
    expect(page.status).toBe(200);
    expect(page.text.match(/<svg class="chart"/g)?.length).toBe(5);
    expect(page.text).toContain(d.tenant.handle);
    const file = await getPage(p.app, APEX_HOST, '/console/billing/report.csv?kind=stores', cookie);
    expect(file.status).toBe(200);
    expect(file.text).toContain(`${M0.key},${c.tenant.handle},${c.tenant.id},USD,1,500.00,0.00,10.00,2.50`);
    const merchant = await pageLogin(p.app, APEX_HOST, '/login', d.owner.email, d.owner.password);
    expect((await getPage(p.app, APEX_HOST, '/console/billing/report.csv', merchant.cookie)).status).toBe(
      403,
    );
  });

  it('records every change of plan or status (a trigger), and nothing else', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const rows = () =>
      withPlatformAccess(p.deps.db, (trx) =>
        trx
          .selectFrom('subscription_changes')
          .select(['plan', 'status', 'monthly_price'])
          .where('tenant_id', '=', s.tenant.id)
          .orderBy('id')
          .execute(),
      );
    await withTenant(p.deps.db, s.tenant.id, async (trx) => {
      await lockSubscription(trx, s.tenant.id);
      await updateSubscription(trx, s.tenant.id, { plan: 'starter', status: 'active' });
      await updateSubscription(trx, s.tenant.id, { cancel_at_period_end: true });
      await updateSubscription(trx, s.tenant.id, { status: 'canceled' });
    });
    expect(await rows()).toEqual([
      { plan: 'trial', status: 'trialing', monthly_price: 0 },
      { plan: 'starter', status: 'active', monthly_price: 2900 },
      { plan: 'starter', status: 'canceled', monthly_price: 2900 },
    ]);
  });

  it("charges a manual order the fee of the plan in force when it was placed, not today's plan", async () => {
    const p = await testPlatform();
    // Today on Pro (50 bp); Starter (200 bp) from M-1 day 1 until day 15.
    const e = await createTestStore(p.deps, { plan: 'pro' });
    await change(p, e, on(M1, 1), 'starter', 'active', 2900);
    await change(p, e, on(M1, 15), 'pro', 'active', 29900);
    // Placed under Starter (paid after the upgrade: placing is what counts) → 2% of 100.00 = 2.00.
    await paidOrder(p, e, { total: 10_000, placedAt: on(M1, 10), paidAt: on(M1, 16), provider: 'manual' });
    // Placed under Pro → 0.5% of 100.00 = 0.50.
    await paidOrder(p, e, { total: 10_000, placedAt: on(M1, 20), paidAt: on(M1, 20), provider: 'manual' });
    // Placed before any history → the store's current plan (Pro): 0.5% of 10.00 = 0.05.
    await paidOrder(p, e, { total: 1_000, placedAt: on(M2, 5), paidAt: on(M1, 2), provider: 'manual' });
    const r = await getMoneyReport(p.deps, { now: NOW, months: 3, tenantIds: [e.tenant.id] });
    expect(r.stores.map((s) => [s.handle, s.orders, s.platformFee])).toEqual([[e.tenant.handle, 3, 255]]);
  });

  it("the admin billing and settlement pages format money with the currency's own decimals", async () => {
    const p = await testPlatform();
    const jp = await createTestStore(p.deps, { currency: 'JPY', plan: 'starter' });
    await withTenant(p.deps.db, jp.tenant.id, (trx) =>
      trx
        .insertInto('payouts')
        .values({
          tenant_id: jp.tenant.id,
          id: 'po_jpy_1',
          account_id: 'acct_jpy',
          currency: 'JPY',
          amount: 12_345,
          gross: 12_500,
          stripe_fees: 100,
          platform_fees: 55,
          refunds: 0,
          adjustments: 0,
          net: 12_345,
          transaction_count: 1,
          status: 'paid',
          arrival_date: new Date(),
        })
        .execute(),
    );
    const owner = await pageLogin(p.app, jp.host, '/admin/login', jp.owner.email, jp.owner.password);
    const settlement = await getPage(p.app, jp.host, '/admin/settlement', owner.cookie);
    expect(settlement.status).toBe(200);
    // ¥12,500 — not "JPY 125.00" (the old local money() assumed two decimals).
    expect(settlement.text).toContain('¥12,500');
    expect(settlement.text).toContain('¥12,345');
    expect(settlement.text).not.toMatch(/JPY \d/);
    const billing = await getPage(p.app, jp.host, '/admin/billing', owner.cookie);
    expect(billing.status).toBe(200);
    expect(billing.text).not.toMatch(/USD \d/);
  });
});
