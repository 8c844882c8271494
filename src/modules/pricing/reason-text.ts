/**
 * A price reason as a merchant reads it: its `effect` with each `{name}`
 * replaced by `amounts[name]` written by the caller's money formatter (the
 * page passes the one formatter, src/lib/money.ts, with the store currency).
 * A placeholder without an amount is left as it is.
 */
import type { PriceReason } from './engine-types.js';

export function reasonEffect(
  r: Pick<PriceReason, 'effect' | 'amounts'>,
  money: (minor: number) => string,
): string {
  const amounts = r.amounts ?? {};
  return r.effect.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = amounts[name];
    return typeof v === 'number' ? money(v) : whole;
  });
}
