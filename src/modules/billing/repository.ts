/**
 * The one door to billing's table `subscriptions` (the `plans` catalog is
 * entitlements'). The store's plan and billing
 * suspension live on its tenant row (tenancy/repository/tenants.ts).
 *
 * Two platform reads join `tenants` for speed (maintenance candidates, the
 * console's MRR list): composed reads over the registry, kept here because
 * they are billing questions.
 */
import { type Selectable, sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { SubscriptionsTable } from '../../lib/db/tables/billing.js';
import { findPlan } from '../entitlements/repository.js';
import { findTenantBillingState } from '../tenancy/repository/tenants.js';

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
  const tenant = await findTenantBillingState(trx, tenantId);
  const known = await findPlan(trx, tenant.plan);
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

/** Serialises plan-limit checks of one kind per store (transaction-scoped advisory lock). */

/** Platform read: active stores due for suspension (grace over, or trial over without a subscription). */
export async function listSuspensionCandidates(trx: Trx, now: Date, tenantIds?: string[]): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select t.id
      from tenants t
      left join subscriptions s on s.tenant_id = t.id
     where t.status = 'active'
       and (
         (s.status = 'past_due' and s.grace_ends_at <= ${now})
         or (t.plan = 'trial'
             and coalesce(s.status, 'trialing') = 'trialing'
             and s.stripe_subscription_id is null
             and coalesce(s.trial_ends_at, t.trial_ends_at) <= ${now})
       )
       ${tenantIds ? sql`and t.id = any(${tenantIds}::uuid[])` : sql``}
     order by t.id
     limit 5000`.execute(trx);
  return rows.map((r) => r.id);
}

export interface ConsoleBillingDbRow {
  id: string;
  handle: string;
  name: string;
  plan: string;
  sub_status: string | null;
  status: string;
  mrr: string;
}

/** Platform read: every live store with its subscription status and monthly price (MRR when billed). */
export async function listConsoleBillingRows(trx: Trx): Promise<ConsoleBillingDbRow[]> {
  const { rows } = await sql<ConsoleBillingDbRow>`
    select t.id, t.handle, t.name, t.plan, s.status as sub_status, t.status,
           case when s.status in ('active', 'past_due') then coalesce(p.monthly_price, 0) else 0 end as mrr
      from tenants t
      left join subscriptions s on s.tenant_id = t.id
      left join plans p on p.id = t.plan
     where t.status <> 'deleted'
     order by t.created_at desc, t.id
     limit 5000`.execute(trx);
  return rows;
}
