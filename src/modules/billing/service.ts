/**
 * Merchant billing: choosing a plan (Stripe Checkout, subscription mode), the
 * customer portal, the billing overview the admin shows, and applying a
 * Stripe subscription's state to the store (trialing → active → past_due →
 * canceled, grace period, suspension and reactivation).
 *
 * External calls (Stripe) happen outside long transactions except where a
 * row lock must cover them (creating the store's one Stripe customer).
 */
import type Stripe from 'stripe';
import { withTenant } from '../../lib/db/index.js';
import type { SubscriptionStatus } from '../../lib/db/tables/billing.js';
import { AppError } from '../../lib/errors.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { billingConfigured, stripeFor } from '../../lib/stripe.js';
import { listPlans } from '../entitlements/repository.js';
import { type Entitlements, getEntitlements } from '../entitlements/service.js';
import {
  findTenantBillingState,
  reactivateTenantFromBilling,
  setTenantPlan,
  suspendTenantForBilling,
} from '../tenancy/repository/tenants.js';
import { forgetSite } from '../tenancy/site.js';
import { isPaidPlan, type PaidPlan, planForPrice, priceIdFor } from './plans.js';
import { findSubscription, lockSubscription, updateSubscription } from './repository.js';

const DAY_MS = 86_400_000;

export function requireStripe(deps: Deps): Stripe {
  const s = stripeFor(deps.config);
  if (!s)
    throw new AppError(
      'not_configured',
      'Billing is not configured on this platform (STRIPE_SECRET_KEY is not set); stores run on the free developer plan',
    );
  return s;
}

export type BannerKind =
  | 'none'
  | 'not_configured'
  | 'trial'
  | 'trial_ended'
  | 'past_due'
  | 'suspended'
  | 'canceled';

export interface BillingOverview {
  configured: boolean;
  plan: string;
  status: SubscriptionStatus | 'developer';
  storeStatus: 'active' | 'suspended' | 'deleted';
  entitlements: Entitlements;
  trialEndsAt: string | null;
  currentPeriodEnd: string | null;
  graceEndsAt: string | null;
  cancelAtPeriodEnd: boolean;
  banner: { kind: BannerKind; message: string | null };
  plans: { id: string; name: string; monthlyPrice: number; currency: string; available: boolean }[];
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export async function getBillingOverview(deps: Deps, tenantId: string): Promise<BillingOverview> {
  const configured = billingConfigured(deps.config);
  const now = deps.now();
  return withTenant(deps.db, tenantId, async (trx) => {
    const tenant = await findTenantBillingState(trx, tenantId);
    const sub = await findSubscription(trx, tenantId);
    const entitlements = await getEntitlements(trx, tenantId, { billingConfigured: configured });
    const plans = (await listPlans(trx))
      .filter((p) => p.purchasable)
      .map((p) => ({
        id: p.id,
        name: p.name,
        monthlyPrice: p.monthly_price,
        currency: p.currency,
        available: configured && isPaidPlan(p.id) && Boolean(priceIdFor(deps.config, p.id)),
      }));
    const trialEndsAt = sub?.trial_ends_at ?? tenant.trial_ends_at;
    const status: BillingOverview['status'] = configured ? (sub?.status ?? 'trialing') : 'developer';
    let banner: BillingOverview['banner'] = { kind: 'none', message: null };
    if (!configured) {
      banner = {
        kind: 'not_configured',
        message: 'Billing is not configured on this platform; this store is on the free developer plan.',
      };
    } else if (tenant.status === 'suspended' && tenant.suspended_reason === 'billing') {
      banner = {
        kind: 'suspended',
        message: 'This store is suspended for non-payment. Update your payment method to reactivate it.',
      };
    } else if (status === 'past_due') {
      banner = {
        kind: 'past_due',
        message: `Your last payment failed. Update your payment method before ${iso(sub?.grace_ends_at) ?? 'the grace period ends'} or the store will be suspended.`,
      };
    } else if (status === 'trialing' && trialEndsAt) {
      const ended = new Date(trialEndsAt).getTime() <= now.getTime();
      banner = ended
        ? { kind: 'trial_ended', message: 'Your trial has ended. Choose a plan to keep your store open.' }
        : {
            kind: 'trial',
            message: `Your trial ends on ${iso(trialEndsAt)}. Choose a plan to keep selling.`,
          };
    } else if (status === 'canceled') {
      banner = {
        kind: 'canceled',
        message: 'Your subscription was canceled. Choose a plan to reopen your store.',
      };
    }
    return {
      configured,
      plan: entitlements.plan,
      status,
      storeStatus: tenant.status,
      entitlements,
      trialEndsAt: iso(trialEndsAt),
      currentPeriodEnd: iso(sub?.current_period_end),
      graceEndsAt: iso(sub?.grace_ends_at),
      cancelAtPeriodEnd: sub?.cancel_at_period_end ?? false,
      banner,
      plans,
    };
  });
}

/**
 * The store's one Stripe customer: created once (under the subscription row
 * lock, with an idempotency key per store) and remembered.
 */
async function ensureStripeCustomer(
  deps: Deps,
  stripe: Stripe,
  tenant: TenantInfo,
  email: string,
): Promise<string> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const row = await lockSubscription(trx, tenant.id);
    if (row.stripe_customer_id) return row.stripe_customer_id;
    const customer = await stripe.customers.create(
      { name: tenant.name, email, metadata: { tenant_id: tenant.id, handle: tenant.handle } },
      { idempotencyKey: `storeloom-customer-${tenant.id}` },
    );
    await updateSubscription(trx, tenant.id, { stripe_customer_id: customer.id });
    return customer.id;
  });
}

export async function startPlanCheckout(
  deps: Deps,
  input: { tenant: TenantInfo; plan: string; email: string; returnBase: string },
): Promise<{ url: string }> {
  const stripe = requireStripe(deps);
  const plan = input.plan;
  if (!isPaidPlan(plan))
    throw new AppError('validation_failed', 'The request is not valid', {
      issues: [{ path: 'plan', message: `Unknown plan "${plan}"; choose starter, growth or pro` }],
    });
  const price = priceIdFor(deps.config, plan as PaidPlan);
  if (!price)
    throw new AppError(
      'not_configured',
      `The ${plan} plan has no Stripe price configured (STRIPE_PRICE_${plan.toUpperCase()})`,
    );
  const current = await withTenant(deps.db, input.tenant.id, (trx) => findSubscription(trx, input.tenant.id));
  if (current?.stripe_subscription_id && (current.status === 'active' || current.status === 'past_due'))
    throw new AppError(
      'invalid_state',
      'This store already has a subscription; change plans or payment method in the billing portal',
    );
  const customer = await ensureStripeCustomer(deps, stripe, input.tenant, input.email);
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer,
    client_reference_id: input.tenant.id,
    line_items: [{ price, quantity: 1 }],
    metadata: { tenant_id: input.tenant.id, plan },
    subscription_data: { metadata: { tenant_id: input.tenant.id, plan } },
    success_url: `${input.returnBase}/admin/billing?checkout=success`,
    cancel_url: `${input.returnBase}/admin/billing?checkout=cancelled`,
  });
  if (!session.url) throw new AppError('payment_provider_error', 'Stripe did not return a checkout URL');
  return { url: session.url };
}

export async function openBillingPortal(
  deps: Deps,
  input: { tenant: TenantInfo; email: string; returnBase: string },
): Promise<{ url: string }> {
  const stripe = requireStripe(deps);
  const customer = await ensureStripeCustomer(deps, stripe, input.tenant, input.email);
  const session = await stripe.billingPortal.sessions.create({
    customer,
    return_url: `${input.returnBase}/admin/billing`,
  });
  return { url: session.url };
}

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
