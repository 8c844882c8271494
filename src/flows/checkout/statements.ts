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
import { findPaymentSettingsQuery } from '../../modules/payment-settings/repository.js';
import { cartOfferRowsQuery } from '../../modules/promotion-rules/repository/offers.js';
import { confirmationPicksQuery } from '../../modules/recommendations/confirmation.js';

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
const reads = statementShape('checkout.reads', (trx, i: OpeningInput) =>
  checkoutReadsQuery(i.tenantId, i.cartId, i.country, i.region).compile(trx),
);
const payment = statementShape('checkout.paymentSettings', (trx, i: OpeningInput) =>
  findPaymentSettingsQuery(trx, i.tenantId).compile(),
);
const picks = statementShape('checkout.picks', (trx, i: OpeningInput) =>
  confirmationPicksQuery(trx, i.tenantId, i.cartId),
);
const offers = statementShape('checkout.offers', (trx, i: OpeningInput) =>
  cartOfferRowsQuery(i.tenantId, cartForOffersSql(i.tenantId, i.cartId), i.now).compile(trx),
);

/** The opening round trip's statements, in order: claim+lock, reads, payment settings, picks, offers. */
export function openingStatements(trx: Trx, input: OpeningInput): CompiledQuery[] {
  return [claim(trx, input), reads(trx, input), payment(trx, input), picks(trx, input), offers(trx, input)];
}
