/**
 * Rolling-origin evaluation on real sales: for each origin, every SKU with a
 * sale before it is forecast from its history before the origin only and
 * scored on the days after it. Metrics (pooled over SKUs and origins):
 *   WAPE        Σ|F − A| / ΣA over all SKU-days
 *   total error Σ over SKU-origins |ΣF − ΣA| / ΣΣA (the horizon total)
 *   bias        Σ(F − A) / ΣA
 *   MASE        median over SKU-origins of MAE / in-sample one-step naive MAE
 * plus, per SKU, the absolute error summed over origins (for "products won").
 * The inventory simulation is in ./simulate.ts.
 */

import type { Forecaster, PointForecast } from './forecasters.js';
import { addWeekdaySums, profileFromSums, type WeekdayProfile } from './profile.js';
import type { DailySales } from './sales-csv.js';
import { quantileSorted } from './stats.js';
import { addWeeklyTotals, storeTrendMultipliers } from './store-trend.js';

export interface Metrics {
  wape: number;
  totalError: number;
  bias: number;
  medianMase: number;
  /** Absolute daily error per SKU index, summed over origins. */
  perSku: Float64Array;
  pairs: number;
}

export interface OriginForecasts {
  origin: number;
  /** Forecast per SKU index (undefined: no sale before the origin). */
  forecasts: (PointForecast | undefined)[];
}

/** The store-wide weekday profile over the 182 days before `origin`. */
export function pooledProfileAt(sales: DailySales, origin: number): WeekdayProfile {
  const sums = new Float64Array(7);
  const to = origin - sales.start;
  const from = Math.max(0, to - 182);
  for (const s of sales.series) addWeekdaySums(sums, s, sales.start, from, to);
  return profileFromSums(sums);
}

/** The store-wide trend multipliers at `origin` (12 weeks of store totals). */
export function storeTrendAt(sales: DailySales, origin: number, H: number): Float64Array {
  const weekly = new Float64Array(12);
  const n = origin - sales.start;
  for (const s of sales.series) addWeeklyTotals(weekly, s, n);
  return storeTrendMultipliers(weekly, H);
}

/** History of SKU k before `origin` (from its first sale), or undefined. */
export function historyBefore(sales: DailySales, k: number, origin: number): Float64Array | undefined {
  const first = sales.firstSale[k]!;
  if (first >= origin) return undefined;
  return sales.series[k]!.subarray(first - sales.start, origin - sales.start);
}

/** Runs one forecaster at every origin. */
export function runForecaster(
  sales: DailySales,
  origins: readonly number[],
  horizon: number,
  forecaster: Forecaster,
): OriginForecasts[] {
  return origins.map((origin) => {
    const pooled = pooledProfileAt(sales, origin);
    const trend = storeTrendAt(sales, origin, horizon);
    const forecasts = sales.series.map((_, k) => {
      const y = historyBefore(sales, k, origin);
      return y ? forecaster(y, sales.firstSale[k]!, horizon, pooled, trend) : undefined;
    });
    return { origin, forecasts };
  });
}

function inSampleScale(y: Float64Array): number {
  if (y.length < 2) return 0;
  let s = 0;
  for (let i = 1; i < y.length; i++) s += Math.abs(y[i]! - y[i - 1]!);
  return s / (y.length - 1);
}

/** Scores forecasts against the actuals (days past the data's end are not scored). */
export function scoreForecasts(
  sales: DailySales,
  runs: readonly OriginForecasts[],
  horizon: number,
): Metrics {
  const perSku = new Float64Array(sales.skus.length);
  let abs = 0;
  let act = 0;
  let tot = 0;
  let bias = 0;
  let pairs = 0;
  const mases: number[] = [];
  for (const run of runs) {
    const o = run.origin - sales.start;
    const H = Math.min(horizon, sales.end - run.origin);
    run.forecasts.forEach((pf, k) => {
      if (!pf || H <= 0) return;
      const s = sales.series[k]!;
      let e = 0;
      let sf = 0;
      let sa = 0;
      for (let d = 0; d < H; d++) {
        const f = pf.values[d]!;
        const a = s[o + d]!;
        e += Math.abs(f - a);
        sf += f;
        sa += a;
      }
      perSku[k] = perSku[k]! + e;
      abs += e;
      act += sa;
      tot += Math.abs(sf - sa);
      bias += sf - sa;
      pairs++;
      const scale = inSampleScale(historyBefore(sales, k, run.origin)!);
      if (scale > 0) mases.push(e / H / scale);
    });
  }
  const sorted = Float64Array.from(mases).sort();
  return {
    wape: act > 0 ? abs / act : 0,
    totalError: act > 0 ? tot / act : 0,
    bias: act > 0 ? bias / act : 0,
    medianMase: quantileSorted(sorted, 0.5),
    perSku,
    pairs,
  };
}

/** SKUs where `a` has strictly lower summed absolute error than `b` (won / lost / tied). */
export function compareSkus(a: Metrics, b: Metrics): { won: number; lost: number; tied: number } {
  let won = 0;
  let lost = 0;
  let tied = 0;
  for (let k = 0; k < a.perSku.length; k++) {
    const x = a.perSku[k]!;
    const y = b.perSku[k]!;
    if (Math.abs(x - y) < 1e-9) tied++;
    else if (x < y) won++;
    else lost++;
  }
  return { won, lost, tied };
}
