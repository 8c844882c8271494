/** Small numeric helpers over typed arrays (no allocation in the hot loops where it matters). */

/** Mean of xs[from, to). */
export function meanOf(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  if (to <= from) return 0;
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i]!;
  return s / (to - from);
}

/** Sum of xs[from, to). */
export function sumOf(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i]!;
  return s;
}

/** The p-quantile (0..1) of an ascending-sorted array, linear interpolation (type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  if (n === 1) return sorted[0]!;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Median of a (copied, then sorted) array. */
export function median(xs: ArrayLike<number>): number {
  return quantileSorted(Float64Array.from(xs).sort(), 0.5);
}

/** Weekday of an epoch day: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}
