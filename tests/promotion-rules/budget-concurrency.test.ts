/**
 * Concurrent checkouts cannot overspend a rule's budget nor pass an offer's
 * usage limit: both are claimed with one guarded statement in the checkout's
 * transaction, so racing shoppers past the limit pay the price without the
 * promotion (their orders still go through).
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { checkoutBody, checkoutReq, createCart } from '../checkout/support.js';
import { request, testPlatform } from '../support/platform.js';
import { CLEARANCE, createRule, openProposals, overstockedStore, proposeNow } from './support.js';

async function liveOffer(budgetCap: number | null) {
  const p = await testPlatform();
  const { store, variantId, opts } = await overstockedStore(p);
  const rule = await createRule(p, store, { ...CLEARANCE, budgetCap });
  await proposeNow(p, store);
  const [proposal] = await openProposals(p, store);
  const ok = await request(p.app, 'POST', `/api/admin/promotion-proposals/${proposal!.id}/approve`, {
    ...opts,
    body: { discountBp: 2000 },
  });
  expect(ok.status).toBe(200);
  return { p, store, variantId, ruleId: rule.id, offerId: ok.body.id as string };
}

async function raceCheckouts(x: Awaited<ReturnType<typeof liveOffer>>, n: number) {
  const carts = await Promise.all(
    Array.from({ length: n }, () => createCart(x.p, x.store, [{ variantId: x.variantId, quantity: 1 }])),
  );
  const res = await Promise.all(carts.map((c) => checkoutReq(x.p, x.store, c, { body: checkoutBody() })));
  expect(res.map((r) => r.status)).toEqual(Array(n).fill(201));
  return res.map((r) => r.body.order.subtotal as number).sort((a, b) => a - b);
}

describe('promotion budgets and usage limits under concurrency', () => {
  it('20 racing checkouts spend at most the 500 budget (200 off each → exactly 2 discounted)', {
    timeout: 90_000,
  }, async () => {
    const x = await liveOffer(500);
    const subtotals = await raceCheckouts(x, 20);
    expect(subtotals.filter((s) => s === 800)).toHaveLength(2);
    expect(subtotals.filter((s) => s === 1000)).toHaveLength(18);
    const budget = await withTenant(x.p.deps.db, x.store.tenant.id, (trx) =>
      trx.selectFrom('promotion_budgets').select(['spent']).where('rule_id', '=', x.ruleId).execute(),
    );
    expect(budget).toEqual([{ spent: 400 }]);
  });

  it('20 racing checkouts pass a usage limit of 3 never', { timeout: 90_000 }, async () => {
    const x = await liveOffer(null);
    await withTenant(x.p.deps.db, x.store.tenant.id, (trx) =>
      trx.updateTable('promotion_offers').set({ max_uses: 3 }).where('id', '=', x.offerId).execute(),
    );
    const subtotals = await raceCheckouts(x, 20);
    expect(subtotals.filter((s) => s === 800)).toHaveLength(3);
    const offer = await withTenant(x.p.deps.db, x.store.tenant.id, (trx) =>
      trx
        .selectFrom('promotion_offers')
        .select(['uses', 'units'])
        .where('id', '=', x.offerId)
        .executeTakeFirstOrThrow(),
    );
    expect(offer).toEqual({ uses: 3, units: 3 });
  });
});
