/**
 * The pricing engine: a pure, deterministic function from a variant's facts,
 * the store's rules and promotions, and an injected `now` to the variant's new
 * list price and effective (selling) price, with every rule's effect.
 *
 * All money is integer minor units; percentages are basis points (bp,
 * 10000 = 100%). Rounding is explicit: `mulBp` rounds half up, the cost floor
 * rounds UP (so the floor is never undercut by a rounding step).
 *
 * Order of evaluation (precedence from weakest to strongest):
 *   1. target   = cost-plus (category rule, else store-wide rule), else the base price
 *   2. target  ×= active seasonal multipliers (category ones, then store-wide)
 *   3. demand   : from the previous list price, one step up (stock cover below
 *                 lowCoverDays) or down (above highCoverDays); otherwise move toward target;
 *                 clamped to [target × minBp, target × maxBp]
 *   4. step     : |list − previous list| ≤ previous × maxStepBp (per run)
 *   5. min/max  : the demand band wins over the step limit
 *   6. promotions on the list price → the effective price
 *   7. floor    : ceil(cost × (1 + marginFloor)); nothing goes below it.
 * Invariants (property-tested): effective ≥ floor; list within the demand
 * band when floor ≤ band max; the step is never exceeded when the previous
 * list price already sat inside the band and above the floor.
 */

export const BP = 10_000;

/** amount × bp / 10000, rounded half up (amounts are non-negative). */
export function mulBp(amount: number, bp: number): number {
  return Math.floor((amount * bp + BP / 2) / BP);
}

/** amount × bp / 10000, rounded up. */
export function mulBpCeil(amount: number, bp: number): number {
  return Math.ceil((amount * bp) / BP);
}

/** The lowest price allowed: cost × (1 + margin floor), rounded up; 0 when cost is unknown. */
export function priceFloor(cost: number | null, marginFloorBp: number): number {
  return cost == null ? 0 : mulBpCeil(cost, BP + marginFloorBp);
}

export interface VariantFacts {
  variantId: string;
  productId: string;
  categoryId: string | null;
  /** Unit cost, or null when unknown (then no cost-plus and no floor). */
  cost: number | null;
  /** The price customers pay today. */
  currentPrice: number;
  /** The last pre-promotion price computed by the engine; null on the first run. */
  listPrice: number | null;
  /** The merchant's own price when pricing first saw the variant (the demand
   *  band's anchor without cost-plus); null → the previous list price. */
  basePrice: number | null;
  /** stock − reserved. */
  available: number;
  /** Units sold (paid/fulfilled/completed orders) within the velocity window. */
  unitsSold: number;
}

interface RuleBase {
  id: string;
  name: string;
  categoryId: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
}
export interface CostPlusRule extends RuleBase {
  kind: 'cost_plus';
  markupBp: number;
}
export interface SeasonalRule extends RuleBase {
  kind: 'seasonal';
  multiplierBp: number;
}
export interface DemandRule extends RuleBase {
  kind: 'demand';
  /** Days of cover below which the price rises one step. */
  lowCoverDays: number;
  /** Days of cover above which the price falls one step. */
  highCoverDays: number;
  stepBp: number;
  /** Band around the target: [target × minBp, target × maxBp]. */
  minBp: number;
  maxBp: number;
}
export type PriceRule = CostPlusRule | SeasonalRule | DemandRule;

export interface Promotion {
  id: string;
  name: string;
  kind: 'percentage' | 'fixed';
  /** bp for percentage, minor units for fixed. */
  value: number;
  target: 'all' | 'product' | 'category';
  targetId: string | null;
  priority: number;
  stackable: boolean;
  startsAt: Date;
  endsAt: Date | null;
}

export interface PricingPolicy {
  marginFloorBp: number;
  maxStepBp: number;
  velocityWindowDays: number;
}

export interface PriceReason {
  rule: string;
  ruleId?: string;
  effect: string;
  before: number;
  after: number;
}

export interface PriceResult {
  variantId: string;
  oldPrice: number;
  listPrice: number;
  newPrice: number;
  floor: number;
  /** The rule that last changed the price ('unchanged' when none did). */
  setBy: string;
  reasons: PriceReason[];
}

function activeAt(r: { startsAt: Date | null; endsAt: Date | null }, now: Date): boolean {
  const t = now.getTime();
  return (r.startsAt == null || r.startsAt.getTime() <= t) && (r.endsAt == null || t < r.endsAt.getTime());
}

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

/** Days of stock cover at the window's sales velocity (Infinity when nothing sold). */
export function coverDays(available: number, unitsSold: number, windowDays: number): number {
  if (unitsSold <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(0, available) / (unitsSold / windowDays);
}

export function computePrice(
  facts: VariantFacts,
  rules: readonly PriceRule[],
  promotions: readonly Promotion[],
  policy: PricingPolicy,
  now: Date,
): PriceResult {
  const reasons: PriceReason[] = [];
  let setBy = 'unchanged';
  const note = (rule: string, effect: string, before: number, after: number, ruleId?: string) => {
    reasons.push({ rule, ...(ruleId ? { ruleId } : {}), effect, before, after });
    if (after !== before) setBy = rule;
  };
  const live = rules.filter((r) => activeAt(r, now) && applies(r, facts.categoryId));
  const previous = facts.listPrice ?? facts.currentPrice;
  const floor = priceFloor(facts.cost, policy.marginFloorBp);

  // 1. Target from cost-plus, else the anchored base price.
  let target = facts.basePrice ?? previous;
  const costPlus = pick(
    live.filter((r): r is CostPlusRule => r.kind === 'cost_plus'),
    facts.categoryId,
  );
  if (costPlus && facts.cost != null) {
    const t = mulBp(facts.cost, BP + costPlus.markupBp);
    note('cost_plus', `cost ${facts.cost} + ${costPlus.markupBp / 100}% markup`, target, t, costPlus.id);
    target = t;
  }

  // 2. Seasonal multipliers (deterministic order: category-specific, then by id).
  const seasonal = live
    .filter((r): r is SeasonalRule => r.kind === 'seasonal')
    .sort((a, b) => Number(a.categoryId == null) - Number(b.categoryId == null) || a.id.localeCompare(b.id));
  for (const s of seasonal) {
    const t = mulBp(target, s.multiplierBp);
    note('seasonal', `× ${s.multiplierBp / 100}% (${s.name})`, target, t, s.id);
    target = t;
  }

  // 3. Demand: one step from the previous list price, within a band around the target.
  let list = target;
  const demand = pick(
    live.filter((r): r is DemandRule => r.kind === 'demand'),
    facts.categoryId,
  );
  let bandMin = 0;
  let bandMax = Number.POSITIVE_INFINITY;
  if (demand) {
    bandMin = mulBp(target, demand.minBp);
    bandMax = mulBp(target, demand.maxBp);
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
    note('demand', `${coverText}: ${direction}, band ${bandMin}–${bandMax}`, target, clamped, demand.id);
    list = clamped;
  }

  // 4. Per-run step limit from the previous list price.
  const maxMove = mulBp(previous, policy.maxStepBp);
  const stepped = Math.min(previous + maxMove, Math.max(previous - maxMove, list));
  if (stepped !== list) note('max_step', `limited to ${policy.maxStepBp / 100}% per run`, list, stepped);
  list = stepped;

  // 5. The demand band wins over the step limit (a price outside it is corrected at once).
  const banded = Math.min(bandMax, Math.max(bandMin, list));
  if (banded !== list) note('bounds', `within ${bandMin}–${bandMax}`, list, banded);
  list = banded;
  if (list < floor) {
    note('margin_floor', `cost floor ${floor}`, list, floor);
    list = floor;
  }

  // 6. Promotions on the list price.
  let price = list;
  const promos = promotions
    .filter((p) => activeAt(p, now))
    .filter(
      (p) =>
        p.target === 'all' ||
        (p.target === 'product' && p.targetId === facts.productId) ||
        (p.target === 'category' && p.targetId != null && p.targetId === facts.categoryId),
    )
    .sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  // Stacking: the highest-priority promotion always applies; further ones only
  // while every promotion applied so far AND the next one are stackable.
  for (let i = 0; i < promos.length; i++) {
    const p = promos[i]!;
    if (i > 0 && !(p.stackable && promos.slice(0, i).every((q) => q.stackable))) break;
    const off = p.kind === 'percentage' ? mulBp(price, p.value) : p.value;
    const after = Math.max(0, price - off);
    note(
      'promotion',
      `${p.name}: ${p.kind === 'percentage' ? `${p.value / 100}%` : `${p.value}`} off`,
      price,
      after,
      p.id,
    );
    price = after;
  }

  // 7. The floor is absolute.
  if (price < floor) {
    note('margin_floor', `cost floor ${floor}`, price, floor);
    price = floor;
  }

  return {
    variantId: facts.variantId,
    oldPrice: facts.currentPrice,
    listPrice: list,
    newPrice: price,
    floor,
    setBy,
    reasons,
  };
}
