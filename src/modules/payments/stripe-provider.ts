/**
 * The 'stripe' payment provider: shopper card payments as Stripe Connect
 * DESTINATION charges. Checkout gets a PaymentIntent on the platform account
 * with `transfer_data.destination` = the store's Express account and
 * `application_fee_amount` = order total × the store's plan fee (basis
 * points, rounded half up — see `applicationFee`). The browser confirms it
 * with Stripe Elements using the client secret: card data never touches our
 * servers.
 *
 * Registered with the payment-provider registry on import; the checkout
 * chooser picks it for stores with Stripe configured and a charges-enabled
 * account, and the manual provider otherwise.
 */
import Stripe from 'stripe';
import { type Trx, withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { stripeFor } from '../../lib/stripe.js';
import { applicationFee, getEntitlements } from '../entitlements/service.js';
import {
  type PaymentContext,
  type PaymentOrder,
  type PaymentProvider,
  registerPaymentProvider,
  setCheckoutProviderChooser,
} from '../orders/payment-provider.js';
import { setOrderPaymentReference } from '../orders/repository.js';
import { cardPaymentsEnabled } from './connect.js';
import { addOrderEvent, markOrderPaidByStripe } from './order-bridge.js';
import * as repo from './repository.js';

/** A Stripe API failure → 502 payment_provider_error (never a 500, never the raw message with secrets). */
export function fromStripeError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof Stripe.errors.StripeError) {
    return new AppError('payment_provider_error', `Stripe rejected the request: ${err.message}`, {
      cause: err,
    });
  }
  return new AppError('payment_provider_error', 'Stripe could not be reached', { cause: err });
}

export function paymentsNotEnabled(): AppError {
  return new AppError(
    'payments_not_enabled',
    'This store cannot take card payments yet: it has no Stripe account with charges enabled (Admin → Payments)',
  );
}

async function createPayment(ctx: PaymentContext, order: PaymentOrder) {
  const { deps, tenantId } = ctx;
  const stripe = stripeFor(deps.config);
  if (!stripe) throw paymentsNotEnabled();
  const prep = await withTenant(deps.db, tenantId, async (trx) => {
    const existing = await repo.findPaymentForOrder(trx, tenantId, order.id);
    const acct = await repo.findConnectedAccountRow(trx, tenantId);
    const { transactionFeeBp } = await getEntitlements(trx, tenantId, { billingConfigured: true });
    return { existing: existing?.id, acct, feeBp: transactionFeeBp };
  });
  try {
    if (prep.existing) {
      const pi = await stripe.paymentIntents.retrieve(prep.existing);
      return { provider: 'stripe', clientSecret: pi.client_secret ?? undefined, reference: pi.id };
    }
    if (!prep.acct?.charges_enabled) throw paymentsNotEnabled();
    const fee = applicationFee(order.total, prep.feeBp);
    const pi = await stripe.paymentIntents.create(
      {
        amount: order.total,
        currency: order.currency.toLowerCase(),
        automatic_payment_methods: { enabled: true },
        transfer_data: { destination: prep.acct.account_id },
        application_fee_amount: fee,
        receipt_email: order.email,
        metadata: { tenant_id: tenantId, order_id: order.id, order_number: String(order.number) },
      },
      { idempotencyKey: `storeloom-order-${order.id}` },
    );
    await withTenant(deps.db, tenantId, async (trx) => {
      await repo.insertPayment(trx, {
        tenant_id: tenantId,
        id: pi.id,
        order_id: order.id,
        account_id: prep.acct!.account_id,
        amount: order.total,
        application_fee: fee,
        currency: order.currency.toUpperCase(),
      });
      await setOrderPaymentReference(trx, tenantId, order.id, { provider: 'stripe', reference: pi.id });
    });
    return { provider: 'stripe', clientSecret: pi.client_secret ?? undefined, reference: pi.id };
  } catch (err) {
    throw fromStripeError(err);
  }
}

/**
 * Refund through Stripe, inside the caller's refund transaction (the order row
 * is already locked and moved). Above what is still refundable → 400,
 * and the throw rolls the whole refund back.
 */
async function refund(
  ctx: PaymentContext & { trx: Trx },
  input: { order: PaymentOrder & { paymentReference: string | null }; amount: number },
): Promise<{ reference?: string }> {
  const { deps, tenantId, trx } = ctx;
  const stripe = stripeFor(deps.config);
  if (!stripe)
    throw new AppError(
      'not_configured',
      'Stripe is not configured; this card payment cannot be refunded here',
    );
  const payment = await repo.lockPayment(trx, tenantId, { orderId: input.order.id });
  if (payment?.status !== 'succeeded')
    throw new AppError('invalid_state', 'This order has no captured card payment to refund');
  const refundable = payment.amount - payment.amount_refunded;
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > refundable)
    throw new AppError('validation_failed', 'The request is not valid', {
      issues: [{ path: 'amount', message: `At most ${refundable} can still be refunded on this payment` }],
    });
  let refundObj: Stripe.Refund;
  try {
    refundObj = await stripe.refunds.create(
      {
        payment_intent: payment.id,
        amount: input.amount,
        metadata: { tenant_id: tenantId, order_id: input.order.id },
      },
      { idempotencyKey: `storeloom-refund-${input.order.id}-${payment.amount_refunded}-${input.amount}` },
    );
  } catch (err) {
    throw fromStripeError(err);
  }
  await repo.insertRefund(trx, {
    tenant_id: tenantId,
    id: refundObj.id,
    order_id: input.order.id,
    payment_id: payment.id,
    amount: input.amount,
  });
  await repo.addAmountRefunded(trx, tenantId, payment.id, input.amount);
  return { reference: refundObj.id };
}

export const stripeProvider: PaymentProvider = {
  name: 'stripe',
  manualCapture: false,
  createPayment,
  refund,
};

/**
 * Wires the payment providers in: Stripe, chosen at checkout for stores with
 * card payments enabled (manual otherwise). Called once at boot by the API
 * (src/app.ts) and the workers (workers/index.ts), never as an import side
 * effect; calling it again is harmless.
 */
export function registerPaymentProviders(): void {
  registerPaymentProvider(stripeProvider);
  setCheckoutProviderChooser(async (ctx) =>
    (await cardPaymentsEnabled(ctx.deps, ctx.tenantId)) ? 'stripe' : 'manual',
  );
}

export interface SettleResult {
  status: 'paid' | 'already_paid' | 'pending' | 'failed' | 'unknown';
  transitioned: boolean;
}

/**
 * Settles an order's card payment from Stripe's CURRENT PaymentIntent state.
 * Called by `payment_intent.succeeded` and by the shopper's return to the
 * store; the payment row lock plus the guarded order transition make the
 * pair complete the order exactly once.
 */
export async function settleStripePayment(
  deps: Deps,
  tenantId: string,
  paymentIntentId: string,
  now: Date = deps.now(),
): Promise<SettleResult> {
  const stripe = stripeFor(deps.config);
  if (!stripe) throw paymentsNotEnabled();
  let pi: Stripe.PaymentIntent;
  try {
    pi = await stripe.paymentIntents.retrieve(paymentIntentId);
  } catch (err) {
    throw fromStripeError(err);
  }
  return withTenant(deps.db, tenantId, async (trx) => {
    const payment = await repo.lockPayment(trx, tenantId, { id: paymentIntentId });
    if (!payment) return { status: 'unknown', transitioned: false };
    if (pi.status !== 'succeeded') {
      return { status: pi.last_payment_error ? 'failed' : 'pending', transitioned: false };
    }
    if (payment.status === 'succeeded') return { status: 'already_paid', transitioned: false };
    const chargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge?.id ?? null);
    await repo.markPaymentSucceeded(trx, tenantId, payment.id, chargeId, now);
    const moved = await markOrderPaidByStripe(trx, tenantId, payment.order_id, payment.id, now);
    if (!moved)
      await addOrderEvent(
        trx,
        tenantId,
        payment.order_id,
        'payment_after_close',
        'A card payment succeeded for an order that was no longer pending',
        {
          paymentIntent: payment.id,
        },
      );
    return { status: 'paid', transitioned: moved };
  });
}
