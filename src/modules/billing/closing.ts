/**
 * Billing's part in closing a store (flows/store-closing.ts): the platform
 * subscription stops at once in our books (status canceled, so nothing is
 * billed or suspended for it) and is cancelled in Stripe after commit
 * through the outbox (topic `billing.subscription_cancel`, queue `billing`).
 * The Stripe call carries an idempotency key and treats "already cancelled"
 * or "no such subscription" as done, so a retried job cancels once.
 */
import type { Trx } from '../../lib/db/index.js';
import { PLATFORM_TENANT_ID } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { stripeFor } from '../../lib/stripe.js';
import { findSubscription, updateSubscription } from './repository.js';

export const SUBSCRIPTION_CANCEL_TOPIC = 'billing.subscription_cancel';

/** In the closing transaction: cancels the store's subscription here and queues Stripe's cancellation. */
export async function cancelSubscriptionForClosing(trx: Trx, tenantId: string, now: Date): Promise<void> {
  const sub = await findSubscription(trx, tenantId);
  if (!sub || sub.status === 'canceled') return;
  await updateSubscription(trx, tenantId, { status: 'canceled', grace_ends_at: null });
  if (!sub.stripe_subscription_id) return;
  await enqueueOutbox(trx, tenantId, {
    topic: SUBSCRIPTION_CANCEL_TOPIC,
    payload: {
      tenantId,
      subscriptionId: sub.stripe_subscription_id,
      reason: 'store_closed',
      at: now.toISOString(),
    },
    dedupeKey: `cancel:${sub.stripe_subscription_id}`,
  });
}

/**
 * In the purge's transaction (platform access), before the store's rows go:
 * its subscription ends in our books (a store removed without closing — the
 * console's old "Delete store" — may still be billed), and Stripe's
 * cancellation is queued on the PLATFORM outbox: the store's own outbox rows
 * are purged with it, so a cancel queued at closing but not yet relayed would
 * be lost. The worker's call is idempotent ("already cancelled" is done).
 */
export async function endSubscriptionAtPurge(trx: Trx, tenantId: string, now: Date): Promise<void> {
  const sub = await findSubscription(trx, tenantId);
  if (!sub) return;
  if (sub.status !== 'canceled')
    await updateSubscription(trx, tenantId, { status: 'canceled', grace_ends_at: null });
  if (!sub.stripe_subscription_id) return;
  await enqueueOutbox(trx, PLATFORM_TENANT_ID, {
    topic: SUBSCRIPTION_CANCEL_TOPIC,
    payload: {
      tenantId,
      subscriptionId: sub.stripe_subscription_id,
      reason: 'store_purged',
      at: now.toISOString(),
    },
    dedupeKey: `cancel:${sub.stripe_subscription_id}`,
  });
}

/** The worker's half: cancels the subscription in Stripe (idempotent). */
export async function cancelStripeSubscription(
  deps: Deps,
  subscriptionId: string,
): Promise<'canceled' | 'already' | 'no_stripe'> {
  const stripe = stripeFor(deps.config);
  if (!stripe) return 'no_stripe';
  try {
    const sub = await stripe.subscriptions.retrieve(subscriptionId);
    if (sub.status === 'canceled') return 'already';
    await stripe.subscriptions.cancel(
      subscriptionId,
      {},
      { idempotencyKey: `storeloom-close-${subscriptionId}` },
    );
    return 'canceled';
  } catch (err) {
    if ((err as { code?: string }).code === 'resource_missing') return 'already';
    throw err;
  }
}
