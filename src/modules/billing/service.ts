/**
 * Merchant billing: the overview the admin shows (plan, status, entitlements,
 * banner) and the Stripe client guard. Choosing a plan and the portal are in
 * ./checkout.ts; applying Stripe's subscription state in ./subscription-sync.ts.
 */
import type Stripe from 'stripe';
import { withTenant } from '../../lib/db/index.js';
import type { SubscriptionStatus } from '../../lib/db/tables/billing.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { billingConfigured, stripeFor } from '../../lib/stripe.js';
import { listPlans } from '../entitlements/repository.js';
import { type Entitlements, getEntitlements } from '../entitlements/service.js';
import { findTenantBillingState } from '../tenancy/repository/tenants.js';
import { isPaidPlan, priceIdFor } from './plans.js';
import { findSubscription } from './repository.js';

const _DAY_MS = 86_400_000;

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
