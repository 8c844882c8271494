/**
 * Demand classification (Syntetos–Boylan): average inter-demand interval
 * (ADI) and the squared coefficient of variation of the non-zero sizes (CV²),
 * with the usual cut-offs 1.32 and 0.49:
 *   smooth (ADI < 1.32, CV² < 0.49)   erratic (ADI < 1.32, CV² ≥ 0.49)
 *   intermittent (ADI ≥ 1.32, CV² < 0.49)   lumpy (ADI ≥ 1.32, CV² ≥ 0.49)
 * Days the store is closed (weekday share 0) are not demand periods, and
 * neither are the days before the item's first sale: a wait between listing
 * and first sale is not an interval between demands (ADI is the mean of
 * those). Counting it called an item that sold every day for 150 days,
 * after 50 days listed unsold, "intermittent" (ADI 200/150 = 1.33).
 */

export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface Classification {
  demandClass: DemandClass;
  adi: number;
  cv2: number;
  nonZero: number;
}

/**
 * Classifies y[from, to). `open(i)` says whether day i is a trading day;
 * by default every day is.
 */
export function classifyDemand(
  y: ArrayLike<number>,
  from = 0,
  to = y.length,
  open: (i: number) => boolean = () => true,
): Classification {
  let periods = 0;
  let nz = 0;
  let s = 0;
  let s2 = 0;
  for (let i = firstDemandPeriod(y, from, to); i < to; i++) {
    if (!open(i)) continue;
    periods++;
    const v = y[i]!;
    if (v > 0) {
      nz++;
      s += v;
      s2 += v * v;
    }
  }
  const adi = nz === 0 ? Number.POSITIVE_INFINITY : periods / nz;
  const m = nz === 0 ? 0 : s / nz;
  const variance = nz < 2 ? 0 : (s2 - nz * m * m) / (nz - 1);
  const cv2 = m === 0 ? 0 : Math.max(0, variance) / (m * m);
  const intermittent = adi >= ADI_CUTOFF;
  const erratic = cv2 >= CV2_CUTOFF;
  const demandClass: DemandClass = intermittent
    ? erratic
      ? 'lumpy'
      : 'intermittent'
    : erratic
      ? 'erratic'
      : 'smooth';
  return { demandClass, adi, cv2, nonZero: nz };
}

/**
 * Where the demand periods of y[from, to) begin: at `from` when something
 * sold before it (the window cuts an interval between sales), otherwise at
 * the first sale (or `to` when nothing sold).
 */
function firstDemandPeriod(y: ArrayLike<number>, from: number, to: number): number {
  for (let i = 0; i < from; i++) if (y[i]! > 0) return from;
  for (let i = from; i < to; i++) if (y[i]! > 0) return i;
  return to;
}
