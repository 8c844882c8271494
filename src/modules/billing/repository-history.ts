/**
 * Billing's `subscription_changes` (written by a trigger on `subscriptions`,
 * migrations/0260): the history the console's money report replays to find
 * MRR, new and cancelled subscriptions by month. Platform reads (inside
 * withPlatformAccess). Money is integer minor units.
 */
import type { Selectable } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { SubscriptionChangesTable } from '../../lib/db/tables/billing.js';

export type SubscriptionChangeRow = Pick<
  Selectable<SubscriptionChangesTable>,
  'tenant_id' | 'changed_at' | 'plan' | 'status' | 'monthly_price' | 'currency'
>;

/** Every change up to `before`, oldest first per store; `tenantIds` narrows the report to some stores. */
export async function listSubscriptionChanges(
  trx: Trx,
  before: Date,
  tenantIds?: readonly string[],
): Promise<SubscriptionChangeRow[]> {
  let q = trx
    .selectFrom('subscription_changes')
    .select(['tenant_id', 'changed_at', 'plan', 'status', 'monthly_price', 'currency'])
    .where('changed_at', '<', before);
  if (tenantIds) q = q.where('tenant_id', 'in', tenantIds.length ? [...tenantIds] : ['']);
  return q.orderBy('tenant_id').orderBy('changed_at').orderBy('id').execute();
}
