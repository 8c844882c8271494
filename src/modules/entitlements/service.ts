/**
 * Entitlements: the ONE place that says what a store's plan allows. Every
 * gated feature asks here, inside the writing transaction and before writing:
 *
 *   limit     products (catalog), staffSeats (staff invitations)
 *   feature   dynamicPricing (demand price rules; the engine skips them too),
 *             customDomain (adding/verifying a domain; Host resolution ignores
 *             domains of a store whose plan lacks it)
 *   value     transactionFeeBp (application fee on card payments)
 *
 * The catalog of plans is the `plans` table. A refusal is 409
 * plan_limit_reached and nothing is written. A downgrade keeps the data
 * (products, invitations, rules, domains) but stops the feature.
 */
import { type Db, type Trx, withPlatformAccess } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import { findTenantPlan } from '../tenancy/repository/tenants.js';
import { countProducts, findPlan, listPlans, lockPlanLimit, type PlanRow } from './repository.js';

export interface Entitlements {
  plan: string;
  planName: string;
  productLimit: number | null;
  staffSeats: number | null;
  transactionFeeBp: number;
  customDomain: boolean;
  dynamicPricing: boolean;
}

export type LimitKind = 'products' | 'staff';
export type Feature = 'customDomain' | 'dynamicPricing';

/** What each entitlement is called where a merchant reads it. */
export const FEATURE_LABELS: Record<Feature, string> = {
  customDomain: 'Custom domain',
  dynamicPricing: 'Dynamic (demand) pricing',
};

export function toEntitlements(p: PlanRow): Entitlements {
  return {
    plan: p.id,
    planName: p.name,
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

/** Does the store's plan include `feature`? (For pages that hide a feature behind an upgrade prompt.) */
export async function hasFeature(trx: Trx, tenantId: string, feature: Feature): Promise<boolean> {
  return (await getEntitlements(trx, tenantId))[feature];
}

/** Throws 409 plan_limit_reached when the store's plan lacks `feature`. */
export async function assertFeature(trx: Trx, tenantId: string, feature: Feature): Promise<void> {
  const e = await getEntitlements(trx, tenantId);
  if (!e[feature])
    throw new AppError(
      'plan_limit_reached',
      `${FEATURE_LABELS[feature]} is not included in the ${e.plan} plan; upgrade your plan in Billing to use it`,
    );
}

/**
 * Throws 409 plan_limit_reached when adding one more `kind` would pass the
 * plan's limit. `currentCount` is how many exist now (before the new one).
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
 * invitations, counted by the staff module (`countSeatsTaken`) under a
 * per-store lock like the product check. Without Stripe configured
 * (developer plan) seats are unlimited.
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

/** Platform fee on an order: total × fee bp / 10000, rounded half up to a whole minor unit. */
export function applicationFee(total: number, feeBp: number): number {
  if (!Number.isSafeInteger(total) || total < 0) throw new Error('total must be a non-negative integer');
  return Math.floor((total * feeBp + 5_000) / 10_000);
}

/** The plan catalog with what each includes (console plan override, docs). Platform read of a global table. */
export async function listPlanCatalog(db: Db): Promise<Entitlements[]> {
  return withPlatformAccess(db, async (trx) => (await listPlans(trx)).map(toEntitlements));
}
