/**
 * Restock arithmetic, pure: safety stock, reorder point and order quantity
 * for one variant from its forecast and its supplier's terms.
 *
 * With a forecast distribution (the planner's path, issue #16):
 *   reorder point = the service-level quantile of lead-time demand
 *   safety stock  = reorder point − mean lead-time demand (≥ 0)
 * Without one (legacy, normal approximation):
 *   safety stock  = z(service level) × σ_daily demand × √lead time
 *   reorder point = mean daily demand × lead time + safety stock
 * Then, either way:
 *   order qty     = demand over (lead time + cover days) + safety stock − position,
 *                   at least the MOQ, rounded UP to a whole number of packs
 * where position = available + already on order. Quantities are whole units.
 */

import { fillRateReorderPoint, forecastTotal } from './forecast/quantiles.js';
import type { SeriesForecast } from './forecast/select.js';

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export interface SupplierTerms {
  leadTimeDays: number;
  moq: number;
  packSize: number;
}

export interface PlanInput {
  /** Forecast daily demand for at least leadTime + coverDays days. */
  forecast: ArrayLike<number>;
  /** σ of daily demand (used only without leadTimeQuantile). */
  sigma: number;
  /**
   * The service-level quantile of total demand over the lead time, from the
   * forecast's distribution. When given it sets the reorder point directly.
   */
  leadTimeQuantile?: number;
  available: number;
  onOrder: number;
  /** Service level as basis points (9500 = 95%). */
  serviceLevelBp: number;
  coverDays: number;
  terms: SupplierTerms;
}

export interface PlanResult {
  meanDaily: number;
  safetyStock: number;
  reorderPoint: number;
  /** Whole units to order now (0 when the position is above the reorder point). */
  orderQuantity: number;
}

/** The smallest quantity ≥ need that meets the MOQ and is a whole number of packs. */
export function roundOrderQuantity(need: number, moq: number, packSize: number): number {
  if (need <= 0) return 0;
  const q = Math.max(Math.ceil(need), moq);
  return Math.ceil(q / packSize) * packSize;
}

export function planRestock(input: PlanInput): PlanResult {
  const L = input.terms.leadTimeDays;
  const sum = (from: number, to: number) => {
    let s = 0;
    for (let i = from; i < to; i++) s += input.forecast[i] ?? input.forecast[input.forecast.length - 1] ?? 0;
    return s;
  };
  const leadDemand = sum(0, L);
  const meanDaily = L > 0 ? leadDemand / L : (input.forecast[0] ?? 0);
  let safetyStock: number;
  if (input.leadTimeQuantile !== undefined) {
    safetyStock = Math.max(0, Math.ceil(input.leadTimeQuantile - leadDemand));
  } else {
    const z = normalQuantile(input.serviceLevelBp / 10_000);
    safetyStock = Math.ceil(z * input.sigma * Math.sqrt(L));
  }
  const reorderPoint = Math.ceil(meanDaily * L + safetyStock);
  const position = input.available + input.onOrder;
  const zeroDemand = meanDaily === 0 && (input.leadTimeQuantile ?? input.sigma) === 0;
  if (zeroDemand || position > reorderPoint) {
    return { meanDaily, safetyStock, reorderPoint, orderQuantity: 0 };
  }
  const need = sum(0, L + input.coverDays) + safetyStock - position;
  return {
    meanDaily,
    safetyStock,
    reorderPoint,
    orderQuantity: roundOrderQuantity(need, input.terms.moq, input.terms.packSize),
  };
}

export interface VariantPlan extends PlanResult {
  /** Mean demand over the lead time (units). */
  leadDemand: number;
  /** The service-level reorder point from the forecast distribution (units), null when not planned. */
  leadTimeQuantile: number | null;
  /** The arithmetic in words, for the restock page. */
  explanation: string;
}

/**
 * Plans one variant from its forecast. A variant with too little history is
 * not guessed at: no order, and the plan says why. Otherwise the reorder
 * point is the fill-rate reorder point of the bootstrap lead-time
 * distribution (./forecast/quantiles.ts), and quantities use MEAN demand.
 */
export function planFromForecast(
  fc: SeriesForecast,
  input: Omit<PlanInput, 'forecast' | 'sigma' | 'leadTimeQuantile'>,
): VariantPlan {
  const L = input.terms.leadTimeDays;
  if (fc.status === 'short_history' || fc.status === 'no_demand') {
    const why =
      fc.status === 'no_demand'
        ? 'no sales in the history: nothing to order'
        : `${fc.reason}: not enough history to plan — no automatic order`;
    return {
      meanDaily: 0,
      safetyStock: 0,
      reorderPoint: 0,
      orderQuantity: 0,
      leadDemand: 0,
      leadTimeQuantile: null,
      explanation: why,
    };
  }
  const q = fillRateReorderPoint(fc, L, input.coverDays, input.serviceLevelBp / 10_000);
  const r = planRestock({ ...input, forecast: fc.meanValues, sigma: 0, leadTimeQuantile: q });
  const leadDemand = forecastTotal({ values: fc.meanValues }, L);
  const position = input.available + input.onOrder;
  const explanation =
    `lead-time demand ${leadDemand.toFixed(1)} (mean over ${L} d); ` +
    `reorder point ${r.reorderPoint} = ${input.serviceLevelBp / 100}% fill-rate point of the bootstrap distribution ` +
    `(safety stock ${r.safetyStock}); position ${position} (${input.available} available + ${input.onOrder} on order) ` +
    (r.orderQuantity > 0
      ? `≤ ${r.reorderPoint}: order ${r.orderQuantity} (demand over ${L}+${input.coverDays} d + safety stock − position, MOQ ${input.terms.moq}, packs of ${input.terms.packSize})`
      : `> ${r.reorderPoint}: no order`);
  return { ...r, leadDemand, leadTimeQuantile: q, explanation };
}
