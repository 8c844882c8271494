/**
 * Checkout and quote under the promotion rules' live promotions (#19): each
 * cart line's price becomes the price live at this moment. The quote
 * previews; checkout claims (budgets and usage limits, guarded — see
 * src/modules/promotion-rules/live-prices.ts) in its own transaction, so a
 * promotion that ended or ran out of budget since the quote is simply not
 * applied and the order carries the price without it.
 */
import type { Trx } from '../../lib/db/index.js';
import type { CartLineRow } from '../../modules/cart/repository/lines.js';
import {
  claimLinePromotions,
  type PromoLine,
  previewLinePromotions,
} from '../../modules/promotion-rules/live-prices.js';

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
  const m = await prices;
  return lines.map((l) => ({ ...l, price: m.get(l.variant_id)?.price ?? l.price }));
}

/** The lines at the prices live now (nothing claimed). */
export function previewPromotedLines<T extends CartLineRow>(
  trx: Trx,
  tenantId: string,
  lines: readonly T[],
  now: Date,
) {
  return reprice(lines, previewLinePromotions(trx, tenantId, lines.map(toPromoLine), now));
}

/** The lines at the prices live now, with every applied promotion's budget and use claimed. */
export function claimPromotedLines<T extends CartLineRow>(
  trx: Trx,
  tenantId: string,
  lines: readonly T[],
  now: Date,
) {
  return reprice(lines, claimLinePromotions(trx, tenantId, lines.map(toPromoLine), now));
}
