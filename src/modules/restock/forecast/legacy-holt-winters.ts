/**
 * THE PREVIOUS PLANNER'S FORECASTER, kept only as the benchmark the backtest CLI
 * compares against (issue #16). Not used by planning. Demand forecasting: pure functions over a daily demand series (oldest
 * first, one number per day, zeros included).
 *
 * - ≥ 28 days (four weekly seasons): Holt-Winters additive, period 7, with
 *   smoothing parameters chosen by a small grid search on one-step-ahead SSE.
 * - 7–27 days: double exponential smoothing (Holt: level + trend).
 * - < 7 days: simple exponential smoothing.
 * - All zeros (or no history): a zero forecast with zero variability.
 * Forecasts are clamped at 0 (demand is never negative).
 */

export type LegacyMethod = 'holt_winters' | 'holt' | 'ses' | 'zero';

export interface LegacyForecast {
  method: LegacyMethod;
  /** Forecast for each of the next `horizon` days. */
  values: number[];
  /** Standard deviation of the one-step-ahead residuals (demand variability). */
  sigma: number;
}

const ALPHAS = [0.05, 0.1, 0.2, 0.35, 0.5];
const BETAS = [0.01, 0.05, 0.15];
const GAMMAS = [0.05, 0.15, 0.3];

function mean(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function stddev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

interface Fit {
  sse: number;
  residuals: number[];
  forecast: (h: number) => number;
}

function fitSes(y: readonly number[], alpha: number): Fit {
  let level = y[0]!;
  let sse = 0;
  const residuals: number[] = [];
  for (let t = 1; t < y.length; t++) {
    const e = y[t]! - level;
    sse += e * e;
    residuals.push(e);
    level += alpha * e;
  }
  return { sse, residuals, forecast: () => level };
}

function fitHolt(y: readonly number[], alpha: number, beta: number): Fit {
  let level = y[0]!;
  let trend = y.length > 1 ? y[1]! - y[0]! : 0;
  let sse = 0;
  const residuals: number[] = [];
  for (let t = 1; t < y.length; t++) {
    const f = level + trend;
    const e = y[t]! - f;
    sse += e * e;
    residuals.push(e);
    const prev = level;
    level = f + alpha * e;
    trend = trend + beta * (level - prev - trend);
  }
  return { sse, residuals, forecast: (h) => level + h * trend };
}

function fitHoltWinters(y: readonly number[], p: number, alpha: number, beta: number, gamma: number): Fit {
  // Initial state from the first two seasons.
  const s1 = mean(y.slice(0, p));
  const s2 = mean(y.slice(p, 2 * p));
  let level = s1;
  let trend = (s2 - s1) / p;
  const season = y.slice(0, p).map((v) => v - s1);
  let sse = 0;
  const residuals: number[] = [];
  for (let t = p; t < y.length; t++) {
    const si = t % p;
    const f = level + trend + season[si]!;
    const e = y[t]! - f;
    sse += e * e;
    residuals.push(e);
    const prevLevel = level;
    level = prevLevel + trend + alpha * e;
    trend = trend + alpha * beta * e;
    season[si] = season[si]! + gamma * (1 - alpha) * e;
  }
  const n = y.length;
  return { sse, residuals, forecast: (h) => level + h * trend + season[(n + h - 1) % p]! };
}

function best(fits: Fit[]): Fit {
  return fits.reduce((a, b) => (b.sse < a.sse ? b : a));
}

/** Forecasts the next `horizon` days of demand from a daily series. */
export function forecastLegacyHoltWinters(
  series: readonly number[],
  horizon: number,
  period = 7,
): LegacyForecast {
  const y = series.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  if (y.length === 0 || y.every((v) => v === 0)) {
    return { method: 'zero', values: new Array(horizon).fill(0), sigma: 0 };
  }
  let method: LegacyMethod;
  let fit: Fit;
  if (y.length >= 4 * period) {
    method = 'holt_winters';
    const fits: Fit[] = [];
    for (const a of ALPHAS)
      for (const b of BETAS) for (const g of GAMMAS) fits.push(fitHoltWinters(y, period, a, b, g));
    fit = best(fits);
  } else if (y.length >= period) {
    method = 'holt';
    const fits: Fit[] = [];
    for (const a of ALPHAS) for (const b of BETAS) fits.push(fitHolt(y, a, b));
    fit = best(fits);
  } else {
    method = 'ses';
    fit = best(ALPHAS.map((a) => fitSes(y, a)));
  }
  const values: number[] = [];
  for (let h = 1; h <= horizon; h++) values.push(Math.max(0, fit.forecast(h)));
  // Sparse series: fall back to the raw spread when there are too few residuals.
  const sigma = fit.residuals.length >= 5 ? stddev(fit.residuals) : stddev(y);
  return { method, values, sigma };
}

/** Mean absolute percentage error over the days with non-zero actual demand. */
export function mape(actual: readonly number[], predicted: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    if (a === 0) continue;
    sum += Math.abs((a - (predicted[i] ?? 0)) / a);
    n++;
  }
  return n === 0 ? 0 : sum / n;
}
