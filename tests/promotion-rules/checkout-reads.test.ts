/**
 * Checkout reads the offers live on its lines and the ones that ended since
 * the shopper's quote in ONE statement (repository offerRowsAt): a store's
 * checkout used to run a second, smaller query for the ended ones (#19).
 * Counted with a Kysely plugin on the checkout's transaction.
 */
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  SelectQueryNode,
  TableNode,
  type UnknownRow,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { claimLinePromotions } from '../../src/modules/promotion-rules/live-prices.js';
import { checkoutBody, checkoutReq, createCart } from '../checkout/support.js';
import { request, testPlatform } from '../support/platform.js';
import { insertVariant } from '../workers/fixtures/data.js';
import { createRule, openProposals, overstockedStore, proposeNow } from './support.js';

/** Records the tables each SELECT reads from. */
class SelectTables implements KyselyPlugin {
  readonly reads: string[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const n = args.node;
    if (SelectQueryNode.is(n))
      for (const f of n.from?.froms ?? []) if (TableNode.is(f)) this.reads.push(f.table.identifier.name);
    return n;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

describe('checkout reads promotions once', () => {
  it('live and recently ended offers come from one statement', { timeout: 60_000 }, async () => {
    const p = await testPlatform();
    const { store, variantId, productId, opts } = await overstockedStore(p);
    const t = store.tenant.id;
    const rule = await createRule(p, store);
    await proposeNow(p, store);
    const [proposal] = await openProposals(p, store);
    const ok = await request(p.app, 'POST', `/api/admin/promotion-proposals/${proposal!.id}/approve`, {
      ...opts,
      body: {},
    });
    expect(ok.status).toBe(200);
    // A second variant whose promotion ended 30 s ago, after the shopper's quote a minute ago.
    const other = await insertVariant(p.deps, t, { price: 2000, cost: 500, stock: 50 });
    const now = new Date();
    await withTenant(p.deps.db, t, (trx) =>
      trx
        .insertInto('promotion_offers')
        .values({
          tenant_id: t,
          rule_id: rule.id,
          variant_id: other.variantId,
          product_id: other.productId,
          discount_bp: 1000,
          floor_price: 600,
          starts_at: new Date(now.getTime() - 3_600_000),
          ends_at: new Date(now.getTime() - 30_000),
          status: 'ended',
          ended_reason: 'Reached its end date',
        })
        .execute(),
    );
    const lines = [
      { variantId, productId, price: 1000, cost: 400, quantity: 1, available: 300 },
      {
        variantId: other.variantId,
        productId: other.productId,
        price: 2000,
        cost: 500,
        quantity: 1,
        available: 50,
      },
    ];
    const counter = new SelectTables();
    const res = await withTenant(p.deps.db, t, (trx) =>
      claimLinePromotions(trx.withPlugin(counter), t, lines, {
        now,
        endedSince: new Date(now.getTime() - 60_000),
      }),
    );
    expect(res.prices.get(variantId)?.price).toBe(850);
    expect(res.prices.get(other.variantId)?.price).toBe(2000);
    expect(res.ended.map((o) => o.variant_id)).toEqual([other.variantId]);
    expect(counter.reads.filter((x) => x === 'promotion_offers')).toHaveLength(1);
  });
});

describe('a discount code on promoted lines', () => {
  it('is checked and claimed on the promoted subtotal, after the promotion', {
    timeout: 60_000,
  }, async () => {
    const p = await testPlatform();
    const { store, variantId, opts } = await overstockedStore(p);
    await createRule(p, store);
    await proposeNow(p, store);
    const [proposal] = await openProposals(p, store);
    const ok = await request(p.app, 'POST', `/api/admin/promotion-proposals/${proposal!.id}/approve`, {
      ...opts,
      body: {},
    });
    expect(ok.status).toBe(200);
    // 2 × 1000 = 2000 at the usual price, 2 × 850 = 1700 promoted.
    for (const [code, minSubtotal] of [
      ['HIGHMIN', 1800],
      ['LOWMIN', 1000],
    ] as const) {
      const made = await request(p.app, 'POST', '/api/admin/discount-codes', {
        ...opts,
        body: { code, kind: 'percentage', value: 1000, minSubtotal },
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    const refused = await checkoutReq(p, store, await createCart(p, store, [{ variantId, quantity: 2 }]), {
      body: checkoutBody({ discountCode: 'HIGHMIN' }),
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error.message).toMatch(/minimum/);

    const placed = await checkoutReq(p, store, await createCart(p, store, [{ variantId, quantity: 2 }]), {
      body: checkoutBody({ discountCode: 'LOWMIN' }),
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.order).toMatchObject({ subtotal: 1700, discount: 170 });
    const codes = await request(p.app, 'GET', '/api/admin/discount-codes', opts);
    expect(
      codes.body.items.map((c: { code: string; usedCount: number }) => [c.code, c.usedCount]).sort(),
    ).toEqual([
      ['HIGHMIN', 0],
      ['LOWMIN', 1],
    ]);
    const offers = await request(p.app, 'GET', '/api/admin/promotion-offers', opts);
    expect(offers.body.items).toEqual([expect.objectContaining({ units: 2, revenue: 1700 })]);
  });
});
