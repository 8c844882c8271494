/** Kysely code for merchant billing: the store's subscription row and its billing suspension. */
import type { Selectable } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { SubscriptionsTable } from '../../lib/db/tables/billing.js';

export type SubscriptionRow = Selectable<SubscriptionsTable>;

export async function findSubscription(trx: Trx, tenantId: string): Promise<SubscriptionRow | undefined> {
  return trx.selectFrom('subscriptions').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/**
 * The store's subscription row, created on first use (plan and trial end
 * copied from the tenant), locked FOR UPDATE for the rest of the transaction:
 * every writer of billing state goes through here, so they serialise per store.
 */
export async function lockSubscription(trx: Trx, tenantId: string): Promise<SubscriptionRow> {
  const tenant = await trx
    .selectFrom('tenants')
    .select(['plan', 'trial_ends_at'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const known = await trx.selectFrom('plans').select('id').where('id', '=', tenant.plan).executeTakeFirst();
  await trx
    .insertInto('subscriptions')
    .values({
      tenant_id: tenantId,
      plan: known ? tenant.plan : 'trial',
      status: 'trialing',
      trial_ends_at: tenant.trial_ends_at,
      updated_at: new Date(),
    })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  return trx
    .selectFrom('subscriptions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function updateSubscription(
  trx: Trx,
  tenantId: string,
  patch: Partial<Omit<SubscriptionRow, 'tenant_id' | 'created_at'>>,
): Promise<void> {
  await trx
    .updateTable('subscriptions')
    .set({ ...patch, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .execute();
}

export interface TenantBillingState {
  handle: string;
  status: 'active' | 'suspended' | 'deleted';
  plan: string;
  suspended_reason: string | null;
}

export async function getTenantBillingState(trx: Trx, tenantId: string): Promise<TenantBillingState> {
  return trx
    .selectFrom('tenants')
    .select(['handle', 'status', 'plan', 'suspended_reason'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
}

export async function setTenantPlan(trx: Trx, tenantId: string, plan: string): Promise<void> {
  await trx.updateTable('tenants').set({ plan, updated_at: new Date() }).where('id', '=', tenantId).execute();
}

/** Suspends an ACTIVE store for billing; a store suspended for another reason is left alone. */
export async function suspendTenantForBilling(trx: Trx, tenantId: string, now: Date): Promise<boolean> {
  const r = await trx
    .updateTable('tenants')
    .set({ status: 'suspended', suspended_reason: 'billing', suspended_at: now, updated_at: now })
    .where('id', '=', tenantId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Lifts a billing suspension (and only a billing suspension). */
export async function reactivateTenantFromBilling(trx: Trx, tenantId: string, now: Date): Promise<boolean> {
  const r = await trx
    .updateTable('tenants')
    .set({ status: 'active', suspended_reason: null, suspended_at: null, updated_at: now })
    .where('id', '=', tenantId)
    .where('status', '=', 'suspended')
    .where('suspended_reason', '=', 'billing')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Platform read (inside withPlatformAccess): the store of a Stripe customer or subscription. */
export async function findTenantIdByStripeIds(
  trx: Trx,
  ids: { customer?: string | null; subscription?: string | null },
): Promise<string | undefined> {
  if (ids.subscription) {
    const r = await trx
      .selectFrom('subscriptions')
      .select('tenant_id')
      .where('stripe_subscription_id', '=', ids.subscription)
      .executeTakeFirst();
    if (r) return r.tenant_id;
  }
  if (ids.customer) {
    const r = await trx
      .selectFrom('subscriptions')
      .select('tenant_id')
      .where('stripe_customer_id', '=', ids.customer)
      .executeTakeFirst();
    if (r) return r.tenant_id;
  }
  return undefined;
}
