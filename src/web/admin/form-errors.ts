/**
 * Form helpers for admin pages: a zod failure becomes one human message per
 * field (shown next to the field by the UI kit's controls), and the typed
 * values are handed back so nothing the merchant typed is lost.
 */
import { type ZodError, z } from 'zod';
import { currencyExponent } from '../../lib/money.js';

export type FieldErrors = Record<string, string>;

/** The first message per top-level field name. */
export function fieldErrors(err: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of err.issues) {
    const key = String(issue.path[0] ?? '_form');
    out[key] ??= issue.message;
  }
  return out;
}

/** The form's string fields (files and repeated keys: the last value). */
export async function formStrings(req: {
  parseBody(opts?: { all?: boolean }): Promise<Record<string, unknown>>;
}) {
  const body = await req.parseBody({ all: true });
  const out: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    const vals = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    lists[k] = vals;
    if (vals.length > 0) out[k] = vals[vals.length - 1]!;
  }
  return { values: out, lists };
}

/** A money field typed in major units ("12.50") → integer minor units in `currency`, with a human message. */
export function zMoneyInput(currency: string) {
  const exp = currencyExponent(currency);
  const re = exp === 0 ? /^\d{1,12}$/ : new RegExp(`^\\d{1,12}(\\.\\d{1,${exp}})?$`);
  return z
    .string()
    .trim()
    .regex(
      re,
      exp === 0 ? 'Enter a whole amount, e.g. 1200' : `Enter an amount like 12.50 (at most ${exp} decimals)`,
    )
    .transform((s) => {
      const [whole, frac = ''] = s.split('.');
      return Number(whole) * 10 ** exp + Number(frac.padEnd(exp, '0') || 0);
    });
}

/** A whole-number field with a human message. */
export const zWhole = (min: number, max: number, what = 'a whole number') =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, `Enter ${what}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Enter ${what} between ${min} and ${max}`);
