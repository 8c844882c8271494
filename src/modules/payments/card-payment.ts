/**
 * A shopper's card payment of an order: confirming it on return from Stripe,
 * and what the storefront needs to let a shopper pay by card: the
 * PaymentIntent's client secret (re-read from Stripe, never stored) and the
 * platform's publishable key. Card details go from the browser to Stripe.js
 * only; our servers never see them.
 */
import { withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { stripeFor } from '../../lib/stripe.js';
import { cardPaymentsEnabled } from './connect.js';
import { findPaymentForOrder } from './repository.js';
import { paymentsNotEnabled, type SettleResult, settleStripePayment } from './stripe-provider.js';

export interface CardPayment {
  publishableKey: string;
  clientSecret: string;
}

/** The card payment to complete for a pending order, or undefined when there is none to take. */
export async function findCardPaymentForOrder(
  deps: Deps,
  tenantId: string,
  orderId: string,
): Promise<CardPayment | undefined> {
  const publishableKey = deps.config.STRIPE_PUBLISHABLE_KEY;
  const stripe = stripeFor(deps.config);
  if (!publishableKey || !stripe) return undefined;
  const payment = await withTenant(deps.db, tenantId, (trx) => findPaymentForOrder(trx, tenantId, orderId));
  if (payment?.status !== 'requires_payment') return undefined;
  const intent = await stripe.paymentIntents.retrieve(payment.id);
  if (!intent.client_secret || intent.status === 'succeeded' || intent.status === 'canceled')
    return undefined;
  return { publishableKey, clientSecret: intent.client_secret };
}

/**
 * The shopper's return from card confirmation: settles the order's payment
 * from Stripe's current state. No card payment for the order → 404, or
 * payments_not_enabled when the store cannot take cards at all.
 */
export async function confirmOrderPayment(
  deps: Deps,
  tenantId: string,
  orderId: string,
): Promise<Exclude<SettleResult['status'], 'unknown'>> {
  const payment = await withTenant(deps.db, tenantId, (trx) => findPaymentForOrder(trx, tenantId, orderId));
  if (!payment) {
    if (!(await cardPaymentsEnabled(deps, tenantId))) throw paymentsNotEnabled();
    throw notFound('Card payment');
  }
  const r = await settleStripePayment(deps, tenantId, payment.id);
  if (r.status === 'unknown') throw new AppError('not_found', 'Card payment not found');
  return r.status;
}
