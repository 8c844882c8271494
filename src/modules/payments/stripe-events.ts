/**
 * Stripe events about shopper payments: payment_intent.succeeded|payment_failed,
 * charge.refunded, charge.dispute.created. The store is found from OUR
 * payment row (platform read by PaymentIntent id), never from metadata alone.
 */
import type Stripe from 'stripe';
import { withPlatformAccess, withTenant } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import type { EventOutcome } from '../stripe-events/types.js';
import { addOrderEvent } from './order-bridge.js';
import * as repo from './repository.js';
import { settleStripePayment } from './stripe-provider.js';

const idOf = (v: string | { id: string } | null | undefined): string | undefined =>
  typeof v === 'string' ? v : (v?.id ?? undefined);

async function findPayment(deps: Deps, by: { id?: string; charge?: string }) {
  return withPlatformAccess(deps.db, (trx) => repo.findPaymentAnyStore(trx, by));
}

export async function onPaymentIntentSucceeded(
  deps: Deps,
  event: Stripe.Event,
  now: Date,
): Promise<EventOutcome> {
  const pi = event.data.object as Stripe.PaymentIntent;
  const payment = await findPayment(deps, { id: pi.id });
  if (!payment) return { outcome: 'ignored:unknown_payment' };
  const r = await settleStripePayment(deps, payment.tenant_id, pi.id, now);
  return { outcome: r.transitioned ? 'order_paid' : `noop:${r.status}`, tenantId: payment.tenant_id };
}

/** A failed attempt leaves the order pending (the shopper may retry; the reservation expiry cancels it). */
export async function onPaymentIntentFailed(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  const pi = event.data.object as Stripe.PaymentIntent;
  const payment = await findPayment(deps, { id: pi.id });
  if (!payment) return { outcome: 'ignored:unknown_payment' };
  await withTenant(deps.db, payment.tenant_id, (trx) =>
    addOrderEvent(
      trx,
      payment.tenant_id,
      payment.order_id,
      'payment_failed',
      'A card payment attempt failed',
      {
        paymentIntent: pi.id,
        code: pi.last_payment_error?.code ?? null,
      },
    ),
  );
  return { outcome: 'recorded_failure', tenantId: payment.tenant_id };
}

/**
 * Keeps our refunded amount in step with Stripe (e.g. a refund made in the
 * Stripe dashboard): only ever raises it, so a late or repeated event is harmless.
 */
export async function onChargeRefunded(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  const charge = event.data.object as Stripe.Charge;
  const piId = idOf(charge.payment_intent);
  const payment = await findPayment(deps, piId ? { id: piId } : { charge: charge.id });
  if (!payment) return { outcome: 'ignored:unknown_payment' };
  const raised = await withTenant(deps.db, payment.tenant_id, async (trx) => {
    const row = await repo.lockPaymentAmounts(trx, payment.tenant_id, payment.id);
    const target = Math.min(charge.amount_refunded, row.amount);
    if (target <= row.amount_refunded) return false;
    await repo.setAmountRefunded(trx, payment.tenant_id, payment.id, target);
    await addOrderEvent(
      trx,
      payment.tenant_id,
      payment.order_id,
      'refund_synced',
      'A refund made in Stripe was recorded',
      {
        amountRefunded: target,
      },
    );
    return true;
  });
  return { outcome: raised ? 'refund_synced' : 'noop', tenantId: payment.tenant_id };
}

export async function onDisputeCreated(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  const dispute = event.data.object as Stripe.Dispute;
  const piId = idOf(dispute.payment_intent);
  const payment = await findPayment(deps, piId ? { id: piId } : { charge: idOf(dispute.charge) });
  if (!payment) return { outcome: 'ignored:unknown_payment' };
  const flagged = await withTenant(deps.db, payment.tenant_id, async (trx) => {
    const flaggedNow = await repo.flagDisputed(trx, payment.tenant_id, payment.id, {
      id: dispute.id,
      reason: dispute.reason ?? null,
    });
    if (!flaggedNow) return false;
    await addOrderEvent(
      trx,
      payment.tenant_id,
      payment.order_id,
      'dispute_opened',
      `The shopper disputed the payment (${dispute.reason ?? 'no reason given'})`,
      {
        dispute: dispute.id,
        amount: dispute.amount,
        reason: dispute.reason ?? null,
      },
    );
    return true;
  });
  return { outcome: flagged ? 'order_flagged' : 'noop', tenantId: payment.tenant_id };
}
