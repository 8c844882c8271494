/**
 * Safety of promotion pricing, pure and seeded (failures reproduce): over
 * 5,000 random stores — costs, prices, stocks, sales, rule sets, live
 * offers, stacking limits and budget caps — no proposed or charged price is
 * ever below the margin floor or below 1, no line stacks more offers than
 * the configured maximum, a discount never passes the rule's maximum depth,
 * and a sequence of budget claims never spends past the cap.
 */
import { describe, expect, it } from 'vitest';
import {
  type BundlePair,
  type LiveOffer,
  type PromoFacts,
  type PromoPolicy,
  type PromoRule,
  proposeForRule,
} from '../../src/modules/promotion-rules/engine.js';
import { budgetAllows, discountOf, promoFloor } from '../../src/modules/promotion-rules/engine-math.js';
import { priceWithOffers } from '../../src/modules/promotion-rules/engine-offers.js';

/** mulberry32 */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOW = new Date('2026-12-01T12:00:00Z');
const DAY = 86_400_000;
const STORES = 5_000;

function randomStore(r: () => number) {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const policy: PromoPolicy = {
    marginFloorBp: int(0, 5000),
    elasticityBp: int(0, 40000),
    maxStack: int(1, 5),
  };
  const facts: PromoFacts[] = Array.from({ length: int(1, 8) }, (_, i) => {
    const price = int(1, 100_000);
    const cost = r() < 0.15 ? null : int(0, price * 2);
    const list = r() < 0.3 ? price + int(0, 5000) : price;
    return {
      variantId: `v${i}`,
      productId: `p${i % 4}`,
      sku: `S${i}`,
      cost,
      price,
      listPrice: list,
      available: int(-5, 5000),
      unitsSold: int(0, 200),
      windowDays: 28,
      lastSaleAt: r() < 0.3 ? null : new Date(NOW.getTime() - int(0, 400) * DAY),
      productCreatedAt: new Date(NOW.getTime() - int(0, 400) * DAY),
      priorSteps: int(0, 10),
      liveFromRule: r() < 0.1,
    };
  });
  const kinds = ['clearance', 'slow_mover', 'bundle', 'launch', 'low_stock'] as const;
  const rules: PromoRule[] = Array.from({ length: int(1, 5) }, (_, i) => {
    const kind = kinds[int(0, kinds.length - 1)]!;
    const maxDepthBp = int(1, 9000);
    return {
      id: `r${i}`,
      name: `Rule ${i}`,
      kind,
      params: {
        coverDays: int(1, 400),
        stepBp: int(1, maxDepthBp),
        stepEveryDays: int(1, 30),
        maxDepthBp,
        idleDays: int(1, 200),
        discountBp: int(1, 9000),
        days: int(1, 60),
        minShoppers: int(1, 5),
        threshold: int(1, 50),
      },
      startsAt: r() < 0.2 ? new Date(NOW.getTime() + DAY) : null,
      endsAt: null,
      durationDays: int(1, 60),
      budgetCap: r() < 0.5 ? null : int(0, 50_000),
      budgetPeriodDays: 30,
      budgetPeriod: 'days',
      priority: int(-5, 5),
      stackable: r() < 0.5,
      autoApply: false,
      active: r() < 0.9,
    };
  });
  const pairs: BundlePair[] = [
    { productId: 'p1', partnerProductId: 'p0', partnerTitle: 'P0', shoppers: int(0, 10) },
  ];
  return { policy, facts, rules, pairs, int };
}

describe('promotion safety (property)', () => {
  it(`holds over ${STORES.toLocaleString('en')} random stores`, () => {
    const r = prng(19);
    let proposals = 0;
    let charged = 0;
    let heldAtFloor = 0;
    for (let s = 0; s < STORES; s++) {
      const { policy, facts, rules, pairs, int } = randomStore(r);
      const byVariant = new Map(facts.map((f) => [f.variantId, f]));
      const offers: LiveOffer[] = [];
      for (const rule of rules) {
        for (const p of proposeForRule(rule, facts, pairs, policy, NOW)) {
          proposals++;
          const f = byVariant.get(p.variantId)!;
          const floor = promoFloor(f.cost, policy.marginFloorBp);
          expect(p.promoPrice).toBeGreaterThanOrEqual(Math.max(1, floor));
          expect(p.promoPrice).toBeLessThan(f.price);
          if (rule.kind === 'clearance') expect(p.discountBp).toBeLessThanOrEqual(rule.params.maxDepthBp!);
          if (!rule.stackable) expect(f.price).toBe(f.listPrice);
          // Money is never written into the sentence in minor units: the page shows the prices in the currency.
          if (p.promoPrice === p.floorPrice) heldAtFloor++;
          expect(p.explanation).not.toMatch(/price at \d/);
          offers.push({
            id: `o${offers.length}`,
            ruleId: rule.id,
            variantId: p.variantId,
            partnerProductId: p.partnerProductId,
            // The merchant may have edited the discount: any depth, the stored floor still holds.
            discountBp: r() < 0.5 ? p.discountBp : int(1, 9500),
            floorPrice: p.floorPrice,
            priority: rule.priority,
            stackable: rule.stackable,
            startsAt: new Date(NOW.getTime() - DAY),
            endsAt: new Date(NOW.getTime() + int(-2, 30) * DAY),
            maxUses: r() < 0.3 ? int(0, 3) : null,
            uses: int(0, 3),
          });
        }
      }
      // Checkout: each variant under the live offers, with a random cart.
      const cart = new Set(facts.filter(() => r() < 0.6).map((f) => f.productId));
      for (const f of facts) {
        const mine = offers.filter((o) => o.variantId === f.variantId);
        const out = priceWithOffers(f.price, mine, policy.maxStack, NOW, cart);
        charged++;
        expect(out.applied.length).toBeLessThanOrEqual(policy.maxStack);
        expect(out.price).toBeGreaterThanOrEqual(1);
        expect(out.price).toBeLessThanOrEqual(f.price);
        const floors = mine
          .filter((o) => out.applied.some((a) => a.offerId === o.id))
          .map((o) => o.floorPrice);
        if (out.applied.length > 0) expect(out.price).toBeGreaterThanOrEqual(Math.max(...floors));
        expect(f.price - out.applied.reduce((t, a) => t + a.perUnit, 0)).toBe(out.price);
        for (const a of out.applied) {
          const o = mine.find((x) => x.id === a.offerId)!;
          expect(o.partnerProductId == null || cart.has(o.partnerProductId)).toBe(true);
          expect(o.maxUses == null || o.uses < o.maxUses).toBe(true);
        }
      }
      // Budget: a stream of claims against a cap never spends past it.
      const cap = int(0, 20_000);
      let spent = 0;
      for (let k = 0; k < 30; k++) {
        const amount = discountOf(int(1, 5000), int(1, 9000)) * int(1, 4);
        if (budgetAllows(spent, cap, amount)) spent += amount;
        expect(spent).toBeLessThanOrEqual(cap);
      }
    }
    // The generator must actually exercise the rules.
    expect(proposals).toBeGreaterThan(2_000);
    expect(heldAtFloor).toBeGreaterThan(0);
    expect(charged).toBeGreaterThan(STORES);
  });
});
