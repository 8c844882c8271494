/**
 * Promotions a shopper saw but checkout could not honour (#19, point 4): one
 * that ended between their quote and the order (since the cart last
 * changed), or whose budget or usage limit ran out at checkout. Checkout
 * records them with the order (in its transaction); the confirmation page and
 * e-mail name them, so the shopper sees why a line was charged at its usual
 * price.
 */

import { formatDate } from '../../lib/dates.js';
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import { formatMoney } from '../../lib/money.js';
import type { LinePromotion, PromoLine } from './live-prices.js';
import type { OfferRow } from './repository/offers.js';
import { insertOrderNoteRows, listOrderNoteRows } from './repository/order-notes.js';
import { listRuleRows } from './repository/rules.js';

export interface OrderPromotionNote {
  variantId: string;
  ruleName: string;
  discountBp: number;
  /** The price charged instead (the line's price without the promotion). */
  usualPrice: number;
  reason: 'ended' | 'budget' | 'limit';
  endedAt: Date;
}

/**
 * The notes for an order about to be written: offers on its lines that ended
 * since the cart last changed and were not applied (`ended`, read by
 * claimLinePromotions in the statement that read the live ones), plus the
 * claims that failed.
 */
export async function recordOrderPromotionNotes(
  trx: Trx,
  tenantId: string,
  orderId: string,
  input: {
    lines: readonly PromoLine[];
    claimed: ReadonlyMap<string, LinePromotion>;
    ended: readonly OfferRow[];
    now: Date;
  },
): Promise<OrderPromotionNote[]> {
  const { lines, claimed, ended, now } = input;
  const failed = [...claimed.values()].flatMap((p) =>
    (p.missed ?? []).map((m) => ({ ...m, variantId: p.variantId })),
  );
  if (ended.length === 0 && failed.length === 0) return [];
  const names = new Map((await listRuleRows(trx, tenantId)).map((r) => [r.id, r.name]));
  const priceOf = new Map(lines.map((l) => [l.variantId, l.price]));
  const note = (
    m: { offerId: string; variantId: string; ruleId: string; discountBp: number },
    reason: OrderPromotionNote['reason'],
    endedAt: Date,
  ) => ({
    offerId: m.offerId,
    variantId: m.variantId,
    ruleName: names.get(m.ruleId) ?? 'A promotion',
    discountBp: m.discountBp,
    usualPrice: priceOf.get(m.variantId) ?? 0,
    reason,
    endedAt,
  });
  const notes = [
    ...ended
      .filter((o) => !claimed.get(o.variant_id)?.applied.some((a) => a.offerId === o.id))
      .map((o) =>
        note(
          { offerId: o.id, variantId: o.variant_id, ruleId: o.rule_id, discountBp: o.discount_bp },
          'ended',
          o.ends_at,
        ),
      ),
    ...failed.map((m) => note(m, m.reason, now)),
  ];
  await insertOrderNoteRows(
    trx,
    notes.map((n) => ({
      tenant_id: tenantId,
      order_id: orderId,
      variant_id: n.variantId,
      offer_id: n.offerId,
      rule_name: n.ruleName,
      discount_bp: n.discountBp,
      usual_price: n.usualPrice,
      reason: n.reason,
      ended_at: n.endedAt,
    })),
  );
  return notes;
}

/** The notes of one order (the confirmation page). */
export function getOrderPromotionNotes(
  db: Db,
  tenantId: string,
  orderId: string,
): Promise<OrderPromotionNote[]> {
  return withTenant(db, tenantId, async (trx) =>
    (await listOrderNoteRows(trx, tenantId, orderId)).map((r) => ({
      variantId: r.variant_id,
      ruleName: r.rule_name,
      discountBp: r.discount_bp,
      usualPrice: r.usual_price,
      reason: r.reason,
      endedAt: r.ended_at,
    })),
  );
}

const when = (d: Date) =>
  `${formatDate(d, 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC`;

/** One note as a sentence (page and e-mail say the same). */
export function orderPromotionNoteText(n: OrderPromotionNote, itemTitle: string, currency: string): string {
  const what = `“${n.ruleName}” (−${Math.floor(n.discountBp / 100)}%) on ${itemTitle}`;
  const why =
    n.reason === 'ended'
      ? `ended ${when(n.endedAt)}, before your order was placed`
      : n.reason === 'budget'
        ? 'had used up its budget when your order was placed'
        : 'had reached its usage limit when your order was placed';
  return `${what} ${why}: charged at the usual price, ${formatMoney(n.usualPrice, currency)} each.`;
}
