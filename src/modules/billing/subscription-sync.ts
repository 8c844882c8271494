/**
 * Applying a Stripe subscription's state to the store: trialing → active →
 * past_due → canceled, the grace period, suspension and reactivation. Called
 * for subscription webhooks (./stripe-events.ts); older events change nothing.
 */
import type Stripe from 'stripe';
import { withTenant } from '../../lib/db/index.js';
import type { SubscriptionStatus } from '../../lib/db/tables/billing.js';
import type { Deps } from '../../lib/http/context.js';
import {
  findTenantBillingState,
  reactivateTenantFromBilling,
  setTenantPlan,
  suspendTenantForBilling,
} from '../tenancy/repository/tenants.js';
import { forgetSite } from '../tenancy/site.js';
import { isPaidPlan, planForPrice } from './plans.js';
import { lockSubscription, updateSubscription } from './repository.js';

const DAY_MS = 86_400_000;

/** Stripe subscription status → ours; undefined = leave the stored status as it is. */
export function mapSubscriptionStatus(
  s: Stripe.Subscription.Status,
): SubscriptionStatus | 'paused' | undefined {
  switch (s) {
    case 'trialing':
      return 'trialing';
    case 'active':
      return 'active';
    case 'past_due':
    case 'unpaid':
      return 'past_due';
    case 'canceled':
    case 'incomplete_expired':
      return 'canceled';
    case 'paused':
      return 'paused';
    default:
      return undefined;
  }
}

export interface ApplyResult {
  applied: boolean;
  status?: SubscriptionStatus;
  suspended?: boolean;
  reactivated?: boolean;
}

/**
 * Applies a Stripe subscription's state to the store. Callers pass the
 * subscription as re-read from Stripe (its CURRENT state), so events arriving
 * out of order converge; `eventCreated` additionally refuses an event older
 * than the newest one applied when the object could not be re-read.
 */
export async function applyStripeSubscription(
  deps: Deps,
  tenantId: string,
  sub: Stripe.Subscription,
  opts: { eventCreated: number; current: boolean; now: Date },
): Promise<ApplyResult> {
  const result = await withTenant(
    deps.db,
    tenantId,
    async (trx): Promise<ApplyResult & { handle: string }> => {
      const row = await lockSubscription(trx, tenantId);
      const tenant = await findTenantBillingState(trx, tenantId);
      if (!opts.current && opts.eventCreated < row.last_event_created)
        return { applied: false, handle: tenant.handle };
      if (row.stripe_subscription_id && row.stripe_subscription_id !== sub.id && row.status !== 'canceled') {
        // An old, replaced subscription's events must not override the live one.
        const mapped = mapSubscriptionStatus(sub.status);
        if (mapped === 'canceled' || mapped === undefined) return { applied: false, handle: tenant.handle };
      }
      const item = sub.items?.data?.[0];
      const plan =
        planForPrice(deps.config, item?.price?.id) ?? (isPaidPlan(row.plan) ? row.plan : undefined);
      const mapped = mapSubscriptionStatus(sub.status);
      const status: SubscriptionStatus = mapped === 'paused' ? 'past_due' : (mapped ?? row.status);
      const customer = typeof sub.customer === 'string' ? sub.customer : sub.customer?.id;
      const grace =
        status !== 'past_due'
          ? null
          : mapped === 'paused'
            ? opts.now
            : (row.grace_ends_at ?? new Date(opts.now.getTime() + deps.config.BILLING_GRACE_DAYS * DAY_MS));
      await updateSubscription(trx, tenantId, {
        plan: plan ?? row.plan,
        status,
        stripe_subscription_id: sub.id,
        stripe_customer_id: customer ?? row.stripe_customer_id,
        stripe_price_id: item?.price?.id ?? row.stripe_price_id,
        current_period_end: item?.current_period_end
          ? new Date(item.current_period_end * 1000)
          : row.current_period_end,
        trial_ends_at: sub.trial_end ? new Date(sub.trial_end * 1000) : row.trial_ends_at,
        cancel_at_period_end: Boolean(sub.cancel_at_period_end),
        grace_ends_at: grace,
        last_event_created: Math.max(row.last_event_created, opts.eventCreated),
      });
      let suspended = false;
      let reactivated = false;
      if ((status === 'active' || status === 'trialing') && plan) {
        if (tenant.plan !== plan) await setTenantPlan(trx, tenantId, plan);
        reactivated = await reactivateTenantFromBilling(trx, tenantId, opts.now);
      } else if (status === 'canceled' || mapped === 'paused') {
        suspended = await suspendTenantForBilling(trx, tenantId, opts.now);
      }
      return { applied: true, status, suspended, reactivated, handle: tenant.handle };
    },
  );
  if (result.suspended || result.reactivated) forgetSite(result.handle);
  const { handle: _h, ...rest } = result;
  return rest;
}
