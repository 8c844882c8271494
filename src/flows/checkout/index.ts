/**
 * Checkout: cart → order, across cart, inventory, checkout settings, orders
 * and payments. Everything that must be all-or-nothing happens in ONE tenant
 * transaction that this flow opens; the payment provider is asked for its
 * payment after commit.
 *
 * Inside the transaction, in this order (the order is the deadlock-avoidance
 * protocol shared with cancel/expiry: variants → discount → counter), in
 * three round trips whatever the number of lines, with or without a discount
 * code, when no promotion is live on the lines (tests/checkout/round-trips):
 *  1. ./open-cart.ts — key claimed and cart locked, then everything read
 *     (lines, rates, tax, owners, payment settings, the e-mail's picks, the
 *     promotion offers on the lines), in one round trip; the cart must be the
 *     viewer's, active and non-empty;
 *  2. ./reserve.ts — stock reserved line by line, in variant-id order, with
 *     guarded UPDATEs sent together (any shortfall throws 409
 *     insufficient_stock and rolls EVERYTHING back); right behind them the
 *     discount use claimed with a guarded UPDATE (a usage limit can't be
 *     passed). With a promotion live on a line, ./promotions.ts claims its
 *     budget and use after the reservation (guarded too) and the discount
 *     code, priced on the promoted lines, is claimed after that;
 *  3. ./quote.ts prices the order (a pure function: the totals any quote
 *     shows are the checkout's), ./write-order.ts writes it ALL in one final
 *     statement sent with the COMMIT (e-mail texts from ./mail.ts).
 */
import { randomUUID } from 'node:crypto';
import { storeUrl } from '../../lib/config.js';
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { replayStored, requestHash, type StoredResponse } from '../../lib/idempotency.js';
import { claimDiscount } from '../../modules/checkout-settings/service.js';
import {
  checkoutProvider,
  getPaymentProvider,
  type PaymentProvider,
} from '../../modules/orders/payment-provider.js';
import { toOrderSummary } from '../../modules/orders/service.js';
import {
  type ManualPaymentSettings,
  manualHoldMs,
  shopperInstructions,
} from '../../modules/payment-settings/service.js';
import { anyLiveOffer } from '../../modules/promotion-rules/live-prices.js';
import { openCheckout } from './open-cart.js';
import { claimPromotedLines } from './promotions.js';
import { assertShippable, quoteCheckout, subtotalOf } from './quote.js';
import { refuseShortLines, reserveLines } from './reserve.js';
import {
  CHECKOUT_SCOPE,
  type CheckoutRequest,
  type CheckoutResponseBody,
  DEFAULT_RESERVATION_TTL_MS,
} from './types.js';
import { writeOrder } from './write-order.js';

export { computeTotals, type Quote, type QuoteInput, quoteCheckout, type Totals } from './quote.js';
export {
  type CheckoutRequest,
  type CheckoutResponseBody,
  DEFAULT_RESERVATION_TTL_MS,
} from './types.js';

/** The transaction's work: the three round trips described above. */
async function placeOrder(
  trx: Trx,
  req: CheckoutRequest,
  provider: PaymentProvider,
  key: { key: string; hash: string },
  storeLink: string,
): Promise<StoredResponse<CheckoutResponseBody>> {
  const tenantId = req.tenant.id;
  const { input } = req;
  const opened = await openCheckout(trx, req, key);
  // Another transaction committed this key (we waited for it if it was racing us).
  if (!opened.claimed) return replayStored(trx, tenantId, { scope: CHECKOUT_SCOPE, ...key });
  const { cart, reads } = opened;
  refuseShortLines(reads.lines);
  const payment = paymentTerms(req, provider, opened.manual);
  const address = { country: input.shippingAddress.country };
  assertShippable({ shippingRates: reads.shippingRates, address, shippingRateId: input.shippingRateId });

  const orderId = randomUUID();
  const actor = {
    type: req.viewer.customerId ? ('customer' as const) : ('system' as const),
    id: req.viewer.customerId,
  };
  // With no live promotion on the lines the prices are final: the code goes with the reservation.
  const codeNow = input.discountCode && !anyLiveOffer(opened.offers, req.now) ? input.discountCode : null;
  const claimedNow = await reserveLines(
    trx,
    tenantId,
    orderId,
    reads.lines,
    actor,
    codeNow ? { code: codeNow, subtotal: subtotalOf(reads.lines), now: req.now } : null,
  );
  // Prices follow the promotions live now (#19): claimed, so budgets and limits hold.
  const { lines, notes } = await claimPromotedLines(trx, tenantId, reads.lines, opened.offers, {
    now: req.now,
    orderId,
  });
  const discount =
    claimedNow ??
    (input.discountCode
      ? await claimDiscount(trx, tenantId, input.discountCode, subtotalOf(lines), req.now)
      : null);
  const quote = quoteCheckout({
    lines,
    shippingRates: reads.shippingRates,
    tax: reads.tax,
    discount,
    address,
    shippingRateId: input.shippingRateId,
    currency: cart.currency.trim(),
  });
  const order = await writeOrder(trx, {
    req,
    orderId,
    cart,
    lines,
    owners: reads.owners,
    quote,
    providerName: provider.name,
    payment,
    actor,
    idempotencyKey: key.key,
    picks: { items: opened.picks, storeUrl: storeLink },
    promotionNotes: notes,
  });
  return {
    status: 201,
    body: { order: toOrderSummary(order), payment: { provider: provider.name } },
    replayed: false,
  };
}

/**
 * How the order gets paid and how long it holds its stock: manual payment for
 * the store's hold days (default 7) with its instructions; card payments the
 * short hold. A store with manual payment off and no card payments takes no
 * orders (400, nothing written).
 */
function paymentTerms(req: CheckoutRequest, provider: PaymentProvider, manual: ManualPaymentSettings) {
  if (!provider.manualCapture) {
    return { holdMs: req.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS, manual: null };
  }
  if (!manual.enabled) {
    throw new AppError('validation_failed', 'This store is not taking orders right now', {
      issues: [{ path: 'payment', message: 'This store is not taking orders right now' }],
    });
  }
  return {
    holdMs: req.reservationTtlMs ?? manualHoldMs(manual),
    manual: { method: manual.method, instructions: shopperInstructions(manual) },
  };
}

/**
 * The provider for the shopper's choice. "manual" is always the manual
 * provider (paymentTerms refuses it when the store turned manual payment
 * off); "card" needs the store's card provider; no choice keeps the store's
 * default, as v1 clients expect.
 */
function chosenProvider(
  storeDefault: PaymentProvider,
  method: 'card' | 'manual' | undefined,
): PaymentProvider {
  if (method === 'manual') return getPaymentProvider('manual');
  if (method === 'card' && storeDefault.manualCapture) {
    throw new AppError('validation_failed', 'This store does not take card payments', {
      issues: [
        { path: 'payment', message: 'This store does not take card payments. Choose another way to pay.' },
      ],
    });
  }
  return storeDefault;
}

/**
 * Runs a checkout. The stored (idempotent) response carries the order; the
 * payment part is asked of the order's provider after commit — providers are
 * idempotent per order id, so a replay yields the identical response.
 */
export async function checkout(
  deps: Deps,
  req: CheckoutRequest,
): Promise<{ status: number; body: CheckoutResponseBody; replayed: boolean }> {
  const db: Db = deps.db;
  const tenantId = req.tenant.id;
  const provider = chosenProvider(await checkoutProvider({ deps, tenantId }), req.input.paymentMethod);
  const hash = requestHash({ cartId: req.cartId, customerId: req.viewer.customerId, body: req.input });
  const result = await withTenant(db, tenantId, (trx) =>
    placeOrder(
      trx,
      req,
      provider,
      { key: req.idempotencyKey, hash },
      storeUrl(deps.config, req.tenant.handle),
    ),
  );
  const { order } = result.body;
  // A replay may come after the store switched providers: ask the order's own.
  const orderProvider = getPaymentProvider(order.paymentProvider);
  const payment = await orderProvider.createPayment(
    { deps, tenantId },
    { id: order.id, number: order.number, total: order.total, currency: order.currency, email: order.email },
  );
  return {
    status: result.status,
    replayed: result.replayed,
    body: {
      order,
      payment: {
        provider: payment.provider,
        ...(payment.clientSecret ? { clientSecret: payment.clientSecret } : {}),
      },
    },
  };
}
