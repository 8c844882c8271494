/**
 * Money arithmetic. Every amount in Storeloom is an integer in the currency's
 * MINOR units (cents for USD, yen for JPY, fils for KWD); percentages are
 * integer BASIS POINTS (1 bp = 0.01 %, 10000 bp = 100 %). No floats ever touch
 * an amount: products of amount × rate are computed in BigInt, so they stay
 * exact far beyond Number.MAX_SAFE_INTEGER before being rounded back.
 *
 * Rounding rules (tested in tests/money/money.test.ts):
 *  1. Percentages of an amount round HALF UP (away from zero for the positive
 *     amounts we handle): 10 % of 5 = 0.5 → 1; 10 % of 4 = 0.4 → 0.
 *     `percentOf` is used for percentage discounts (computed once on the order
 *     subtotal) and exclusive tax (computed once on the taxable base).
 *  2. An order-level amount (discount, tax) is spread over lines with the
 *     LARGEST REMAINDER method (`allocate`): each line gets the floor of its
 *     proportional share, and the leftover minor units go one each to the lines
 *     with the largest fractional remainders (ties → earlier line). The parts
 *     always add up exactly to the whole, so line figures never drift from the
 *     order totals.
 *  3. Exclusive tax (US style): tax = percentOf(base, rate), added on top.
 *     Inclusive tax (EU style): the price already contains the tax;
 *     tax = base × rate / (10000 + rate), rounded half up, NOT added on top.
 *  4. A fixed discount never exceeds the amount it applies to (`min`).
 *
 * Formatting uses the ISO 4217 exponent table below (JPY 0, USD 2, KWD 3…).
 */

/** ISO 4217 minor-unit exponents that differ from the default of 2. */
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export const BASIS_POINTS = 10_000;

/** Number of decimal places of the currency's minor unit (default 2). */
export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

function assertAmount(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a safe integer, got ${n}`);
}

function toSafeNumber(b: bigint): number {
  const n = Number(b);
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount ${b} exceeds the safe integer range`);
  return n;
}

/** numerator / denominator rounded half up (both non-negative, denominator > 0). */
function divHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** `bp` basis points of `amount`, rounded half up. amount ≥ 0, 0 ≤ bp. */
export function percentOf(amount: number, bp: number): number {
  assertAmount(amount, 'amount');
  assertAmount(bp, 'basis points');
  if (amount < 0 || bp < 0) throw new RangeError('percentOf takes non-negative amounts and rates');
  return toSafeNumber(divHalfUp(BigInt(amount) * BigInt(bp), BigInt(BASIS_POINTS)));
}

/** Tax contained in a tax-inclusive `gross` amount at `bp`: gross × bp / (10000 + bp), half up. */
export function inclusiveTax(gross: number, bp: number): number {
  assertAmount(gross, 'amount');
  assertAmount(bp, 'basis points');
  if (gross < 0 || bp < 0) throw new RangeError('inclusiveTax takes non-negative amounts and rates');
  if (bp === 0) return 0;
  return toSafeNumber(divHalfUp(BigInt(gross) * BigInt(bp), BigInt(BASIS_POINTS + bp)));
}

/** Tax on `base`: added on top when exclusive, contained in it when inclusive. */
export function taxOf(base: number, bp: number, inclusive: boolean): number {
  return inclusive ? inclusiveTax(base, bp) : percentOf(base, bp);
}

/** unit price × quantity, checked to stay a safe integer. */
export function multiply(unit: number, quantity: number): number {
  assertAmount(unit, 'unit amount');
  assertAmount(quantity, 'quantity');
  return toSafeNumber(BigInt(unit) * BigInt(quantity));
}

/** Sum of amounts, checked to stay a safe integer. */
export function sum(amounts: readonly number[]): number {
  let total = 0n;
  for (const a of amounts) {
    assertAmount(a, 'amount');
    total += BigInt(a);
  }
  return toSafeNumber(total);
}

/**
 * Splits `total` over `weights` proportionally with the largest-remainder
 * method. The result has one entry per weight and sums to exactly `total`.
 * All weights zero → the whole amount is split as evenly as possible.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertAmount(total, 'total');
  if (total < 0) throw new RangeError('allocate takes a non-negative total');
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError('cannot allocate a non-zero amount over no weights');
  }
  for (const w of weights) {
    assertAmount(w, 'weight');
    if (w < 0) throw new RangeError('weights must be non-negative');
  }
  const ws = weights.every((w) => w === 0) ? weights.map(() => 1n) : weights.map((w) => BigInt(w));
  const weightSum = ws.reduce((a, b) => a + b, 0n);
  const t = BigInt(total);
  const parts = ws.map((w) => (t * w) / weightSum);
  const remainders = ws.map((w, i) => ({ i, r: (t * w) % weightSum }));
  let left = t - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map(toSafeNumber);
}

/** The amount as a plain decimal string in major units: (1234, 'USD') → "12.34", (-5, 'KWD') → "-0.005". */
export function toDecimalString(amount: number, currency: string): string {
  assertAmount(amount, 'amount');
  const exp = currencyExponent(currency);
  const sign = amount < 0 ? '-' : '';
  const digits = Math.abs(amount)
    .toString()
    .padStart(exp + 1, '0');
  if (exp === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
}

/**
 * Human formatting, e.g. (1234, 'USD') → "$12.34", (1234, 'JPY') → "¥1,234",
 * (1234, 'KWD') → "KWD 1.234". The decimal string goes to Intl as a string so
 * no float rounding is involved.
 */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  // Intl accepts decimal strings (ES2023), which keeps large values exact.
  return moneyFormat(currency, locale).format(toDecimalString(amount, currency) as unknown as number);
}

/** Building an Intl.NumberFormat costs ~50 µs; there are few (currency, locale) pairs. */
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${currency}|${locale}`;
  let fmt = moneyFormats.get(key);
  if (!fmt) {
    const exp = currencyExponent(currency);
    fmt = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
    });
    if (moneyFormats.size < 1_000) moneyFormats.set(key, fmt);
  }
  return fmt;
}

/**
 * What a merchant typed as an amount in major units ("12.5", "1,234.00",
 * "12") as integer minor units of `currency`; null when it is not a plain
 * non-negative amount with at most the currency's decimals.
 */
export function parseDecimalAmount(text: string, currency: string): number | null {
  const exp = currencyExponent(currency);
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.trim().replace(/,(?=\d{3}(\D|$))/g, ''));
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > exp) return null;
  return Number(m[1]) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0');
}
