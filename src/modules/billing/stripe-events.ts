/**
 * Stripe events that drive merchant billing: checkout.session.completed,
 * customer.subscription.created|updated|deleted, invoice.paid,
 * invoice.payment_failed. Each handler finds the store, RE-READS the
 * subscription from Stripe (its current state, so out-of-order delivery
 * converges) and applies it.
 */
import type Stripe from 'stripe';
import { isUuid, withPlatformAccess } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { stripeFor } from '../../lib/stripe.js';
import type { EventOutcome } from '../stripe-events/types.js';
import { findTenantId } from '../tenancy/repository/tenants.js';
import { findTenantIdByStripeIds } from './repository.js';
import { applyStripeSubscription } from './subscription-sync.js';

const idOf = (v: string | { id: string } | null | undefined): string | undefined =>
  typeof v === 'string' ? v : (v?.id ?? undefined);

async function resolveTenant(
  deps: Deps,
  hint: string | null | undefined,
  ids: { customer?: string; subscription?: string },
): Promise<string | undefined> {
  return withPlatformAccess(deps.db, async (trx) => {
    if (hint && isUuid(hint)) {
      const id = await findTenantId(trx, hint);
      if (id) return id;
    }
    return findTenantIdByStripeIds(trx, ids);
  });
}

async function applyCurrent(
  deps: Deps,
  tenantId: string,
  fallback: Stripe.Subscription | undefined,
  subscriptionId: string,
  event: Stripe.Event,
  now: Date,
): Promise<EventOutcome> {
  const stripe = stripeFor(deps.config);
  const current = stripe ? await stripe.subscriptions.retrieve(subscriptionId) : fallback;
  if (!current) return { outcome: 'ignored:no_subscription', tenantId };
  const r = await applyStripeSubscription(deps, tenantId, current, {
    eventCreated: event.created,
    current: Boolean(stripe),
    now,
  });
  return { outcome: r.applied ? `applied:${r.status}` : 'stale', tenantId };
}

export async function onCheckoutCompleted(deps: Deps, event: Stripe.Event, now: Date): Promise<EventOutcome> {
  const session = event.data.object as Stripe.Checkout.Session;
  if (session.mode !== 'subscription') return { outcome: 'ignored:not_subscription' };
  const subscriptionId = idOf(session.subscription);
  const customer = idOf(session.customer);
  const tenantId = await resolveTenant(deps, session.client_reference_id ?? session.metadata?.tenant_id, {
    customer,
    subscription: subscriptionId,
  });
  if (!tenantId) return { outcome: 'ignored:unknown_store' };
  if (!subscriptionId) return { outcome: 'ignored:no_subscription', tenantId };
  return applyCurrent(deps, tenantId, undefined, subscriptionId, event, now);
}

export async function onSubscriptionEvent(deps: Deps, event: Stripe.Event, now: Date): Promise<EventOutcome> {
  const sub = event.data.object as Stripe.Subscription;
  const tenantId = await resolveTenant(deps, sub.metadata?.tenant_id, {
    customer: idOf(sub.customer),
    subscription: sub.id,
  });
  if (!tenantId) return { outcome: 'ignored:unknown_store' };
  return applyCurrent(deps, tenantId, sub, sub.id, event, now);
}

/** The subscription an invoice belongs to (new API: parent.subscription_details; old: invoice.subscription). */
function invoiceSubscriptionId(invoice: Stripe.Invoice): string | undefined {
  const fromParent = idOf(invoice.parent?.subscription_details?.subscription);
  if (fromParent) return fromParent;
  const legacy = (invoice as unknown as { subscription?: string | { id: string } | null }).subscription;
  return idOf(legacy);
}

export async function onInvoiceEvent(deps: Deps, event: Stripe.Event, now: Date): Promise<EventOutcome> {
  const invoice = event.data.object as Stripe.Invoice;
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return { outcome: 'ignored:not_subscription' };
  const tenantId = await resolveTenant(deps, invoice.parent?.subscription_details?.metadata?.tenant_id, {
    customer: idOf(invoice.customer),
    subscription: subscriptionId,
  });
  if (!tenantId) return { outcome: 'ignored:unknown_store' };
  return applyCurrent(deps, tenantId, undefined, subscriptionId, event, now);
}
