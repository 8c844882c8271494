/**
 * The proposer: a pure function from a store's variants (facts), its
 * bought-together pairs, one promotion rule and the store's policy to the
 * promotions that rule would make, each with its numbers as a sentence and
 * the expected effect. Invariants (property-tested in
 * tests/promotion-rules/engine.property.test.ts): a proposed price is never
 * below the margin floor nor below 1, and never above the price it replaces;
 * the discount never passes the rule's maximum depth.
 *
 * Stacking with the merchant's own promotions: when a hand-typed promotion is
 * already in a variant's price (price < list price) a non-stackable rule
 * proposes nothing for it; a stackable one discounts the price shoppers pay.
 */
import {
  BP,
  DAY_MS,
  daysOfCover,
  discounted,
  expectedUnits,
  inForce,
  pct,
  promoFloor,
  velocity,
} from './engine-math.js';
import type { BundlePair, PromoFacts, PromoPolicy, PromoRule, Proposal } from './engine-types.js';

export { budgetAllows, budgetPeriodStart, discounted, promoFloor } from './engine-math.js';
export type * from './engine-types.js';

interface Pick {
  discountBp: number;
  why: string;
  partnerProductId?: string;
  durationDays?: number;
}

const perDayText = (v: number) => `${v >= 1 ? v.toFixed(1) : v.toFixed(2).replace(/0$/, '')} units/day`;

/**
 * The demand the proposer reckons with: the restock forecast when one exists,
 * else units sold over the window — and the words saying which.
 */
export function demandOf(f: PromoFacts): { perDay: number; text: string; fromForecast: boolean } {
  if (f.forecastPerDay != null) {
    const perDay = Math.max(0, f.forecastPerDay);
    return { perDay, text: `forecast ${perDayText(perDay)}`, fromForecast: true };
  }
  const perDay = velocity(f.unitsSold, f.windowDays);
  return {
    perDay,
    text: `${perDayText(perDay)} sold over ${f.windowDays} days (no forecast yet)`,
    fromForecast: false,
  };
}

/** Which discount (if any) the rule wants for this variant, and why. */
function want(rule: PromoRule, f: PromoFacts, now: Date): Pick | null {
  const p = rule.params;
  switch (rule.kind) {
    case 'clearance': {
      const demand = demandOf(f);
      const cover = daysOfCover(f.available, demand.perDay);
      if (f.available <= 0 || cover <= (p.coverDays ?? 0)) return null;
      const step = f.priorSteps + 1;
      const bp = Math.min(p.maxDepthBp ?? 0, (p.stepBp ?? 0) * step);
      const coverText = Number.isFinite(cover)
        ? `${Math.round(cover)} days of cover at ${demand.text}`
        : demand.fromForecast
          ? `${f.available} in stock at forecast 0 units/day`
          : `${f.available} in stock and no sale in ${f.windowDays} days (no forecast yet)`;
      const cap = bp === p.maxDepthBp ? ' (maximum depth)' : '';
      return { discountBp: bp, why: `${coverText}; clearance step ${step}: −${pct(bp)}${cap}` };
    }
    case 'slow_mover': {
      if (f.available <= 0) return null;
      const since = f.lastSaleAt ?? f.productCreatedAt;
      const idle = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
      if (idle < (p.idleDays ?? 0)) return null;
      const what = f.lastSaleAt ? `no sale in ${idle} days` : `never sold in ${idle} days`;
      return {
        discountBp: p.discountBp ?? 0,
        why: `${what} with ${f.available} in stock: −${pct(p.discountBp ?? 0)}`,
      };
    }
    case 'launch': {
      const age = Math.floor((now.getTime() - f.productCreatedAt.getTime()) / DAY_MS);
      const days = p.days ?? 0;
      if (age >= days || f.available <= 0) return null;
      return {
        discountBp: p.discountBp ?? 0,
        why: `new product (day ${age + 1} of ${days}): launch −${pct(p.discountBp ?? 0)}`,
        durationDays: Math.max(1, days - age),
      };
    }
    default:
      return null;
  }
}

/** One proposal from a wanted discount, or null when the floor leaves nothing off. */
function toProposal(rule: PromoRule, f: PromoFacts, pick: Pick, policy: PromoPolicy): Proposal | null {
  const nonStackBlocked = !rule.stackable && f.price < f.listPrice;
  if (nonStackBlocked || pick.discountBp <= 0) return null;
  const base = f.price;
  const floor = promoFloor(f.cost, policy.marginFloorBp);
  const promo = discounted(base, pick.discountBp, floor);
  if (promo >= base) return null;
  const realBp = Math.floor(((base - promo) * BP) / base);
  if (realBp <= 0) return null;
  const days = pick.durationDays ?? rule.durationDays;
  const { baseline, expected } = expectedUnits(
    demandOf(f).perDay,
    days,
    base,
    promo,
    policy.elasticityBp,
    f.available,
  );
  const floorText =
    f.cost == null
      ? 'no cost on file, so no margin floor'
      : promo === floor
        ? `the margin floor holds the price there to keep ≥ ${pct(policy.marginFloorBp)} margin (−${pct(realBp)} instead)`
        : `floor keeps ≥ ${pct(policy.marginFloorBp)} margin`;
  return {
    ruleId: rule.id,
    variantId: f.variantId,
    productId: f.productId,
    partnerProductId: pick.partnerProductId ?? null,
    discountBp: realBp,
    listPrice: base,
    promoPrice: promo,
    floorPrice: floor,
    explanation: `${pick.why}; ${floorText}`,
    durationDays: days,
    baselineUnits: baseline,
    baselineRevenue: Math.round(baseline * base),
    expectedUnits: expected,
    expectedRevenue: Math.round(expected * promo),
  };
}

/** Bundles: a discount on the partner's variants when both products are in the cart. */
function bundleProposals(
  rule: PromoRule,
  facts: readonly PromoFacts[],
  pairs: readonly BundlePair[],
  policy: PromoPolicy,
) {
  const byProduct = new Map<string, PromoFacts[]>();
  for (const f of facts) byProduct.set(f.productId, [...(byProduct.get(f.productId) ?? []), f]);
  const out: Proposal[] = [];
  const bp = rule.params.discountBp ?? 0;
  for (const pair of pairs) {
    if (pair.shoppers < (rule.params.minShoppers ?? 1)) continue;
    for (const f of byProduct.get(pair.productId) ?? []) {
      if (f.liveFromRule || f.available <= 0) continue;
      const why = `bought together with “${pair.partnerTitle}” by ${pair.shoppers} shoppers: add both and save ${pct(bp)}`;
      const p = toProposal(rule, f, { discountBp: bp, why, partnerProductId: pair.partnerProductId }, policy);
      if (p) out.push(p);
    }
  }
  return out;
}

/** Everything `rule` proposes now (low-stock rules propose nothing: they end promotions). */
export function proposeForRule(
  rule: PromoRule,
  facts: readonly PromoFacts[],
  pairs: readonly BundlePair[],
  policy: PromoPolicy,
  now: Date,
  lowStockThreshold = 0,
): Proposal[] {
  if (!rule.active || !inForce(rule, now) || rule.kind === 'low_stock') return [];
  const eligible = facts.filter((f) => f.available >= lowStockThreshold);
  if (rule.kind === 'bundle') return bundleProposals(rule, eligible, pairs, policy);
  const out: Proposal[] = [];
  for (const f of eligible) {
    if (f.liveFromRule) continue;
    const pick = want(rule, f, now);
    const p = pick && toProposal(rule, f, pick, policy);
    if (p) out.push(p);
  }
  return out;
}

/** The store's low-stock threshold: the highest active low-stock rule's (0 = none). */
export function lowStockThresholdOf(rules: readonly PromoRule[], now: Date): number {
  return rules
    .filter((r) => r.kind === 'low_stock' && r.active && inForce(r, now))
    .reduce((m, r) => Math.max(m, r.params.threshold ?? 0), 0);
}
