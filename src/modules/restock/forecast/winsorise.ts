/**
 * Outlier capping: a bulk order must not be read as a level or a trend.
 * The cap is a Tukey far fence on the log of the non-zero daily sizes over
 * the last year (log scale, because sizes are skewed): exp(Q3 + 3·IQR), at
 * least the largest regular size when there are too few sales to judge.
 */
import { quantileSorted } from './stats.js';

export interface Winsorised {
  x: Float64Array;
  cap: number;
  capped: number;
}

export function winsorise(y: ArrayLike<number>, n = y.length, window = 365): Winsorised {
  const from = Math.max(0, n - window);
  const sizes: number[] = [];
  for (let i = from; i < n; i++) if (y[i]! > 0) sizes.push(Math.log(y[i]!));
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.max(y[i] ?? 0, 0);
  if (sizes.length < 5) return { x, cap: Number.POSITIVE_INFINITY, capped: 0 };
  const s = Float64Array.from(sizes).sort();
  const q1 = quantileSorted(s, 0.25);
  const q3 = quantileSorted(s, 0.75);
  const cap = Math.exp(q3 + 3 * Math.max(q3 - q1, Math.log(2)));
  let capped = 0;
  for (let i = 0; i < n; i++) {
    if (x[i]! > cap) {
      x[i] = cap;
      capped++;
    }
  }
  return { x, cap, capped };
}
