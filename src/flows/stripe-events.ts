/**
 * Stripe events, across domains: which domain handles which stored event
 * (billing: subscriptions and invoices; payments: Connect accounts, payment
 * intents, refunds, disputes; settlement: payouts). The stripe-events module
 * owns the ledger (locking, processed_at, the recovery sweep); this flow
 * hands it the handler table, so no domain module imports another's.
 */
import type { Deps } from '../lib/http/context.js';
import {
  onCheckoutCompleted,
  onInvoiceEvent,
  onSubscriptionEvent,
} from '../modules/billing/stripe-events.js';
import { onAccountUpdated } from '../modules/payments/connect.js';
import {
  onChargeRefunded,
  onDisputeCreated,
  onPaymentIntentFailed,
  onPaymentIntentSucceeded,
} from '../modules/payments/stripe-events.js';
import { onPayoutPaid } from '../modules/settlement/service.js';
import {
  processPendingStripeEventsWith,
  processStripeEventWith,
  type StripeEventHandlers,
} from '../modules/stripe-events/process.js';
import type { EventOutcome } from '../modules/stripe-events/types.js';

export const STRIPE_EVENT_HANDLERS: StripeEventHandlers = {
  'checkout.session.completed': onCheckoutCompleted,
  'customer.subscription.created': onSubscriptionEvent,
  'customer.subscription.updated': onSubscriptionEvent,
  'customer.subscription.deleted': onSubscriptionEvent,
  'invoice.paid': onInvoiceEvent,
  'invoice.payment_failed': onInvoiceEvent,
  'account.updated': onAccountUpdated,
  'payment_intent.succeeded': onPaymentIntentSucceeded,
  'payment_intent.payment_failed': onPaymentIntentFailed,
  'charge.refunded': onChargeRefunded,
  'charge.dispute.created': onDisputeCreated,
  'payout.paid': onPayoutPaid,
};

/** Processes one stored event (idempotent: a processed event is a no-op → undefined). */
export function processStripeEvent(
  deps: Deps,
  eventId: string,
  now: Date = deps.now(),
): Promise<EventOutcome | undefined> {
  return processStripeEventWith(STRIPE_EVENT_HANDLERS, deps, eventId, now);
}

/** The recovery sweep over events still unprocessed after `olderThanMs`; returns how many it processed. */
export function processPendingStripeEvents(
  deps: Deps,
  now: Date = deps.now(),
  olderThanMs?: number,
): Promise<number> {
  return processPendingStripeEventsWith(STRIPE_EVENT_HANDLERS, deps, now, olderThanMs);
}
