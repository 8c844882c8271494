/**
 * Checkout's first round trip and the checks on what it read. Two statements
 * written together (pipelinedStatements): the idempotency key claimed (racing
 * duplicates wait here, then replay) and, only once claimed, the cart locked
 * FOR UPDATE; right behind it, its own statement so it sees the cart as it is
 * once locked, ONE statement of reads (./statements.ts): the lines with prices
 * re-read from the variants — never trusted from the cart —, the store's
 * shipping rates, tax rule and owners, its payment settings (how long a
 * manual-payment order is held), the products the confirmation e-mail
 * suggests (recommendations) and the promotion offers on the cart's lines,
 * live or ended since the cart last changed (#19) — read here rather than
 * after the reservation, where it was a round trip of its own. Offers are
 * claimed with guarded UPDATEs later, so reading them before the stock is
 * reserved changes nothing.
 */
import { pipelinedStatements, type Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { type CartRow, type ClaimRow, toClaim } from '../../modules/cart/repository.js';
import {
  type CheckoutMoreRow,
  type CheckoutReads,
  type CheckoutReadsRow,
  toCheckoutReads,
} from '../../modules/orders/repository.js';
import { toPaymentSettingsRow } from '../../modules/payment-settings/repository.js';
import { type ManualPaymentSettings, toManualSettings } from '../../modules/payment-settings/service.js';
import { type OfferRow, toOfferRows } from '../../modules/promotion-rules/repository/offers.js';
import { type ConfirmationPick, toConfirmationPicks } from '../../modules/recommendations/confirmation.js';
import { regionKey } from './quote.js';
import { openingStatements } from './statements.js';
import { CHECKOUT_SCOPE, type CheckoutRequest } from './types.js';

export type OpenedCheckout =
  | { claimed: false }
  | {
      claimed: true;
      cart: CartRow;
      reads: CheckoutReads;
      manual: ManualPaymentSettings;
      picks: ConfirmationPick[];
      /** Offers on the cart's lines live at req.now or ended since the cart last changed. */
      offers: OfferRow[];
    };

/**
 * Claims the key, locks and reads the cart; `claimed` false means another
 * transaction committed this key (replay it). Throws when the cart is not
 * the viewer's (404), not active (409), empty (400) or holds a product no
 * longer sold (409).
 */
export async function openCheckout(
  trx: Trx,
  req: CheckoutRequest,
  key: { key: string; hash: string },
): Promise<OpenedCheckout> {
  const tenantId = req.tenant.id;
  const [claimRows, readRows] = await pipelinedStatements(
    trx,
    openingStatements(trx, {
      tenantId,
      cartId: req.cartId,
      claim: { scope: CHECKOUT_SCOPE, ...key },
      country: req.input.shippingAddress.country,
      region: regionKey(req.input.shippingAddress.region),
      now: req.now,
    }),
  );
  const start = toClaim(claimRows as ClaimRow[]);
  if (!start.claimed) return { claimed: false };
  const cart = start.cart;
  // !!! cart ownership: a shopper's cart does not exist for anyone else.
  if (!cart || (cart.customer_id !== null && cart.customer_id !== req.viewer.customerId)) {
    throw notFound('Cart');
  }
  if (cart.status !== 'active') throw new AppError('invalid_state', 'This cart was already checked out');
  const rows = readRows as (CheckoutReadsRow & CheckoutMoreRow)[];
  const reads = toCheckoutReads(rows);
  assertSellable(reads.lines);
  const more = rows[0]!;
  return {
    claimed: true,
    cart,
    reads,
    manual: toManualSettings(toPaymentSettingsRow(more.payment)),
    picks: toConfirmationPicks(more.picks),
    offers: toOfferRows(more.offers),
  };
}

/** The cart must hold something, and only products still sold. */
function assertSellable(lines: CheckoutReads['lines']): void {
  if (lines.length === 0) {
    throw new AppError('validation_failed', 'The cart is empty', {
      issues: [{ path: 'items', message: 'Add something to the cart first' }],
    });
  }
  const unsellable = lines.find((l) => l.product_status !== 'active');
  if (unsellable) {
    throw new AppError('conflict', `${unsellable.product_title} is no longer sold`, {
      issues: [{ path: `items.${unsellable.variant_id}`, message: 'No longer sold' }],
    });
  }
}
