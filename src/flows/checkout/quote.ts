/**
 * The checkout's money as a PURE function of (cart lines, shipping rates, tax
 * rule, discount, address): no database, no clock. Checkout prices its order
 * with `quoteCheckout`, so anything else that shows totals (a quote endpoint)
 * gets the same numbers by calling it with the same inputs.
 *
 * Money is integer minor units; rounding is src/lib/money.ts's (percentOf,
 * taxOf). Discount on the goods subtotal, shipping on the goods after
 * discount, tax on (goods after discount + shipping) — added on top when
 * exclusive, already contained when inclusive.
 */
import { multiply, percentOf, sum, taxOf } from '../../lib/money.js';
import type { ShippingRateRow } from '../../modules/checkout-settings/repository.js';
import { pickShippingRate } from '../../modules/checkout-settings/service.js';

export interface Totals {
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  taxInclusive: boolean;
  total: number;
}

export interface QuoteDiscount {
  code: string;
  kind: 'percentage' | 'fixed';
  value: number;
}

export interface QuoteInput {
  lines: readonly { price: number; quantity: number }[];
  /** The store's active rates. */
  shippingRates: readonly ShippingRateRow[];
  /** The rule for the destination country (none configured: 0 %, exclusive). */
  tax: { rate: number; inclusive: boolean };
  /** An applicable discount (checkout passes the one it claimed), or null. */
  discount: QuoteDiscount | null;
  address: { country: string };
  /** The shopper's chosen rate; without it the cheapest applicable one. */
  shippingRateId?: string;
  currency: string;
}

export interface Quote extends Totals {
  currency: string;
  /** Each line's price × quantity, in the lines' order. */
  lineTotals: number[];
  /** The chosen rate's name (null when the store ships free without rates). */
  shippingMethod: string | null;
  discountCode: string | null;
}

/** The order's totals from its subtotal, discount, shipping (priced on the goods after discount) and tax rule. */
export function computeTotals(input: {
  subtotal: number;
  discount: { kind: 'percentage' | 'fixed'; value: number } | null;
  shipping: (goods: number) => number;
  tax: { rate: number; inclusive: boolean };
}): Totals {
  const { subtotal } = input;
  const discount = !input.discount
    ? 0
    : input.discount.kind === 'percentage'
      ? percentOf(subtotal, input.discount.value)
      : Math.min(input.discount.value, subtotal);
  const goods = subtotal - discount;
  const shipping = input.shipping(goods);
  const base = goods + shipping;
  const tax = taxOf(base, input.tax.rate, input.tax.inclusive);
  return {
    subtotal,
    discount,
    shipping,
    tax,
    taxInclusive: input.tax.inclusive,
    total: input.tax.inclusive ? base : base + tax,
  };
}

/** The goods subtotal of `lines` (what a discount's minimum is checked against). */
export function subtotalOf(lines: QuoteInput['lines']): number {
  return sum(lines.map((l) => multiply(l.price, l.quantity)));
}

/**
 * Prices a cart. Throws 400 validation_failed when the store does not ship
 * to the address (or the chosen rate does not apply there).
 */
export function quoteCheckout(input: QuoteInput): Quote {
  const lineTotals = input.lines.map((l) => multiply(l.price, l.quantity));
  const pick = (goods: number) =>
    pickShippingRate(input.shippingRates, input.address.country, goods, input.shippingRateId);
  const totals = computeTotals({
    subtotal: sum(lineTotals),
    discount: input.discount,
    shipping: (goods) => pick(goods).amount,
    tax: input.tax,
  });
  return {
    ...totals,
    currency: input.currency,
    lineTotals,
    shippingMethod: pick(totals.subtotal - totals.discount).name,
    discountCode: input.discount?.code ?? null,
  };
}

/** Fails fast (400) on an address the store cannot ship to, before anything is written. */
export function assertShippable(
  input: Pick<QuoteInput, 'shippingRates' | 'address' | 'shippingRateId'>,
): void {
  pickShippingRate(input.shippingRates, input.address.country, 0, input.shippingRateId);
}

/** The address's state/province as tax rates key it ('' = none: the country's rate applies). */
export function regionKey(region: string | undefined): string {
  return (region ?? '').trim().toUpperCase();
}
