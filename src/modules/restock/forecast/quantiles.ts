/**
 * Forecast distributions by an empirical (moving-block) bootstrap: the
 * shape of demand comes from the series' own recent raw history — its zero
 * days, its bulk orders — and the mean from the chosen method. For a total
 * over D days, every D-day window of the recent history (circular, so even
 * a short history gives as many windows as days) is one sample; the samples
 * are scaled so their mean equals the forecast total, and the p-quantile of
 * the scaled samples is the answer. Daily quantiles do the same per weekday.
 */
import type { SeriesForecast } from './select.js';
import { quantileSorted, weekdayOf } from './stats.js';

/** Forecast mean total over the first `days` days (the last day repeats past the horizon). */
export function forecastTotal(fc: Pick<SeriesForecast, 'values'>, days: number): number {
  const v = fc.values;
  let s = 0;
  for (let d = 0; d < days; d++) s += v[Math.min(d, v.length - 1)] ?? 0;
  return s;
}

type DistributionBase = Pick<SeriesForecast, 'values' | 'recent'> & { meanValues?: Float64Array };

/** Scaled, sorted D-day window sums of the recent history (scaled to the mean forecast when there is one). */
export function windowSamples(fc: DistributionBase, days: number): Float64Array {
  const r = fc.recent;
  const m = r.length;
  const total = forecastTotal({ values: fc.meanValues ?? fc.values }, days);
  if (m === 0 || total <= 0 || days <= 0) return new Float64Array(1);
  const sums = new Float64Array(m);
  let s = 0;
  for (let i = 0; i < days; i++) s += r[i % m]!;
  let mean = 0;
  for (let j = 0; j < m; j++) {
    sums[j] = s;
    mean += s;
    s += r[(j + days) % m]! - r[j]!;
  }
  mean /= m;
  if (mean <= 0) return Float64Array.of(total);
  // Scale up when the forecast is above the recent history (growth, a level
  // shift), never down: capping removed bulk orders from the mean, not from
  // the risk they carry.
  const k = Math.max(1, total / mean);
  for (let j = 0; j < m; j++) sums[j] = sums[j]! * k;
  return sums.sort();
}

/** The p-quantile of total demand over the next `days` days. */
export function totalQuantile(fc: DistributionBase, days: number, p: number): number {
  return quantileSorted(windowSamples(fc, days), p);
}

/** Daily p-quantiles for each horizon day (same-weekday samples of the recent history, scaled). */
export function dailyQuantiles(
  fc: Pick<SeriesForecast, 'values' | 'recent' | 'recentStart' | 'originDay'>,
  ps: readonly number[],
): Float64Array[] {
  const byWd: number[][] = [[], [], [], [], [], [], []];
  let wd = weekdayOf(fc.recentStart);
  for (let i = 0; i < fc.recent.length; i++) {
    byWd[wd]!.push(fc.recent[i]!);
    wd = wd === 6 ? 0 : wd + 1;
  }
  const sorted = byWd.map((xs) => Float64Array.from(xs).sort());
  const means = sorted.map((xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0));
  const out = ps.map(() => new Float64Array(fc.values.length));
  wd = weekdayOf(fc.originDay);
  for (let d = 0; d < fc.values.length; d++) {
    const v = fc.values[d]!;
    const mu = means[wd]!;
    for (let q = 0; q < ps.length; q++) {
      out[q]![d] = v <= 0 ? 0 : mu > 0 ? quantileSorted(sorted[wd]!, ps[q]!) * (v / mu) : v;
    }
    wd = wd === 6 ? 0 : wd + 1;
  }
  return out;
}

/**
 * The bootstrap knows the demand's shape but not the uncertainty of its
 * level (growth, new bulk buyers), so the shortage allowance is a twentieth
 * of the textbook one. Calibrated on the real-sales backtest (issue #16,
 * origins 2011-07-29…09-16, lead 7 d, cover 30 d): with the full allowance
 * the simulated fill rate was 93–94% for a 95% target; with a twentieth it
 * is 95.3%, with 54 days of stock against the previous planner's 83.
 */
const SHORTAGE_ALLOWANCE = 0.05;

/**
 * The reorder point that meets a FILL-RATE target β (units served / units
 * demanded): the smallest R whose expected shortage over the protection
 * interval (lead time + one review day: the plan is reviewed daily),
 * E[(D − R)+] from the bootstrap samples, is at most the allowance times
 * (1 − β) × the expected demand of one order cycle (cover days). It never
 * goes below the β-quantile of that demand (cycle service β).
 */
export function fillRateReorderPoint(
  fc: DistributionBase,
  leadDays: number,
  coverDays: number,
  beta: number,
  reviewDays = 1,
): number {
  const s = windowSamples(fc, leadDays + reviewDays);
  const m = s.length;
  const cycle = Math.max(1, forecastTotal({ values: fc.meanValues ?? fc.values }, Math.max(1, coverDays)));
  const allowed = (1 - beta) * cycle * SHORTAGE_ALLOWANCE;
  const qBeta = quantileSorted(s, beta);
  // Walk R down from the largest sample while the expected shortage stays within the allowance.
  let shortage = 0;
  let r = s[m - 1]!;
  for (let j = m - 1; j > 0; j--) {
    // Lowering R from s[j] to s[j-1] adds (s[j] − s[j-1]) for each of the m − j samples above.
    const next = shortage + ((m - j) * (s[j]! - s[j - 1]!)) / m;
    if (next > allowed) {
      r = s[j]! - ((allowed - shortage) * m) / (m - j);
      break;
    }
    shortage = next;
    r = s[j - 1]!;
  }
  return Math.max(qBeta, r, 0);
}
