/**
 * The pricing engine's inputs and outputs (see ./engine.ts). Money is integer
 * minor units; percentages are basis points (bp, 10000 = 100%).
 */

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

/**
 * One step's effect on a price. `effect` is text in which `{name}` stands for
 * the amount `amounts[name]` (minor units): the engine knows no currency, so
 * the page formats the money (./reason-text.ts) instead of printing "cost 1000".
 */
export interface PriceReason {
  rule: string;
  ruleId?: string;
  effect: string;
  amounts?: Record<string, number>;
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

/** The reasons recorded while one price is computed, and the rule that last moved it. */
export interface PriceTrace {
  reasons: PriceReason[];
  setBy: string;
}

export function note(
  trace: PriceTrace,
  rule: string,
  effect: string | { text: string; amounts: Record<string, number> },
  before: number,
  after: number,
  ruleId?: string,
): void {
  const text = typeof effect === 'string' ? { effect } : { effect: effect.text, amounts: effect.amounts };
  trace.reasons.push({ rule, ...(ruleId ? { ruleId } : {}), ...text, before, after });
  if (after !== before) trace.setBy = rule;
}
