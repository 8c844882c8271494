/**
 * Weekday profiles: the share of a week's demand that falls on each weekday
 * (index 0 = Sunday … 6 = Saturday, shares sum to 1). A store-wide (pooled)
 * profile is robust; a series' own profile is shrunk toward it by how much
 * evidence the series has. Weekdays where the store sells (almost) nothing
 * — closed days — keep a share of 0.
 */
import { weekdayOf } from './stats.js';

export type WeekdayProfile = Float64Array;

export const FLAT_PROFILE: WeekdayProfile = new Float64Array(7).fill(1 / 7);
const CLOSED_SHARE = 0.01;
const SHRINK_DAYS = 20;

function normalise(p: Float64Array): WeekdayProfile {
  let s = 0;
  for (let i = 0; i < 7; i++) s += p[i]!;
  if (s <= 0) return Float64Array.from(FLAT_PROFILE);
  for (let i = 0; i < 7; i++) p[i] = p[i]! / s;
  return p;
}

/** Adds x[from, to) (x[0] falls on epoch day startDay) into per-weekday sums. */
export function addWeekdaySums(
  sums: Float64Array,
  x: ArrayLike<number>,
  startDay: number,
  from = 0,
  to = x.length,
): void {
  let wd = weekdayOf(startDay + from);
  for (let i = from; i < to; i++) {
    sums[wd] = sums[wd]! + x[i]!;
    wd = wd === 6 ? 0 : wd + 1;
  }
}

/** A pooled profile from per-weekday sums over many series. */
export function profileFromSums(sums: Float64Array): WeekdayProfile {
  const p = normalise(Float64Array.from(sums));
  for (let i = 0; i < 7; i++) if (p[i]! < CLOSED_SHARE) p[i] = 0;
  return normalise(p);
}

/**
 * The series' own profile over its last `window` days, shrunk toward
 * `pooled` with weight nonZeroDays / (nonZeroDays + 20); closed days stay 0.
 */
export function seriesProfile(
  x: ArrayLike<number>,
  n: number,
  startDay: number,
  pooled: WeekdayProfile,
  window = 182,
): WeekdayProfile {
  const from = Math.max(0, n - window);
  const sums = new Float64Array(7);
  addWeekdaySums(sums, x, startDay, from, n);
  let total = 0;
  let nz = 0;
  for (let i = from; i < n; i++) {
    total += x[i]!;
    if (x[i]! > 0) nz++;
  }
  const w = nz / (nz + SHRINK_DAYS);
  const p = new Float64Array(7);
  for (let i = 0; i < 7; i++) {
    const own = total > 0 ? sums[i]! / total : pooled[i]!;
    p[i] = pooled[i]! === 0 ? 0 : w * own + (1 - w) * pooled[i]!;
  }
  return normalise(p);
}
