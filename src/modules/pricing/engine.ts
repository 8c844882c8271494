/**
 * The pricing engine: a pure, deterministic function from a variant's facts,
 * the store's rules and promotions, and an injected `now` to the variant's new
 * list price and effective (selling) price, with every rule's effect.
 *
 * All money is integer minor units; percentages are basis points (bp,
 * 10000 = 100%). Rounding is explicit (./engine-math.ts): `mulBp` rounds half
 * up, the cost floor rounds UP (so the floor is never undercut by a rounding step).
 *
 * Order of evaluation (precedence from weakest to strongest), one function each:
 *   1. target   = cost-plus (category rule, else store-wide rule), else the base price
 *   2. target  ×= active seasonal multipliers (category ones, then store-wide)
 *   3. demand   : from the previous list price, one step up (stock cover below
 *                 lowCoverDays) or down (above highCoverDays); otherwise move toward target;
 *                 clamped to [target × minBp, target × maxBp]
 *   4. step     : |list − previous list| ≤ previous × maxStepBp (per run)
 *   5. min/max  : the demand band wins over the step limit
 *   6. promotions on the list price → the effective price (./engine-promotions.ts)
 *   7. floor    : ceil(cost × (1 + marginFloor)); nothing goes below it.
 * Invariants (property-tested): effective ≥ floor; list within the demand
 * band when floor ≤ band max; the step is never exceeded when the previous
 * list price already sat inside the band and above the floor.
 */
import { activeAt, BP, coverDays, mulBp, priceFloor } from './engine-math.js';
import { applyPromotions } from './engine-promotions.js';
import {
  type CostPlusRule,
  type DemandRule,
  note,
  type PriceResult,
  type PriceRule,
  type PriceTrace,
  type PricingPolicy,
  type Promotion,
  type SeasonalRule,
  type VariantFacts,
} from './engine-types.js';

export { BP, coverDays, mulBp, mulBpCeil, priceFloor } from './engine-math.js';
export type {
  CostPlusRule,
  DemandRule,
  PriceReason,
  PriceResult,
  PriceRule,
  PricingPolicy,
  Promotion,
  SeasonalRule,
  VariantFacts,
} from './engine-types.js';

/** Category-specific rule first, then the store-wide one; ties broken by id for determinism. */
function pick<T extends PriceRule>(rules: T[], categoryId: string | null): T | undefined {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  return (
    sorted.find((r) => r.categoryId != null && r.categoryId === categoryId) ??
    sorted.find((r) => r.categoryId == null)
  );
}

function applies(r: PriceRule, categoryId: string | null): boolean {
  return r.categoryId == null || r.categoryId === categoryId;
}

/** Steps 1–2: the target from cost-plus (else the anchored base price), then seasonal multipliers. */
function targetPrice(facts: VariantFacts, live: PriceRule[], previous: number, trace: PriceTrace): number {
  let target = facts.basePrice ?? previous;
  const costPlus = pick(
    live.filter((r): r is CostPlusRule => r.kind === 'cost_plus'),
    facts.categoryId,
  );
  if (costPlus && facts.cost != null) {
    const t = mulBp(facts.cost, BP + costPlus.markupBp);
    note(
      trace,
      'cost_plus',
      { text: `cost {cost} + ${costPlus.markupBp / 100}% markup`, amounts: { cost: facts.cost } },
      target,
      t,
      costPlus.id,
    );
    target = t;
  }
  // Deterministic order: category-specific, then by id.
  const seasonal = live
    .filter((r): r is SeasonalRule => r.kind === 'seasonal')
    .sort((a, b) => Number(a.categoryId == null) - Number(b.categoryId == null) || a.id.localeCompare(b.id));
  for (const s of seasonal) {
    const t = mulBp(target, s.multiplierBp);
    note(trace, 'seasonal', `× ${s.multiplierBp / 100}% (${s.name})`, target, t, s.id);
    target = t;
  }
  return target;
}

interface Banded {
  list: number;
  bandMin: number;
  bandMax: number;
}

/** Step 3: one demand step from the previous list price, within a band around the target. */
function demandPrice(
  facts: VariantFacts,
  demand: DemandRule | undefined,
  target: number,
  previous: number,
  policy: PricingPolicy,
  trace: PriceTrace,
): Banded {
  if (!demand) return { list: target, bandMin: 0, bandMax: Number.POSITIVE_INFINITY };
  const bandMin = mulBp(target, demand.minBp);
  const bandMax = mulBp(target, demand.maxBp);
  const cover = coverDays(facts.available, facts.unitsSold, policy.velocityWindowDays);
  const coverText = Number.isFinite(cover) ? `${cover.toFixed(1)} days of cover` : 'no sales in window';
  let d = previous;
  let direction = 'hold';
  if (cover < demand.lowCoverDays) {
    d = mulBp(previous, BP + demand.stepBp);
    direction = `raise ${demand.stepBp / 100}%`;
  } else if (cover > demand.highCoverDays) {
    d = mulBp(previous, Math.max(0, BP - demand.stepBp));
    direction = `lower ${demand.stepBp / 100}%`;
  }
  const clamped = Math.min(bandMax, Math.max(bandMin, d));
  note(
    trace,
    'demand',
    { text: `${coverText}: ${direction}, band {min}–{max}`, amounts: { min: bandMin, max: bandMax } },
    target,
    clamped,
    demand.id,
  );
  return { list: clamped, bandMin, bandMax };
}

/** Steps 4–5 and the floor on the list price: the per-run step limit, then the band wins, then the floor. */
function limitListPrice(
  b: Banded,
  previous: number,
  floor: number,
  policy: PricingPolicy,
  trace: PriceTrace,
): number {
  let list = b.list;
  const maxMove = mulBp(previous, policy.maxStepBp);
  const stepped = Math.min(previous + maxMove, Math.max(previous - maxMove, list));
  if (stepped !== list)
    note(trace, 'max_step', `limited to ${policy.maxStepBp / 100}% per run`, list, stepped);
  list = stepped;
  // The demand band wins over the step limit (a price outside it is corrected at once).
  const banded = Math.min(b.bandMax, Math.max(b.bandMin, list));
  if (banded !== list)
    note(
      trace,
      'bounds',
      { text: 'within {min}–{max}', amounts: { min: b.bandMin, max: b.bandMax } },
      list,
      banded,
    );
  list = banded;
  if (list < floor) {
    note(trace, 'margin_floor', { text: 'cost floor {floor}', amounts: { floor } }, list, floor);
    list = floor;
  }
  return list;
}

export function computePrice(
  facts: VariantFacts,
  rules: readonly PriceRule[],
  promotions: readonly Promotion[],
  policy: PricingPolicy,
  now: Date,
): PriceResult {
  const trace: PriceTrace = { reasons: [], setBy: 'unchanged' };
  const live = rules.filter((r) => activeAt(r, now) && applies(r, facts.categoryId));
  const previous = facts.listPrice ?? facts.currentPrice;
  const floor = priceFloor(facts.cost, policy.marginFloorBp);
  const target = targetPrice(facts, live, previous, trace);
  const demand = pick(
    live.filter((r): r is DemandRule => r.kind === 'demand'),
    facts.categoryId,
  );
  const banded = demandPrice(facts, demand, target, previous, policy, trace);
  const list = limitListPrice(banded, previous, floor, policy, trace);
  let price = applyPromotions(list, facts, promotions, now, trace);
  // Step 7: the floor is absolute.
  if (price < floor) {
    note(trace, 'margin_floor', { text: 'cost floor {floor}', amounts: { floor } }, price, floor);
    price = floor;
  }
  return {
    variantId: facts.variantId,
    oldPrice: facts.currentPrice,
    listPrice: list,
    newPrice: price,
    floor,
    setBy: trace.setBy,
    reasons: trace.reasons,
  };
}
