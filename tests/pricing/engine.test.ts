/** The pricing engine: arithmetic (minor units, explicit rounding) and a seeded property test. */
import { describe, expect, it } from 'vitest';
import {
  BP,
  computePrice,
  type DemandRule,
  mulBp,
  type PriceRule,
  type PricingPolicy,
  type Promotion,
  priceFloor,
  type VariantFacts,
} from '../../src/modules/pricing/engine.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const POLICY: PricingPolicy = { marginFloorBp: 1000, maxStepBp: 1000, velocityWindowDays: 28 };
const CAT = '00000000-0000-4000-8000-0000000000c1';

function facts(over: Partial<VariantFacts> = {}): VariantFacts {
  return {
    variantId: 'v1',
    productId: 'p1',
    categoryId: CAT,
    cost: 1000,
    currentPrice: 2000,
    listPrice: null,
    basePrice: null,
    available: 50,
    unitsSold: 28,
    ...over,
  };
}
const base = { startsAt: null, endsAt: null, categoryId: null } as const;
const costPlus = (markupBp: number, categoryId: string | null = null, id = 'r-cp'): PriceRule => ({
  ...base,
  id,
  name: 'cp',
  kind: 'cost_plus',
  markupBp,
  categoryId,
});
const demand = (over: Partial<DemandRule> = {}): DemandRule => ({
  ...base,
  id: 'r-d',
  name: 'demand',
  kind: 'demand',
  lowCoverDays: 14,
  highCoverDays: 60,
  stepBp: 500,
  minBp: 8000,
  maxBp: 12000,
  ...over,
});
const promo = (over: Partial<Promotion> = {}): Promotion => ({
  id: 'pr1',
  name: 'Sale',
  kind: 'percentage',
  value: 1000,
  target: 'all',
  targetId: null,
  priority: 0,
  stackable: false,
  startsAt: new Date('2026-06-01T00:00:00Z'),
  endsAt: new Date('2026-07-01T00:00:00Z'),
  ...over,
});

describe('arithmetic', () => {
  it('rounds basis-point products half up, in integer minor units', () => {
    expect(mulBp(1999, 5000)).toBe(1000); // 999.5 → 1000
    expect(mulBp(1, 4999)).toBe(0); // 0.4999 → 0
    expect(mulBp(3, 5000)).toBe(2); // 1.5 → 2
    expect(mulBp(12345, BP)).toBe(12345);
  });

  it('rounds the floor up so it is never undercut', () => {
    expect(priceFloor(999, 1000)).toBe(1099); // 1098.9 → 1099
    expect(priceFloor(1000, 1000)).toBe(1100);
    expect(priceFloor(null, 1000)).toBe(0);
  });

  it('cost-plus: the category rule wins over the store-wide one, within the step limit', () => {
    const r = computePrice(
      facts({ currentPrice: 1800 }),
      [costPlus(5000), costPlus(9000, CAT, 'r-cat')],
      [],
      { ...POLICY, maxStepBp: 10000 },
      NOW,
    );
    expect(r.listPrice).toBe(1900);
    expect(r.newPrice).toBe(1900);
    expect(r.setBy).toBe('cost_plus');
    expect(r.reasons[0]).toMatchObject({ rule: 'cost_plus', ruleId: 'r-cat', before: 1800, after: 1900 });
  });

  it('limits a run to the max step and records why', () => {
    const r = computePrice(facts({ currentPrice: 1000, cost: 500 }), [costPlus(20000)], [], POLICY, NOW);
    expect(r.listPrice).toBe(1100); // target 1500, +10% max
    expect(r.reasons.map((x) => x.rule)).toEqual(['cost_plus', 'max_step']);
  });

  it('applies a seasonal multiplier only inside its date range', () => {
    const seasonal: PriceRule = {
      ...base,
      id: 's1',
      name: 'summer',
      kind: 'seasonal',
      multiplierBp: 11000,
      startsAt: new Date('2026-06-01T00:00:00Z'),
      endsAt: new Date('2026-09-01T00:00:00Z'),
    };
    const policy = { ...POLICY, maxStepBp: 10000 };
    expect(computePrice(facts(), [costPlus(10000), seasonal], [], policy, NOW).listPrice).toBe(2200);
    expect(
      computePrice(facts(), [costPlus(10000), seasonal], [], policy, new Date('2026-09-01T00:00:00Z'))
        .listPrice,
    ).toBe(2000);
  });

  it('demand: low cover raises one step, high cover lowers one step, no sales lowers', () => {
    // 28 sold in 28 days = 1/day; 5 available = 5 days cover < 14 → +5%.
    expect(computePrice(facts({ available: 5 }), [demand()], [], POLICY, NOW).listPrice).toBe(2100);
    // 100 days of cover > 60 → −5%.
    expect(computePrice(facts({ available: 100 }), [demand()], [], POLICY, NOW).listPrice).toBe(1900);
    expect(computePrice(facts({ unitsSold: 0 }), [demand()], [], POLICY, NOW).listPrice).toBe(1900);
    // 30 days of cover: hold.
    expect(computePrice(facts({ available: 30 }), [demand()], [], POLICY, NOW).listPrice).toBe(2000);
  });

  it('demand never leaves its band nor goes below cost × (1 + floor)', () => {
    const r = computePrice(
      facts({ available: 5, listPrice: 2400, basePrice: 2000 }),
      [demand()],
      [],
      POLICY,
      NOW,
    );
    expect(r.listPrice).toBe(2400); // band max = base 2000 × 120%; +5% = 2520 is clamped
    const low = computePrice(
      facts({ available: 1000, currentPrice: 1120, cost: 1000 }),
      [demand({ minBp: 1000 })],
      [],
      POLICY,
      NOW,
    );
    expect(low.listPrice).toBe(1100);
    expect(low.reasons.at(-1)).toMatchObject({ rule: 'margin_floor', after: 1100 });
  });

  it('promotions: highest priority first; stacking only between stackable promotions; floor holds', () => {
    const p1 = promo({ id: 'a', priority: 10, stackable: true, value: 1000 });
    const p2 = promo({ id: 'b', priority: 5, stackable: true, kind: 'fixed', value: 100 });
    const p3 = promo({ id: 'c', priority: 1, stackable: false, value: 5000 });
    const r = computePrice(facts({ cost: 100 }), [], [p1, p2, p3], POLICY, NOW);
    expect(r.listPrice).toBe(2000);
    expect(r.newPrice).toBe(1700); // 2000 −10% = 1800, −100 = 1700; c is not stackable
    const solo = computePrice(facts({ cost: 100 }), [], [promo({ id: 'x', priority: 9 }), p1], POLICY, NOW);
    expect(solo.newPrice).toBe(1800); // non-stackable top promotion stands alone
    const floored = computePrice(facts(), [], [promo({ value: 9000 })], POLICY, NOW);
    expect(floored.newPrice).toBe(1100);
    const product = computePrice(facts(), [], [promo({ target: 'product', targetId: 'other' })], POLICY, NOW);
    expect(product.newPrice).toBe(2000);
    const ended = computePrice(facts(), [], [promo()], POLICY, new Date('2026-07-01T00:00:00Z'));
    expect(ended.newPrice).toBe(2000);
  });

  it('uses the stored list price, so a promotion is not compounded run after run', () => {
    const r = computePrice(facts({ currentPrice: 1800, listPrice: 2000 }), [], [promo()], POLICY, NOW);
    expect(r.listPrice).toBe(2000);
    expect(r.newPrice).toBe(1800);
  });

  it('is deterministic for the same inputs', () => {
    const args = [facts({ available: 7 }), [demand(), costPlus(8000)], [promo()], POLICY, NOW] as const;
    expect(computePrice(...args)).toEqual(computePrice(...args));
  });
});

/** mulberry32: a small seeded PRNG, so failures reproduce. */
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

describe('property: floor, step and bounds', () => {
  it('holds over 5,000 random inputs', () => {
    const rnd = prng(20260615);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    for (let i = 0; i < 5000; i++) {
      const cost = rnd() < 0.1 ? null : int(0, 100_000);
      const previous = int(0, 300_000);
      const policy: PricingPolicy = {
        marginFloorBp: int(0, 5000),
        maxStepBp: int(1, 3000),
        velocityWindowDays: int(1, 90),
      };
      const minBp = int(5000, 10000);
      const d = demand({
        minBp,
        maxBp: int(minBp, 20000),
        stepBp: int(1, 2000),
        lowCoverDays: int(0, 30),
        highCoverDays: int(30, 120),
      });
      const rules: PriceRule[] = [d];
      if (rnd() < 0.5) rules.push(costPlus(int(0, 20000)));
      const promos = rnd() < 0.3 ? [promo({ value: int(1, 10000) })] : [];
      const f = facts({
        cost,
        currentPrice: previous,
        listPrice: rnd() < 0.5 ? null : previous,
        basePrice: rnd() < 0.5 ? null : int(0, 300_000),
        available: int(0, 1000),
        unitsSold: int(0, 500),
      });
      const r = computePrice(f, rules, promos, policy, NOW);
      const floor = priceFloor(cost, policy.marginFloorBp);
      const ctx = JSON.stringify({ i, f, rules, policy, r });
      expect(Number.isSafeInteger(r.newPrice), ctx).toBe(true);
      expect(r.newPrice, ctx).toBeGreaterThanOrEqual(floor);
      expect(r.listPrice, ctx).toBeGreaterThanOrEqual(floor);
      expect(r.newPrice, ctx).toBeLessThanOrEqual(r.listPrice);
      // The demand band, recomputed from the reasons' target (the band is around the rule target).
      const demandReason = r.reasons.find((x) => x.rule === 'demand');
      const target = demandReason?.before ?? previous;
      const bandMin = mulBp(target, d.minBp);
      const bandMax = mulBp(target, d.maxBp);
      if (floor <= bandMax) {
        expect(r.listPrice, ctx).toBeLessThanOrEqual(bandMax);
        expect(r.listPrice, ctx).toBeGreaterThanOrEqual(Math.min(bandMin, Math.max(bandMin, floor)));
      }
      // The step: never more than maxStep when the previous price was already a legal price.
      if (previous >= floor && previous >= bandMin && previous <= bandMax) {
        expect(Math.abs(r.listPrice - previous), ctx).toBeLessThanOrEqual(mulBp(previous, policy.maxStepBp));
      }
    }
  });
});
