/**
 * Reading merchant-typed values from admin forms: money in major units
 * ("12.50" → 1250 minor units, exactly, by the currency's exponent; never
 * float arithmetic), whole numbers, trimmed strings. Each parser returns the
 * value or a human message for the field, so the page can re-render with the
 * typed text kept.
 */
import { currencyExponent, toDecimalString } from '../../lib/money.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A form field as a trimmed string ('' when missing or a file). */
export function text(form: Record<string, unknown>, name: string, max = 20_000): string {
  const v = form[name];
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
}

/** "12.5" / "12.50" / "1,299.00" → minor units. Empty → null (when optional). */
export function parseMoneyText(raw: string, currency: string): Parsed<number | null> {
  const s = raw.replace(/[,\s]/g, '');
  if (s === '') return { ok: true, value: null };
  const exp = currencyExponent(currency);
  const re = exp === 0 ? /^\d{1,12}$/ : new RegExp(`^\\d{1,12}(?:\\.\\d{1,${exp}})?$`);
  if (!re.test(s))
    return {
      ok: false,
      error:
        exp === 0
          ? 'Enter a whole amount, e.g. 1200'
          : `Enter an amount like 12.50 (at most ${exp} decimals)`,
    };
  const [whole = '0', frac = ''] = s.split('.');
  return { ok: true, value: Number(whole) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0') };
}

/** A whole number ≥ min. Empty → null. */
export function parseWhole(raw: string, min = 0, max = 1_000_000_000): Parsed<number | null> {
  const s = raw.replace(/[,\s]/g, '');
  if (s === '') return { ok: true, value: null };
  if (!/^-?\d{1,10}$/.test(s)) return { ok: false, error: 'Enter a whole number' };
  const n = Number(s);
  if (n < min) return { ok: false, error: `Enter ${min} or more` };
  if (n > max) return { ok: false, error: `Enter at most ${max}` };
  return { ok: true, value: n };
}

/** Minor units → the text a merchant types ("12.50"); '' for null. */
export function moneyInput(minor: number | null | undefined, currency: string): string {
  return minor == null ? '' : toDecimalString(minor, currency);
}

/** The page number from `?page=` (1 when missing or bad). */
export function pageParam(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}
