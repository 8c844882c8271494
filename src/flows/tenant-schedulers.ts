/**
 * A store's job schedulers follow its lifecycle: an active store gets its
 * per-tenant schedulers (in its own time zone), any other state loses them.
 * Crosses tenancy (the store's row, read in a tenant transaction) and jobs
 * (the schedulers); upsert/remove by scheduler id are idempotent, so re-runs
 * are harmless. Called by the `tenant-lifecycle` queue.
 */
import { type Db, withTenant } from '../lib/db/index.js';
import type { QueueHub } from '../lib/queue.js';
import { removeTenantSchedulers, upsertTenantSchedulers } from '../modules/jobs/schedulers.js';
import { getCurrentTenant } from '../modules/tenancy/repository.js';

export async function syncTenantSchedulers(
  deps: { db: Db; hub: QueueHub },
  tenantId: string,
): Promise<'upserted' | 'removed'> {
  const t = await withTenant(deps.db, tenantId, (trx) => getCurrentTenant(trx, tenantId));
  if (t?.status === 'active') {
    await upsertTenantSchedulers(deps.hub, t);
    return 'upserted';
  }
  await removeTenantSchedulers(deps.hub, tenantId);
  return 'removed';
}
