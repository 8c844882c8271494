/**
 * Merchant billing actions with Stripe: choosing a plan (Stripe Checkout,
 * subscription mode) and the customer portal. External calls happen outside
 * long transactions except where a row lock must cover them (creating the
 * store's one Stripe customer).
 */
import type Stripe from 'stripe';
import { withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { isPaidPlan, type PaidPlan, priceIdFor } from './plans.js';
import { findSubscription, lockSubscription, updateSubscription } from './repository.js';

import { requireStripe } from './service.js';

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
