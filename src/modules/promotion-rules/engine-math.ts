/**
 * Promotion arithmetic, pure. Money is integer minor units; bp = 1/10000.
 * Rounding: a discount rounds DOWN (the shopper never gets more off than the
 * rule says), the margin floor rounds UP (never undercut by rounding), and no
 * promoted price is ever below 1 minor unit.
 */
export const BP = 10_000;
export const DAY_MS = 86_400_000;

/** amount × bp / 10000 rounded down. */
export function discountOf(amount: number, bp: number): number {
  return Math.floor((amount * bp) / BP);
}

/** The lowest promoted price: cost × (1 + floor) rounded up, at least 1; without a cost, 1. */
export function promoFloor(cost: number | null, marginFloorBp: number): number {
  if (cost == null) return 1;
  return Math.max(1, Math.ceil((cost * (BP + marginFloorBp)) / BP));
}

/** The price after `bp` off `price`, never below `floor` nor 1. */
export function discounted(price: number, bp: number, floor: number): number {
  return Math.max(1, floor, price - discountOf(price, bp));
}

/** Units per day over the window. */
export function velocity(unitsSold: number, windowDays: number): number {
  return windowDays > 0 ? Math.max(0, unitsSold) / windowDays : 0;
}

/** Days of stock cover at that velocity (Infinity when nothing sold). */
export function daysOfCover(available: number, perDay: number): number {
  return perDay > 0 ? Math.max(0, available) / perDay : Number.POSITIVE_INFINITY;
}

/**
 * Expected units over `days` at the promoted price: the forecast without it
 * (velocity × days) × (1 + elasticity × discount fraction), never more than in stock.
 */
export function expectedUnits(
  perDay: number,
  days: number,
  listPrice: number,
  promoPrice: number,
  elasticityBp: number,
  available: number,
): { baseline: number; expected: number } {
  const baseline = Math.min(available, perDay * days);
  const cut = listPrice > 0 ? (listPrice - promoPrice) / listPrice : 0;
  const expected = Math.min(Math.max(0, available), perDay * days * (1 + (elasticityBp / BP) * cut));
  return { baseline: round2(baseline), expected: round2(expected) };
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** Whether a rule is in force at `now` (start inclusive, end exclusive). */
export function inForce(r: { startsAt: Date | null; endsAt: Date | null }, now: Date): boolean {
  const t = now.getTime();
  return (r.startsAt == null || r.startsAt.getTime() <= t) && (r.endsAt == null || t < r.endsAt.getTime());
}

/** The first day (UTC, ISO date) of the budget period holding `now`. */
export function budgetPeriodStart(
  now: Date,
  periodDays: number,
  period: 'days' | 'calendar_month' = 'days',
): string {
  if (period === 'calendar_month') return `${now.toISOString().slice(0, 7)}-01`;
  const day = Math.floor(now.getTime() / DAY_MS);
  return new Date((day - (day % periodDays)) * DAY_MS).toISOString().slice(0, 10);
}

/** Whether `amount` more fits under the cap (no cap: always). */
export function budgetAllows(spent: number, cap: number | null, amount: number): boolean {
  return cap == null || spent + amount <= cap;
}

/** "−15%" */
export const pct = (bp: number) => `${Number((bp / 100).toFixed(2))}%`;
