/**
 * Demand forecasting for restock planning (issue #16), the planner's door to
 * ./forecast/: builds each variant's daily history (orders + imported sales)
 * and forecasts all of a store's variants together on the production path
 * (store-wide weekday profile and trend, per-series method selection by
 * rolling-origin backtest, bootstrap distributions).
 */
import type { SeriesForecast } from './forecast/select.js';
import { forecastStore } from './forecast/store-forecast.js';
import { planFromForecast } from './plan.js';

export type { SeriesForecast } from './forecast/select.js';

export interface VariantHistoryInput {
  /** Units per day index (0 = first day of the window). */
  sales: ReadonlyMap<number, number> | undefined;
  /** First day index the variant existed (may be negative). */
  firstDay: number;
}

/**
 * Daily series for every variant over a window of `days` days starting at
 * epoch day `windowStart`: history starts when the variant existed or at its
 * first (imported) sale, whichever is earlier — days before are not zero demand.
 */
export function forecastVariants(
  inputs: readonly VariantHistoryInput[],
  windowStart: number,
  days: number,
  horizon: number,
): SeriesForecast[] {
  const series = inputs.map((v) => {
    let first = Math.max(0, Math.min(days, v.firstDay));
    if (v.sales) for (const [d, q] of v.sales) if (q > 0 && d >= 0 && d < first) first = d;
    const y = new Float64Array(days - first);
    if (v.sales) for (const [d, q] of v.sales) if (d >= first && d < days) y[d - first] = y[d - first]! + q;
    return { y, startDay: windowStart + first };
  });
  return forecastStore(series, horizon);
}

/** What the planner knows about one variant (a PlanningRow's relevant fields). */
export interface PlannableVariant {
  variantId: string;
  sku: string;
  createdAt: Date;
  available: number;
  onOrder: number;
  supplierId: string | null;
  unitCost: number | null;
  leadTimeDays: number | null;
  moq: number | null;
  packSize: number | null;
}

export interface PlanSettings {
  serviceLevelBp: number;
  coverDays: number;
  historyDays: number;
}

const DAY_MS = 86_400_000;

/**
 * Forecasts every variant: history = orders (by variant) + imported sales
 * (by SKU), over the `historyDays` days before `to` (a day start).
 */
export function forecastForPlanning(
  rows: readonly PlannableVariant[],
  orders: ReadonlyMap<string, ReadonlyMap<number, number>>,
  imported: ReadonlyMap<string, ReadonlyMap<number, number>>,
  settings: PlanSettings,
  to: Date,
): SeriesForecast[] {
  const days = settings.historyDays;
  const windowStart = Math.floor(to.getTime() / DAY_MS) - days;
  const inputs = rows.map((r) => {
    const a = orders.get(r.variantId);
    const b = imported.get(r.sku);
    let sales: Map<number, number> | undefined;
    if (a || b) {
      sales = new Map(a ?? []);
      for (const [d, q] of b ?? []) sales.set(d, (sales.get(d) ?? 0) + q);
    }
    return { sales, firstDay: Math.floor(r.createdAt.getTime() / DAY_MS) - windowStart };
  });
  const maxLead = rows.reduce((m, r) => Math.max(m, r.leadTimeDays ?? 7), 7);
  return forecastVariants(inputs, windowStart, days, maxLead + settings.coverDays);
}

/** One plan item from a variant's forecast (the reorder arithmetic is in ./plan.ts). */
export function planItemOf(r: PlannableVariant, fc: SeriesForecast, settings: PlanSettings) {
  const lead = r.leadTimeDays ?? 7;
  const plan = planFromForecast(fc, {
    available: r.available,
    onOrder: r.onOrder,
    serviceLevelBp: settings.serviceLevelBp,
    coverDays: settings.coverDays,
    terms: { leadTimeDays: lead, moq: r.moq ?? 1, packSize: r.packSize ?? 1 },
  });
  return {
    variantId: r.variantId,
    sku: r.sku,
    available: r.available,
    onOrder: r.onOrder,
    method: fc.status === 'ok' ? fc.method : fc.status,
    status: fc.status,
    demandClass: fc.demandClass,
    reason: fc.reason,
    explanation: plan.explanation,
    meanDaily: Math.round(plan.meanDaily * 100) / 100,
    sigma: Math.round(recentSigma(fc.recent) * 100) / 100,
    safetyStock: plan.safetyStock,
    reorderPoint: plan.reorderPoint,
    orderQuantity: plan.orderQuantity,
    supplierId: r.supplierId,
    unitCost: r.unitCost,
  };
}

/** Forecasts and plans every variant. */
export function planVariants(
  rows: readonly PlannableVariant[],
  orders: ReadonlyMap<string, ReadonlyMap<number, number>>,
  imported: ReadonlyMap<string, ReadonlyMap<number, number>>,
  settings: PlanSettings,
  to: Date,
) {
  const forecasts = forecastForPlanning(rows, orders, imported, settings, to);
  return rows.map((r, i) => planItemOf(r, forecasts[i]!, settings));
}

function recentSigma(y: Float64Array): number {
  if (y.length < 2) return 0;
  let s = 0;
  for (const v of y) s += v;
  const m = s / y.length;
  let v2 = 0;
  for (const v of y) v2 += (v - m) * (v - m);
  return Math.sqrt(v2 / (y.length - 1));
}
