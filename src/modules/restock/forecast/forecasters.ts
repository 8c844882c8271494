/**
 * The forecasters the backtest compares, behind one interface: the
 * production selector (forecastSeries — the planner's own path), the
 * benchmarks (naive 28-day average, seasonal naive, plain SBA and TSB on the
 * raw series) and the previous planner (Holt-Winters with z·σ·√L).
 * Each returns the daily mean forecast and the reorder point it would use
 * for a lead time at a service level.
 */
import { planRestock } from '../plan.js';
import { forecastLegacyHoltWinters } from './legacy-holt-winters.js';
import { sbaRate, tsbRate } from './methods.js';
import type { WeekdayProfile } from './profile.js';
import { fillRateReorderPoint, totalQuantile } from './quantiles.js';
import { forecastSeries } from './select.js';
import { meanOf } from './stats.js';

export interface PointForecast {
  values: Float64Array;
  /** The p-quantile of demand over the next `days` days. */
  quantile(days: number, p: number): number;
  /** Mean demand per day (the point forecast may be a median); plans use it. */
  meanValues?: Float64Array;
  /** The reorder point for a fill-rate target (the planner's policy). */
  reorderPoint?(lead: number, cover: number, beta: number): number;
  /** Override of the reorder point / safety stock policy (the legacy planner). */
  legacySigma?: number;
}

export type Forecaster = (
  y: Float64Array,
  startDay: number,
  horizon: number,
  pooled: WeekdayProfile,
  storeTrend?: Float64Array,
) => PointForecast;

function flat(y: Float64Array, H: number, v: number): PointForecast {
  const values = new Float64Array(H).fill(Math.max(0, v));
  const recent = y.subarray(Math.max(0, y.length - 182));
  return { values, quantile: (days, p) => totalQuantile({ values, recent }, days, p) };
}

export const FORECASTERS: Record<string, Forecaster> = {
  planner: (y, startDay, horizon, pooled, storeTrend) => {
    const fc = forecastSeries({
      y,
      startDay,
      horizon,
      pooledProfile: pooled,
      ...(storeTrend ? { storeTrend } : {}),
    });
    return {
      values: fc.values,
      meanValues: fc.meanValues,
      quantile: (days, p) => totalQuantile(fc, days, p),
      reorderPoint: (lead, cover, beta) => fillRateReorderPoint(fc, lead, cover, beta),
    };
  },
  naive28: (y, _s, H) => flat(y, H, meanOf(y, Math.max(0, y.length - 28), y.length)),
  'seasonal-naive': (y, _s, H) => {
    const pf = flat(y, H, 0);
    const n = y.length;
    for (let d = 0; d < H; d++) pf.values[d] = n >= 7 ? y[n - 7 + (d % 7)]! : meanOf(y);
    return pf;
  },
  sba: (y, _s, H) => flat(y, H, sbaRate(y, y.length)),
  tsb: (y, _s, H) => flat(y, H, tsbRate(y, y.length)),
  'holt-winters (current)': (y, _s, H) => {
    const f = forecastLegacyHoltWinters(Array.from(y), H);
    return { values: Float64Array.from(f.values), quantile: () => 0, legacySigma: f.sigma };
  },
};

/** Reorder point and order quantity for a forecast, through the production planRestock. */
export function policyOf(
  pf: PointForecast,
  lead: number,
  coverDays: number,
  serviceLevelBp: number,
): (position: number) => { reorderPoint: number; orderQuantity: number } {
  const beta = serviceLevelBp / 10_000;
  const q =
    pf.legacySigma !== undefined
      ? undefined
      : pf.reorderPoint
        ? pf.reorderPoint(lead, coverDays, beta)
        : pf.quantile(lead, beta);
  return (position) => {
    const r = planRestock({
      forecast: pf.meanValues ?? pf.values,
      sigma: pf.legacySigma ?? 0,
      ...(q !== undefined ? { leadTimeQuantile: q } : {}),
      available: position,
      onOrder: 0,
      serviceLevelBp,
      coverDays,
      terms: { leadTimeDays: lead, moq: 1, packSize: 1 },
    });
    return { reorderPoint: r.reorderPoint, orderQuantity: r.orderQuantity };
  };
}
