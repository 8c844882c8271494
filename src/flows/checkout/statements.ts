/**
 * Checkout's opening statements, each compiled once and bound per request
 * (lib/db/statement-shapes): their text depends on nothing a request
 * carries, and they run on every checkout. The SQL stays with its owners;
 * this file only says which of their statements checkout sends.
 */
import type { CompiledQuery } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import { statementShape } from '../../lib/db/statement-shapes.js';
import { cartForOffersSql, claimKeyAndLockCartQuery } from '../../modules/cart/repository.js';
import { checkoutReadsQuery } from '../../modules/orders/repository.js';
import { paymentSettingsJsonSql } from '../../modules/payment-settings/repository.js';
import { cartOffersJsonSql } from '../../modules/promotion-rules/repository/offers.js';
import { confirmationPicksJsonSql } from '../../modules/recommendations/confirmation.js';

export interface OpeningInput {
  tenantId: string;
  cartId: string;
  claim: { scope: string; key: string; hash: string };
  country: string;
  /** regionKey of the shipping address's region ('' for none). */
  region: string;
  now: Date;
}

const claim = statementShape('checkout.claim', (trx, i: OpeningInput) =>
  claimKeyAndLockCartQuery(i.tenantId, i.claim, i.cartId).compile(trx),
);
/**
 * Every read in ONE statement: the orders' reads with, as sub-selects each
 * owner writes, the store's payment settings, the confirmation e-mail's picks
 * and the promotion offers on the cart's lines (four statements until now:
 * each one's parse/bind/execute and snapshot cost the database as much as a
 * small read).
 */
const reads = statementShape('checkout.reads', (trx, i: OpeningInput) =>
  checkoutReadsQuery(i.tenantId, i.cartId, i.country, i.region, {
    payment: paymentSettingsJsonSql(i.tenantId),
    picks: confirmationPicksJsonSql(i.tenantId, i.cartId),
    offers: cartOffersJsonSql(i.tenantId, cartForOffersSql(i.tenantId, i.cartId), i.now),
  }).compile(trx),
);

/** The opening round trip's statements, in order: claim+lock, then the reads. */
export function openingStatements(trx: Trx, input: OpeningInput): CompiledQuery[] {
  return [claim(trx, input), reads(trx, input)];
}
