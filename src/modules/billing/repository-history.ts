/**
 * Billing's `subscription_changes` (written by a trigger on `subscriptions`,
 * migrations/0260): the history the console's money report replays to find
 * MRR, new and cancelled subscriptions by month — and its platform copy
 * `purged_subscription_changes` (migrations/0330), taken when a store is
 * purged so past months' books do not change. Platform reads and writes
 * (inside withPlatformAccess). Money is integer minor units.
 */
import { type Selectable, sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { SubscriptionChangesTable } from '../../lib/db/tables/billing.js';

export type SubscriptionChangeRow = Pick<
  Selectable<SubscriptionChangesTable>,
  'tenant_id' | 'changed_at' | 'plan' | 'status' | 'monthly_price' | 'currency'
>;

/**
 * Every change up to `before`, oldest first per store, live stores then purged
 * ones (a store is in one list or the other); `tenantIds` narrows the report.
 */
export async function listSubscriptionChanges(
  trx: Trx,
  before: Date,
  tenantIds?: readonly string[],
): Promise<SubscriptionChangeRow[]> {
  const ids = tenantIds ? (tenantIds.length ? [...tenantIds] : ['']) : undefined;
  let live = trx
    .selectFrom('subscription_changes')
    .select(['tenant_id', 'changed_at', 'plan', 'status', 'monthly_price', 'currency'])
    .where('changed_at', '<', before);
  if (ids) live = live.where('tenant_id', 'in', ids);
  let purged = trx
    .selectFrom('purged_subscription_changes')
    .select(['store_id as tenant_id', 'changed_at', 'plan', 'status', 'monthly_price', 'currency'])
    .where('changed_at', '<', before);
  if (ids) purged = purged.where('store_id', 'in', ids);
  return [
    ...(await live.orderBy('tenant_id').orderBy('changed_at').orderBy('id').execute()),
    ...(await purged.orderBy('store_id').orderBy('changed_at').orderBy('id').execute()),
  ];
}

/** In the purge's transaction: the store's history copied to the platform (a second copy adds nothing). */
export async function archiveSubscriptionChanges(trx: Trx, tenantId: string): Promise<number> {
  const r = await sql`
    insert into purged_subscription_changes (store_id, id, changed_at, plan, status, monthly_price, currency)
    select tenant_id, id, changed_at, plan, status, monthly_price, currency
      from subscription_changes where tenant_id = ${tenantId}
    on conflict do nothing`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
