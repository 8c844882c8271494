/**
 * The store-wide demand trend: a damped-trend Holt fit on the store's total
 * weekly demand (all series summed, so one bulk order or one product's step
 * cannot drive it). It is turned into a per-horizon-day multiplier
 *   1 + g·(φ + φ² + … + φ^week),  g = trend / level,
 * clamped to [0.8, 1.3], that scales every series' level: a seasonal ramp
 * (the pre-Christmas build-up) shows in the aggregate long before a single
 * lumpy series could reveal it.
 */
import { dampedHolt, dampedTrendSums } from './methods.js';

const PHI = 0.8;
const MIN_MULT = 0.8;
const MAX_MULT = 1.3;

/** Weekly store totals (oldest first) → multiplier for each of the next H days. */
export function storeTrendMultipliers(weekly: ArrayLike<number>, H: number): Float64Array {
  const out = new Float64Array(H).fill(1);
  if (weekly.length < 8) return out;
  const { level, trend } = dampedHolt(weekly, 0.3, 0.1, PHI);
  if (!(level > 0)) return out;
  const g = trend / level;
  const carried = dampedTrendSums(PHI, H);
  for (let h = 0; h < H; h++) out[h] = Math.min(MAX_MULT, Math.max(MIN_MULT, 1 + g * carried[h]!));
  return out;
}

/** Adds the weekly totals of x[0, n) (weeks ending at n) into `weekly` (length W, oldest first). */
export function addWeeklyTotals(weekly: Float64Array, x: ArrayLike<number>, n: number): void {
  const W = weekly.length;
  for (let k = 0; k < W; k++) {
    const end = n - 7 * (W - 1 - k);
    for (let i = Math.max(0, end - 7); i < end; i++) weekly[k] = weekly[k]! + x[i]!;
  }
}
