/**
 * The checkout quote (POST /api/store/carts/:cartId/quote and the checkout
 * page's totals): what checkout would charge for this cart, address,
 * shipping method and discount code, priced by the same pure `quoteCheckout`
 * over the same reads (checkoutReadsQuery) — so for the same input the
 * checkout's totals are the quote's. Changes nothing: the discount is checked,
 * not claimed, and an unusable code comes back as `discountError` with the
 * totals priced without it.
 */
import { type Db, withTenant } from '../../lib/db/index.js';
import type { TenantInfo } from '../../lib/http/context.js';
import type { CartViewer } from '../../modules/cart/service.js';
import { loadCart } from '../../modules/cart/service.js';
import type { ShippingRateRow } from '../../modules/checkout-settings/repository.js';
import { previewDiscount, shippingAmount } from '../../modules/checkout-settings/service.js';
import { checkoutReadsQuery, toCheckoutReads } from '../../modules/orders/repository.js';
import { previewPromotedLines } from './promotions.js';
import { quoteCheckout, regionKey, subtotalOf } from './quote.js';

export interface CartQuoteInput {
  shippingAddress?: { country: string; region?: string; postalCode?: string };
  shippingMethodId?: string;
  discountCode?: string;
}

export interface CartQuote {
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  taxInclusive: boolean;
  total: number;
  currency: string;
  /** The rates that ship to the address, priced for this cart. */
  shippingMethods: { id: string; name: string; price: number }[];
  /** The rate the totals use (the chosen one, else the cheapest). */
  shippingMethodId: string | null;
  discountError?: string;
}

const shipsTo = (r: ShippingRateRow, country: string) =>
  r.countries.length === 0 || r.countries.includes(country);

/**
 * Quotes the viewer's cart. The cart must be the viewer's (else 404); a
 * country the store does not ship to, or a method that does not ship there,
 * is a 400 — exactly as checkout would answer.
 */
export function quoteCart(
  db: Db,
  tenant: TenantInfo,
  cartId: string,
  viewer: CartViewer,
  input: CartQuoteInput,
  now: Date,
): Promise<CartQuote> {
  const country = input.shippingAddress?.country.toUpperCase() ?? '';
  return withTenant(db, tenant.id, async (trx) => {
    const cart = await loadCart(trx, tenant.id, cartId, viewer);
    const reads = toCheckoutReads(
      await checkoutReadsQuery(tenant.id, cartId, country, regionKey(input.shippingAddress?.region))
        .execute(trx)
        .then((r) => r.rows),
    );
    // The promotions live now (#19), as checkout would apply them.
    reads.lines = await previewPromotedLines(trx, tenant.id, reads.lines, now);
    const subtotal = subtotalOf(reads.lines);
    const preview = input.discountCode
      ? await previewDiscount(trx, tenant.id, input.discountCode, subtotal, now)
      : { discount: null, refusal: null };
    // Without an address nothing ships yet: price what any address would pay.
    const rates = country ? reads.shippingRates : reads.shippingRates.filter((r) => r.countries.length === 0);
    const quote = quoteCheckout({
      lines: reads.lines,
      shippingRates: country ? rates : [],
      tax: reads.tax,
      discount: preview.discount,
      address: { country },
      shippingRateId: country ? input.shippingMethodId : undefined,
      currency: cart.currency.trim(),
    });
    const goods = quote.subtotal - quote.discount;
    const methods = (country ? rates.filter((r) => shipsTo(r, country)) : reads.shippingRates).map((r) => ({
      id: r.id,
      name: r.name,
      price: shippingAmount(r, goods),
    }));
    const chosen = methods.find((m) => m.id === input.shippingMethodId) ?? cheapest(methods);
    return {
      subtotal: quote.subtotal,
      discount: quote.discount,
      shipping: quote.shipping,
      tax: quote.tax,
      taxInclusive: quote.taxInclusive,
      total: quote.total,
      currency: quote.currency,
      shippingMethods: methods,
      shippingMethodId: country ? (chosen?.id ?? null) : null,
      ...(preview.refusal ? { discountError: preview.refusal } : {}),
    };
  });
}

/** The first of the cheapest (pickShippingRate's choice among equal prices). */
function cheapest<T extends { price: number }>(methods: T[]): T | undefined {
  let best: T | undefined;
  for (const m of methods) if (!best || m.price < best.price) best = m;
  return best;
}
