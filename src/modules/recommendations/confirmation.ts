/**
 * The order confirmation e-mail's "You might also like" block: up to four products that go with the
 * order (the cart's "complete your order" read: bought together, then hybrid neighbours, then popular;
 * never a product in the order, an inactive one or one a merchant excluded), each with a link to the
 * store. Checkout sends the read in its opening round trip (no extra trip or transaction per order) and
 * passes the rows to the e-mail text.
 */
import type { CompiledQuery } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import { formatMoney } from '../../lib/money.js';
import { cartCompanionsQuery, type RawRow, type ServedRow, toServed } from './repository/index.js';

export const CONFIRMATION_PICKS = 4;

export type ConfirmationPick = ServedRow;

/** The read for a cart being checked out, compiled to go with checkout's other opening statements. */
export function confirmationPicksQuery(trx: Trx, tenantId: string, cartId: string): CompiledQuery {
  return cartCompanionsQuery(tenantId, cartId, { limit: CONFIRMATION_PICKS }).compile(trx);
}

export function toConfirmationPicks(rows: readonly unknown[]): ConfirmationPick[] {
  return (rows as RawRow[]).map(toServed);
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
