/**
 * Checkout and quote under the promotion rules' live promotions (#19): each
 * cart line's price becomes the price live at this moment. The quote
 * previews; checkout claims (budgets and usage limits, guarded — see
 * src/modules/promotion-rules/live-prices.ts) in its own transaction, so a
 * promotion that ended or ran out of budget since the quote is simply not
 * applied and the order carries the price without it — and a note saying so
 * (src/modules/promotion-rules/order-notes.ts), which the confirmation page
 * and e-mail show.
 */
import type { Trx } from '../../lib/db/index.js';
import type { CartLineRow } from '../../modules/cart/repository/lines.js';
import {
  claimOfferRows,
  type PromoLine,
  previewLinePromotions,
} from '../../modules/promotion-rules/live-prices.js';
import {
  type OrderPromotionNote,
  recordOrderPromotionNotes,
} from '../../modules/promotion-rules/order-notes.js';
import type { OfferRow } from '../../modules/promotion-rules/repository/offers.js';

const toPromoLine = (l: CartLineRow): PromoLine => ({
  variantId: l.variant_id,
  productId: l.product_id,
  price: l.price,
  cost: l.cost,
  quantity: l.quantity,
  available: l.stock - l.reserved,
});

async function reprice<T extends CartLineRow>(
  lines: readonly T[],
  prices: Promise<Map<string, { price: number }>>,
): Promise<T[]> {
  return repriceWith(lines, await prices);
}

const repriceWith = <T extends CartLineRow>(lines: readonly T[], m: ReadonlyMap<string, { price: number }>) =>
  lines.map((l) => ({ ...l, price: m.get(l.variant_id)?.price ?? l.price }));

/** The lines at the prices live now (nothing claimed). */
export function previewPromotedLines<T extends CartLineRow>(
  trx: Trx,
  tenantId: string,
  lines: readonly T[],
  now: Date,
) {
  return reprice(lines, previewLinePromotions(trx, tenantId, lines.map(toPromoLine), now));
}

/**
 * The lines at the prices live now, with every applied promotion's budget
 * and use claimed; promotions the shopper could have seen since the cart last
 * changed but that ended or ran out are noted on the order. `offers` are the
 * rows checkout's opening read (./open-cart.ts): with none live on the lines,
 * this sends nothing.
 */
export async function claimPromotedLines<T extends CartLineRow>(
  trx: Trx,
  tenantId: string,
  lines: readonly T[],
  offers: OfferRow[],
  at: { now: Date; orderId: string },
): Promise<{ lines: T[]; notes: OrderPromotionNote[] }> {
  const promo = lines.map(toPromoLine);
  const { prices: claimed, ended } = await claimOfferRows(trx, tenantId, promo, offers, at.now);
  const notes = await recordOrderPromotionNotes(trx, tenantId, at.orderId, {
    lines: promo,
    claimed,
    ended,
    now: at.now,
  });
  return { lines: repriceWith(lines, claimed), notes };
}
