/** Amounts in admin tables: "<currency> <major units>" through the one money formatter (src/lib/money.ts). */
import { toDecimalString } from '../../lib/money.js';

/** An amount in minor units for a table cell, e.g. "USD 12.34"; '—' when unknown. */
export function moneyText(minor: number | null, currency: string): string {
  return minor == null ? '—' : `${currency} ${toDecimalString(minor, currency)}`;
}
