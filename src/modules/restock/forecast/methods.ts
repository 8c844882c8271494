/**
 * Forecasting methods over a daily demand history x[0, n) (oldest first).
 * Each writes the de-seasonalised mean daily demand for the next `H` days
 * into `out` (the weekday profile is applied later, by the selector).
 *
 * - naive28: mean of the last 28 raw days (the benchmark; not winsorised).
 * - mean28 / mean84: mean of the last 28 / 84 winsorised days.
 * - median8w: median of the last 8 weekly totals (robust to a bulk week).
 * - ses: simple exponential smoothing of weekly totals (α 0.2).
 * - damped: Holt's linear method with a DAMPED trend on weekly totals
 *   (α 0.3, β 0.1, φ 0.8), the trend capped at ±50% of the level, so a
 *   step or one big week is never extrapolated as growth.
 * - sba: Croston with the Syntetos–Boylan correction (α 0.1), daily.
 * - tsb: Teunter–Syntetos–Babai (α 0.1 size, β 0.05 probability), daily:
 *   the demand probability decays while nothing sells (obsolescence).
 */
import { meanOf } from './stats.js';

export type MethodName =
  | 'naive28'
  | 'mean28'
  | 'mean84'
  | 'median4w'
  | 'median8w'
  | 'median13w'
  | 'medses'
  | 'ses'
  | 'damped'
  | 'sba'
  | 'tsb';

export interface MethodInput {
  /** Raw daily units. */
  raw: ArrayLike<number>;
  /** Winsorised daily units (bulk orders capped). */
  x: Float64Array;
  /** Use days [0, n) only. */
  n: number;
}

export type Method = (m: MethodInput, out: Float64Array, H: number) => void;

function fill(out: Float64Array, H: number, v: number): void {
  const c = v > 0 && Number.isFinite(v) ? v : 0;
  for (let h = 0; h < H; h++) out[h] = c;
}

/** Weekly totals of x[0, n), aligned so the last week ends at n; oldest first. */
export function weeklyTotals(
  x: ArrayLike<number>,
  n: number,
  maxWeeks = Number.POSITIVE_INFINITY,
): Float64Array {
  const W = Math.min(Math.floor(n / 7), maxWeeks);
  const w = new Float64Array(W);
  for (let k = 0; k < W; k++) {
    let s = 0;
    const end = n - 7 * (W - 1 - k);
    for (let i = end - 7; i < end; i++) s += x[i]!;
    w[k] = s;
  }
  return w;
}

export const naive28: Method = (m, out, H) => fill(out, H, meanOf(m.raw, Math.max(0, m.n - 28), m.n));
export const mean28: Method = (m, out, H) => fill(out, H, meanOf(m.x, Math.max(0, m.n - 28), m.n));
export const mean84: Method = (m, out, H) => fill(out, H, meanOf(m.x, Math.max(0, m.n - 84), m.n));

/** Median weekly total of the last `weeks` weeks, per day. */
export function medianWeekly(x: ArrayLike<number>, n: number, weeks: number): number {
  const w = weeklyTotals(x, n, weeks).sort();
  if (w.length === 0) return meanOf(x, 0, n);
  const mid = w.length >> 1;
  return (w.length % 2 ? w[mid]! : (w[mid - 1]! + w[mid]!) / 2) / 7;
}

export const median8w: Method = (m, out, H) => fill(out, H, medianWeekly(m.x, m.n, 8));
export const median4w: Method = (m, out, H) => fill(out, H, medianWeekly(m.x, m.n, 4));
export const median13w: Method = (m, out, H) => fill(out, H, medianWeekly(m.x, m.n, 13));
export const medses: Method = (m, out, H) => {
  const w = weeklyTotals(m.x, m.n);
  const s = w.length === 0 ? meanOf(m.x, 0, m.n) : sesLevel(w, 0.2) / 7;
  fill(out, H, 0.5 * (s + medianWeekly(m.x, m.n, 8)));
};

/** SES level of a series (initialised on the mean of its first four values). */
export function sesLevel(w: ArrayLike<number>, alpha: number): number {
  if (w.length === 0) return 0;
  let level = meanOf(w, 0, Math.min(4, w.length));
  for (let t = 0; t < w.length; t++) level += alpha * (w[t]! - level);
  return level;
}

export const ses: Method = (m, out, H) => {
  const w = weeklyTotals(m.x, m.n);
  fill(out, H, w.length === 0 ? meanOf(m.x, 0, m.n) : sesLevel(w, 0.2) / 7);
};

/** Damped-trend Holt state after a series: level, trend (per period). */
export function dampedHolt(
  w: ArrayLike<number>,
  alpha: number,
  beta: number,
  phi: number,
): { level: number; trend: number } {
  if (w.length === 0) return { level: 0, trend: 0 };
  let level = meanOf(w, 0, Math.min(4, w.length));
  let trend = 0;
  for (let t = 0; t < w.length; t++) {
    const prev = level;
    level = alpha * w[t]! + (1 - alpha) * (prev + phi * trend);
    trend = beta * (level - prev) + (1 - beta) * phi * trend;
  }
  return { level, trend };
}

/**
 * How far a damped trend has carried by each horizon day h:
 * φ + φ² + … + φ^week, with week = ⌊h/7⌋ + 1 (the trend moves once a week).
 */
export function dampedTrendSums(phi: number, H: number): Float64Array {
  const out = new Float64Array(H);
  let acc = 0;
  let pw = 1;
  let week = 0;
  for (let h = 0; h < H; h++) {
    const wk = Math.floor(h / 7) + 1;
    while (week < wk) {
      pw *= phi;
      acc += pw;
      week++;
    }
    out[h] = acc;
  }
  return out;
}

export const damped: Method = (m, out, H) => {
  const w = weeklyTotals(m.x, m.n);
  if (w.length < 4) return fill(out, H, meanOf(m.x, 0, m.n));
  const phi = 0.8;
  const { level, trend } = dampedHolt(w, 0.3, 0.1, phi);
  const capped = Math.max(-0.5 * Math.abs(level), Math.min(0.5 * Math.abs(level), trend));
  const carried = dampedTrendSums(phi, H);
  for (let h = 0; h < H; h++) out[h] = Math.max((level + carried[h]! * capped) / 7, 0);
};

/** Croston-SBA daily rate: (1 − α/2) · size / interval. */
export function sbaRate(x: ArrayLike<number>, n: number, alpha = 0.1): number {
  let size = 0;
  let interval = 0;
  let q = 1;
  let started = false;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v > 0) {
      if (!started) {
        size = v;
        interval = q;
        started = true;
      } else {
        size += alpha * (v - size);
        interval += alpha * (q - interval);
      }
      q = 1;
    } else q++;
  }
  return started && interval > 0 ? ((1 - alpha / 2) * size) / interval : 0;
}

export const sba: Method = (m, out, H) => fill(out, H, sbaRate(m.x, m.n));

/** TSB daily rate: probability × size, both smoothed every day. */
export function tsbRate(x: ArrayLike<number>, n: number, alpha = 0.1, beta = 0.05): number {
  const init = Math.min(n, 28);
  let nz = 0;
  let s = 0;
  for (let i = 0; i < init; i++) {
    if (x[i]! > 0) {
      nz++;
      s += x[i]!;
    }
  }
  let prob = init > 0 ? nz / init : 0;
  let size = nz > 0 ? s / nz : 0;
  for (let i = init; i < n; i++) {
    const v = x[i]!;
    if (v > 0) {
      prob += beta * (1 - prob);
      size = size === 0 ? v : size + alpha * (v - size);
    } else prob -= beta * prob;
  }
  return prob * size;
}

export const tsb: Method = (m, out, H) => fill(out, H, tsbRate(m.x, m.n));

export const METHODS: Record<MethodName, Method> = {
  naive28,
  mean28,
  mean84,
  median4w,
  median8w,
  median13w,
  medses,
  ses,
  damped,
  sba,
  tsb,
};
