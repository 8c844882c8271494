/**
 * Plans and entitlements. The plan catalog lives in the `plans` table
 * (migrations/0070_billing.sql); each paid plan's Stripe Price id comes from
 * configuration (STRIPE_PRICE_STARTER/GROWTH/PRO). A store's plan is
 * `tenants.plan`; without Stripe configured, stores run on the free
 * `developer` plan (see `initialPlan`).
 *
 * Money is integer minor units; the transaction fee is in basis points.
 */
import type { Config } from '../../lib/config.js';
import type { Trx } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import { billingConfigured } from '../../lib/stripe.js';
import { findTenantPlan } from '../tenancy/repository/tenants.js';
import { countProducts, findPlan, lockPlanLimit, type PlanRow } from './repository.js';

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

export interface Entitlements {
  plan: string;
  productLimit: number | null;
  staffSeats: number | null;
  transactionFeeBp: number;
  customDomain: boolean;
  dynamicPricing: boolean;
}

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

function toEntitlements(p: PlanRow): Entitlements {
  return {
    plan: p.id,
    productLimit: p.product_limit,
    staffSeats: p.staff_seats,
    transactionFeeBp: p.transaction_fee_bp,
    customDomain: p.custom_domain,
    dynamicPricing: p.dynamic_pricing,
  };
}

/**
 * The store's entitlements, from its plan. `billingConfigured: false` (no
 * Stripe keys) → the developer plan, whatever `tenants.plan` says.
 */
export async function getEntitlements(
  trx: Trx,
  tenantId: string,
  opts: { billingConfigured?: boolean } = {},
): Promise<Entitlements> {
  const planId =
    opts.billingConfigured === false ? 'developer' : ((await findTenantPlan(trx, tenantId)) ?? 'developer');
  const plan = (await findPlan(trx, planId)) ?? (await findPlan(trx, 'developer'));
  if (!plan) throw new Error('The developer plan is missing from the plans table');
  return toEntitlements(plan);
}

export type LimitKind = 'products' | 'staff';

/**
 * Throws 409 plan_limit_reached when adding one more `kind` would pass the
 * plan's limit. `currentCount` is how many exist now (before the new one).
 * Call it inside the writing transaction, before writing.
 */
export async function assertWithinLimit(
  trx: Trx,
  tenantId: string,
  kind: LimitKind,
  currentCount: number,
  opts: { billingConfigured?: boolean } = {},
): Promise<void> {
  const e = await getEntitlements(trx, tenantId, opts);
  const limit = kind === 'products' ? e.productLimit : e.staffSeats;
  if (limit !== null && currentCount >= limit) {
    const what = kind === 'products' ? 'products' : 'staff seats';
    throw new AppError(
      'plan_limit_reached',
      `The ${e.plan} plan allows ${limit} ${what}; upgrade your plan in Billing to add more`,
    );
  }
}

/** Platform fee on an order: total × fee bp / 10000, rounded half up to a whole minor unit. */
export function applicationFee(total: number, feeBp: number): number {
  if (!Number.isSafeInteger(total) || total < 0) throw new Error('total must be a non-negative integer');
  return Math.floor((total * feeBp + 5_000) / 10_000);
}

/**
 * The product-limit check for catalog writes: serialises concurrent creates
 * of one store (transaction-scoped advisory lock) so two requests cannot both
 * take the last free slot, then counts and asserts.
 */
export async function assertCanAddProduct(trx: Trx, tenantId: string): Promise<void> {
  await lockPlanLimit(trx, 'products', tenantId);
  await assertWithinLimit(trx, tenantId, 'products', await countProducts(trx, tenantId));
}

/**
 * The staff-seat check for invitations: seats taken = members + live
 * (unaccepted, unrevoked, unexpired) invitations, counted by the staff module
 * (`countSeatsTaken`) under a per-store lock like the product check. Without
 * Stripe configured (developer plan) seats are unlimited.
 */
export async function assertCanAddStaff(
  trx: Trx,
  tenantId: string,
  opts: { billingConfigured: boolean; countSeatsTaken: () => Promise<number> },
): Promise<void> {
  await lockPlanLimit(trx, 'staff', tenantId);
  await assertWithinLimit(trx, tenantId, 'staff', await opts.countSeatsTaken(), {
    billingConfigured: opts.billingConfigured,
  });
}
