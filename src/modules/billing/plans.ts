/**
 * Plans as billing sells them. What a plan includes (entitlements) is answered
 * in one place: src/modules/entitlements/service.ts. Each paid plan's Stripe Price id comes from
 * configuration (STRIPE_PRICE_STARTER/GROWTH/PRO). A store's plan is
 * `tenants.plan`; without Stripe configured, stores run on the free
 * `developer` plan (see `initialPlan`).
 *
 * Money is integer minor units; the transaction fee is in basis points.
 */
import type { Config } from '../../lib/config.js';
import { billingConfigured } from '../../lib/stripe.js';

export const PAID_PLANS = ['starter', 'growth', 'pro'] as const;
export type PaidPlan = (typeof PAID_PLANS)[number];

/** Plans shown on the landing page and in the admin (kept in step with the migration's rows). */
export const PLAN_TABLE = [
  {
    id: 'starter',
    name: 'Starter',
    monthlyPrice: 2900,
    productLimit: 100,
    staffSeats: 2,
    transactionFeeBp: 200,
  },
  {
    id: 'growth',
    name: 'Growth',
    monthlyPrice: 7900,
    productLimit: 1000,
    staffSeats: 5,
    transactionFeeBp: 100,
  },
  { id: 'pro', name: 'Pro', monthlyPrice: 29900, productLimit: null, staffSeats: 20, transactionFeeBp: 50 },
] as const;

/** The plan a new store starts on: a trial with billing, the free developer plan without. */
export function initialPlan(config: Config): 'trial' | 'developer' {
  return billingConfigured(config) ? 'trial' : 'developer';
}

export function priceIdFor(config: Config, plan: PaidPlan): string | undefined {
  const map: Record<PaidPlan, string | undefined> = {
    starter: config.STRIPE_PRICE_STARTER,
    growth: config.STRIPE_PRICE_GROWTH,
    pro: config.STRIPE_PRICE_PRO,
  };
  return map[plan];
}

/** Stripe Price id → our plan id (undefined for a price we do not sell). */
export function planForPrice(config: Config, priceId: string | null | undefined): PaidPlan | undefined {
  if (!priceId) return undefined;
  return PAID_PLANS.find((p) => priceIdFor(config, p) === priceId);
}

export function isPaidPlan(plan: string): plan is PaidPlan {
  return (PAID_PLANS as readonly string[]).includes(plan);
}
