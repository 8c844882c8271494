/**
 * The pricing engine's arithmetic, pure. Money is integer minor units;
 * percentages are basis points. Rounding is explicit: `mulBp` rounds half up,
 * the cost floor rounds UP (so the floor is never undercut by a rounding step).
 */

export const BP = 10_000;

/** amount × bp / 10000, rounded half up (amounts are non-negative). */
export function mulBp(amount: number, bp: number): number {
  return Math.floor((amount * bp + BP / 2) / BP);
}

/** amount × bp / 10000, rounded up. */
export function mulBpCeil(amount: number, bp: number): number {
  return Math.ceil((amount * bp) / BP);
}

/** The lowest price allowed: cost × (1 + margin floor), rounded up; 0 when cost is unknown. */
export function priceFloor(cost: number | null, marginFloorBp: number): number {
  return cost == null ? 0 : mulBpCeil(cost, BP + marginFloorBp);
}

/** Days of stock cover at the window's sales velocity (Infinity when nothing sold). */
export function coverDays(available: number, unitsSold: number, windowDays: number): number {
  if (unitsSold <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(0, available) / (unitsSold / windowDays);
}

/** Whether a rule or promotion is in force at `now` (start inclusive, end exclusive). */
export function activeAt(r: { startsAt: Date | null; endsAt: Date | null }, now: Date): boolean {
  const t = now.getTime();
  return (r.startsAt == null || r.startsAt.getTime() <= t) && (r.endsAt == null || t < r.endsAt.getTime());
}
