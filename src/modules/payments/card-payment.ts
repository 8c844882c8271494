/**
 * What the storefront needs to let a shopper pay an order by card: the
 * PaymentIntent's client secret (re-read from Stripe, never stored) and the
 * platform's publishable key. Card details go from the browser to Stripe.js
 * only; our servers never see them.
 */
import { withTenant } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { stripeFor } from '../../lib/stripe.js';

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
  const payment = await withTenant(deps.db, tenantId, (trx) =>
    trx
      .selectFrom('stripe_payments')
      .select(['id', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('order_id', '=', orderId)
      .executeTakeFirst(),
  );
  if (!payment || payment.status !== 'requires_payment') return undefined;
  const intent = await stripe.paymentIntents.retrieve(payment.id);
  if (!intent.client_secret || intent.status === 'succeeded' || intent.status === 'canceled')
    return undefined;
  return { publishableKey, clientSecret: intent.client_secret };
}
