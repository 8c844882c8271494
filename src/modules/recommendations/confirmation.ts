/**
 * The order confirmation e-mail's "You might also like" block: up to four products that go with the
 * order (the cart's "complete your order" read: bought together, then hybrid neighbours, then popular;
 * never a product in the order, an inactive one or one a merchant excluded), each with a link to the
 * store. Checkout reads them inside its reads statement (no extra statement, trip or transaction per
 * order) and passes the rows to the e-mail text.
 */
import type { RawBuilder } from 'kysely';
import { formatMoney } from '../../lib/money.js';
import { cartCompanionsJsonSql, type RawRow, type ServedRow, toServed } from './repository/index.js';

export const CONFIRMATION_PICKS = 4;

export type ConfirmationPick = ServedRow;

/** The read for a cart being checked out: a json array (null: none) for checkout's reads statement. */
export function confirmationPicksJsonSql(tenantId: string, cartId: string): RawBuilder<RawRow[] | null> {
  return cartCompanionsJsonSql(tenantId, cartId, { limit: CONFIRMATION_PICKS });
}

/** confirmationPicksJsonSql's value as picks, in its order. */
export function toConfirmationPicks(json: unknown): ConfirmationPick[] {
  return Array.isArray(json) ? (json as RawRow[]).map(toServed) : [];
}

/** The block as text, '' when there is nothing to suggest. */
export function confirmationPicksText(
  picks: readonly ConfirmationPick[],
  currency: string,
  storeUrl: string,
): string {
  if (picks.length === 0) return '';
  return [
    'You might also like:',
    ...picks.map(
      (p) =>
        `- ${p.title} — ${formatMoney(p.price, currency)}\n  ${storeUrl}/products/${encodeURIComponent(p.handle)}`,
    ),
  ].join('\n');
}
