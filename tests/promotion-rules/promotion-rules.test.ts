/**
 * Promotion rules end to end over the API and the worker's proposal run: a
 * clearance rule proposes with its numbers explained, the merchant approves
 * (with an edit) and checkout charges the promoted price; quote = checkout;
 * low-stock protection ends the promotion; bad input is a 400 that changes
 * nothing; a decided proposal cannot be decided again.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { forecastDailyDemand } from '../../src/modules/restock/planning.js';
import { checkoutBody, checkoutReq, createCart } from '../checkout/support.js';
import { createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';
import { insertSales, insertVariant } from '../workers/fixtures/data.js';
import {
  CLEARANCE,
  createRule,
  endPromotionsAfterQuote,
  openProposals,
  overstockedStore,
  proposeNow,
} from './support.js';

describe('promotion rules', () => {
  it('a clearance rule proposes with its reasons, approval makes checkout honour it, low stock ends it', {
    timeout: 60_000,
  }, async () => {
    const p = await testPlatform();
    const { store, variantId, productId, opts } = await overstockedStore(p);
    const rule = await createRule(p, store);
    const listed = await request(p.app, 'GET', '/api/admin/promotion-rules', opts);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: rule.id, kind: 'clearance', autoApply: false }),
    ]);

    const run = await proposeNow(p, store);
    expect(run).toMatchObject({ proposed: 1, autoApplied: 0 });
    const [proposal] = await openProposals(p, store);
    // 300 available / (11 / 28 per day) = 764 days of cover.
    expect(proposal).toMatchObject({
      ruleId: rule.id,
      variantId,
      productId,
      discountBp: 1500,
      listPrice: 1000,
      promoPrice: 850,
      floorPrice: 440,
      durationDays: 14,
    });
    expect(proposal!.explanation).toBe(
      '764 days of cover at 0.39 units/day sold over 28 days (no forecast yet); clearance step 1: −15%; floor keeps ≥ 10% margin',
    );
    // Without the promotion 0.39/day × 14 = 5.5 units; elasticity 1.5 × 15% → 6.74 units at 850.
    expect(proposal).toMatchObject({
      baselineUnits: 5.5,
      baselineRevenue: 5500,
      expectedUnits: 6.74,
      expectedRevenue: 5729,
    });

    const approved = await request(p.app, 'POST', `/api/admin/promotion-proposals/${proposal!.id}/approve`, {
      ...opts,
      body: { discountBp: 2000 },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ variantId, discountBp: 2000, status: 'active' });
    const again = await request(p.app, 'POST', `/api/admin/promotion-proposals/${proposal!.id}/approve`, {
      ...opts,
      body: {},
    });
    expect(again.status).toBe(409);

    const cartId = await createCart(p, store, [{ variantId, quantity: 2 }]);
    const quote = await request(p.app, 'POST', `/api/store/carts/${cartId}/quote`, {
      host: store.host,
      body: { shippingAddress: { country: 'US' } },
    });
    expect(quote.body.subtotal).toBe(1600);
    const placed = await checkoutReq(p, store, cartId, { body: checkoutBody() });
    expect(placed.status).toBe(201);
    expect(placed.body.order.subtotal).toBe(1600);
    expect(placed.body.order.total).toBe(quote.body.total);

    const offers = await request(p.app, 'GET', '/api/admin/promotion-offers', opts);
    expect(offers.body.items).toEqual([
      expect.objectContaining({ units: 2, revenue: 1600, discountGiven: 400, margin: 800, status: 'active' }),
    ]);

    // The next run does not propose a second step while the first is live.
    expect((await proposeNow(p, store)).proposed).toBe(0);

    // Low-stock protection: 298 available < 299 → the promotion ends itself.
    await createRule(p, store, { name: 'Protect', kind: 'low_stock', params: { threshold: 299 } });
    const protectedRun = await proposeNow(p, store);
    expect(protectedRun.ended).toBe(1);
    const ended = await request(p.app, 'GET', '/api/admin/promotion-offers?status=ended', opts);
    expect(ended.body.items[0]).toMatchObject({
      status: 'ended',
      endedReason: expect.stringMatching(/low-stock/),
    });
    const cart2 = await createCart(p, store, [{ variantId, quantity: 1 }]);
    const full = await checkoutReq(p, store, cart2, { body: checkoutBody() });
    expect(full.body.order.subtotal).toBe(1000);
  });

  it('the pricing worker proposes after its recalculation; auto-apply starts promotions at once', async () => {
    const p = await testPlatform();
    const { store, variantId } = await overstockedStore(p);
    await createRule(p, store, { ...CLEARANCE, autoApply: true });
    const { runPricingJob } = await import('../../src/modules/pricing/service.js');
    await runPricingJob(p.deps.db, store.tenant.id, 'w1', new Date());
    const run = await proposeNow(p, store, 'w1:promotions');
    expect(run).toMatchObject({ proposed: 1, autoApplied: 1 });
    const offers = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.selectFrom('promotion_offers').select(['variant_id', 'discount_bp', 'status']).execute(),
    );
    expect(offers).toEqual([{ variant_id: variantId, discount_bp: 1500, status: 'active' }]);
    // The same run key proposes nothing twice.
    expect((await proposeNow(p, store, 'w1:promotions')).proposed).toBe(0);
  });

  it('a promotion that ends between quote and checkout: charged at the usual price, the order and e-mail say why', {
    timeout: 60_000,
  }, async () => {
    const p = await testPlatform();
    const { store, variantId, opts } = await overstockedStore(p);
    await createRule(p, store);
    await proposeNow(p, store);
    const [proposal] = await openProposals(p, store);
    await request(p.app, 'POST', `/api/admin/promotion-proposals/${proposal!.id}/approve`, {
      ...opts,
      body: {},
    });
    const cartId = await createCart(p, store, [{ variantId, quantity: 2 }]);
    const quote = await request(p.app, 'POST', `/api/store/carts/${cartId}/quote`, {
      host: store.host,
      body: { shippingAddress: { country: 'US' } },
    });
    expect(quote.body.subtotal).toBe(1700);
    // The shopper filled the cart a minute ago; the promotion's end date passed 30 s ago, before they order.
    const t = store.tenant.id;
    await endPromotionsAfterQuote(p, t);
    const placed = await checkoutReq(p, store, cartId, { body: checkoutBody() });
    expect(placed.status).toBe(201);
    expect(placed.body.order.subtotal).toBe(2000);
    const facts = await withTenant(p.deps.db, t, async (trx) => ({
      notes: await trx
        .selectFrom('promotion_order_notes')
        .select(['order_id', 'variant_id', 'rule_name', 'discount_bp', 'usual_price', 'reason'])
        .execute(),
      mails: await trx
        .selectFrom('outbox')
        .select(['payload'])
        .where('tenant_id', '=', t)
        .where('topic', '=', 'email.send')
        .execute(),
    }));
    expect(facts.notes).toEqual([
      {
        order_id: placed.body.order.id,
        variant_id: variantId,
        rule_name: 'Clear overstock',
        discount_bp: 1500,
        usual_price: 1000,
        reason: 'ended',
      },
    ]);
    const shopperMail = facts.mails
      .map((m) => m.payload as { to: string; text: string })
      .find((m) => m.to === 'ada@example.test');
    expect(shopperMail?.text).toMatch(
      /Promotions not applied:\n- “Clear overstock” \(−15%\) on Product ended .+ UTC, before your order was placed: charged at the usual price, \$10\.00 each\./,
    );
    // An order placed with the promotion live carries no note.
    const other = await overstockedStore(p);
    const cart2 = await createCart(p, other.store, [{ variantId: other.variantId, quantity: 1 }]);
    expect((await checkoutReq(p, other.store, cart2, { body: checkoutBody() })).status).toBe(201);
    const none = await withTenant(p.deps.db, other.store.tenant.id, (trx) =>
      trx.selectFrom('promotion_order_notes').selectAll().execute(),
    );
    expect(none).toEqual([]);
  });

  it('a calendar-month budget period is stored and claimed from the first of the month', {
    timeout: 60_000,
  }, async () => {
    const p = await testPlatform();
    const { store, variantId, opts } = await overstockedStore(p);
    const rule = await createRule(p, store, {
      ...CLEARANCE,
      budgetCap: 10_000,
      budgetPeriod: 'calendar_month',
    });
    const got = await request(p.app, 'GET', `/api/admin/promotion-rules/${rule.id}`, opts);
    expect(got.body).toMatchObject({ budgetPeriod: 'calendar_month', budgetCap: 10_000 });
    const bad = await request(p.app, 'PATCH', `/api/admin/promotion-rules/${rule.id}`, {
      ...opts,
      body: { budgetPeriod: 'fortnight' },
    });
    expect(bad.status).toBe(400);
    await proposeNow(p, store);
    const [proposal] = await openProposals(p, store);
    await request(p.app, 'POST', `/api/admin/promotion-proposals/${proposal!.id}/approve`, {
      ...opts,
      body: {},
    });
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
    expect((await checkoutReq(p, store, cartId, { body: checkoutBody() })).status).toBe(201);
    const budgets = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('promotion_budgets')
        .select([sql<string>`period_start::text`.as('period'), 'spent'])
        .execute(),
    );
    expect(budgets).toEqual([{ period: `${new Date().toISOString().slice(0, 7)}-01`, spent: 150 }]);
  });

  it('days of cover come from the restock forecast when one exists, and the explanation says so', {
    timeout: 60_000,
  }, async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const v = await insertVariant(p.deps, store.tenant.id, { price: 1000, cost: 400, stock: 300 });
    // One unit every third day for 90 days: enough history for the planner's forecaster.
    await insertSales(
      p.deps,
      store.tenant.id,
      v,
      Array.from({ length: 30 }, (_, i) => ({ daysAgo: 1 + i * 3, quantity: 1 })),
    );
    await createRule(p, store);
    const now = new Date();
    const forecast = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      forecastDailyDemand(trx, store.tenant.id, now, 28),
    );
    const perDay = forecast.get(v.variantId)?.perDay;
    expect(perDay).toBeGreaterThan(0);
    expect((await proposeNow(p, store)).proposed).toBe(1);
    const [proposal] = await openProposals(p, store);
    const text = perDay! >= 1 ? perDay!.toFixed(1) : perDay!.toFixed(2).replace(/0$/, '');
    expect(proposal!.explanation).toBe(
      `${Math.round(300 / perDay!)} days of cover at forecast ${text} units/day; clearance step 1: −15%; floor keeps ≥ 10% margin`,
    );
    // Expected units follow the same forecast: baseline = forecast/day × 14 days.
    expect(proposal!.baselineUnits).toBeCloseTo(perDay! * 14, 1);
  });

  it('bad input is a 400 in the envelope and creates nothing; staff cannot write', async () => {
    const p = await testPlatform();
    const { opts } = await overstockedStore(p);
    const bad = await request(p.app, 'POST', '/api/admin/promotion-rules', {
      ...opts,
      body: { ...CLEARANCE, params: { coverDays: 0, stepBp: 5000, stepEveryDays: 7, maxDepthBp: 2000 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toContain('params.coverDays');
    const unknownKind = await request(p.app, 'POST', '/api/admin/promotion-rules', {
      ...opts,
      body: { ...CLEARANCE, kind: 'bogus' },
    });
    expect(unknownKind.status).toBe(400);
    const list = await request(p.app, 'GET', '/api/admin/promotion-rules', opts);
    expect(list.body.items).toEqual([]);
    const missing = await request(
      p.app,
      'PATCH',
      '/api/admin/promotion-rules/00000000-0000-4000-8000-000000000000',
      {
        ...opts,
        body: { active: false },
      },
    );
    expect(missing.status).toBe(404);
  });
});
