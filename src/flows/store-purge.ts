/**
 * The end of a closing store (flows/store-closing.ts starts it):
 *   sweep   platform scheduler (hourly, one job however many workers): the
 *           3-day reminder (once, claimed in the row) and the purge of every
 *           store past its date.
 *           Stores the console's old "Delete store" left marked 'deleted'
 *           are adopted first (a closure due now), so they are purged too.
 *   purge   the revenue books' copy first (subscription changes and GMV per
 *           month, ids and amounts only, so past months' MRR/churn/GMV do not
 *           change), the subscription ended and Stripe's cancel queued on the
 *           platform outbox; then every row of the store in every tenant
 *           table, then its tenants row (the handle is free again); a
 *           tombstone and a platform audit entry stay. Idempotent: a store
 *           already gone is a no-op.
 *   files   after commit, through the outbox (`tenant.deleted`, reason
 *           'purged', lifecycle worker): the store's uploaded image files.
 *           A failure there is retried by the queue and never undoes the purge.
 */
import { storeUrl } from '../lib/config.js';
import { PLATFORM_TENANT_ID, withPlatformAccess, withTenant } from '../lib/db/index.js';
import { AppError } from '../lib/errors.js';
import type { Deps } from '../lib/http/context.js';
import { enqueueOutbox } from '../lib/outbox.js';
import { imageStoreFor } from '../lib/storage/store-for.js';
import { recordAudit } from '../modules/audit/service.js';
import { endSubscriptionAtPurge } from '../modules/billing/closing.js';
import { archiveSubscriptionChanges } from '../modules/billing/repository-history.js';
import { requireReason } from '../modules/console/tenant-ops.js';
import { archiveStoreGmv } from '../modules/settlement/repository-gmv.js';
import {
  adoptDeletedStores,
  claimClosureReminder,
  findStoreClosure,
  findTombstone,
  insertTombstone,
  listDueClosures,
} from '../modules/stores/repository-closing.js';
import {
  deleteTenantRow,
  deleteTenantRows,
  listTenantTablesInDeleteOrder,
} from '../modules/stores/repository-purge.js';
import { findOwnerEmail } from '../modules/tenancy/repository/memberships.js';
import { findTenantRow, lockTenantStatus } from '../modules/tenancy/repository/tenants.js';
import { forgetSite } from '../modules/tenancy/site.js';
import { DAY_MS, dateText, emailOwner } from './store-closing.js';

export const REMINDER_DAYS = 3;

export interface PurgeResult {
  storeId: string;
  handle: string;
  rowsRemoved: Record<string, number>;
}

/**
 * Removes a closing store for good. `by` null = the scheduled job (only past
 * the purge date); a platform admin's "purge now" names a reason. Returns
 * null when there is nothing to purge (already purged, or reopened).
 */
export async function purgeClosedStore(
  deps: Deps,
  tenantId: string,
  by: { userId: string; reason: string; ip?: string } | null,
): Promise<PurgeResult | null> {
  const now = deps.now();
  const purgeReason = by ? requireReason(by.reason) : null;
  // !!! PLATFORM ACCESS: deletes across every tenant table, scoped only by
  // repository-purge.ts's `where tenant_id = $1`.
  const result = await withPlatformAccess(deps.db, async (trx) => {
    const t = await lockTenantStatus(trx, tenantId);
    if (!t) return null;
    const closure = await findStoreClosure(trx, tenantId);
    if (!closure) {
      if (by) throw new AppError('invalid_state', 'Only a closing store can be purged');
      return null;
    }
    if (!by && closure.purge_after > now) return null;
    const row = await findTenantRow(trx, tenantId);
    const ownerEmail = (await findOwnerEmail(trx, tenantId)) ?? null;
    await endSubscriptionAtPurge(trx, tenantId, now);
    await archiveSubscriptionChanges(trx, tenantId);
    await archiveStoreGmv(trx, tenantId, now);
    const rowsRemoved: Record<string, number> = {};
    for (const table of await listTenantTablesInDeleteOrder(trx)) {
      const n = await deleteTenantRows(trx, table, tenantId);
      if (n > 0) rowsRemoved[table] = n;
    }
    await deleteTenantRow(trx, tenantId);
    await insertTombstone(trx, {
      store_id: tenantId,
      handle: t.handle,
      name: row?.name ?? t.handle,
      owner_email: ownerEmail,
      closed_at: closure.requested_at,
      closed_by: closure.requested_by,
      close_reason: closure.reason,
      purged_at: now,
      purged_by: by?.userId ?? null,
      purge_reason: purgeReason,
      rows_removed: rowsRemoved,
    });
    await recordAudit(trx, PLATFORM_TENANT_ID, {
      actorType: by ? 'platform_admin' : 'system',
      actorId: by?.userId ?? null,
      action: 'store.purged',
      targetType: 'tenant',
      targetId: tenantId,
      ip: by?.ip,
      data: {
        handle: t.handle,
        reason: purgeReason,
        rows: Object.values(rowsRemoved).reduce((a, b) => a + b, 0),
      },
    });
    // Its schedulers and image files go too (the lifecycle worker; the platform's own outbox, since the
    // store's is gone).
    await enqueueOutbox(trx, PLATFORM_TENANT_ID, {
      topic: 'tenant.deleted',
      payload: { tenantId, handle: t.handle, reason: 'purged', at: now.toISOString() },
    });
    return { storeId: tenantId, handle: t.handle, rowsRemoved };
  });
  if (result) forgetSite(result.handle);
  return result;
}

/** The platform scheduler's run: reminders 3 days ahead, then purges past their date. */
export async function runStoreClosingSweep(
  deps: Deps,
  now: Date,
): Promise<{ reminded: number; purged: number }> {
  const due = await withPlatformAccess(deps.db, async (trx) => {
    await adoptDeletedStores(trx, now);
    return listDueClosures(trx, new Date(now.getTime() + REMINDER_DAYS * DAY_MS));
  });
  let reminded = 0;
  let purged = 0;
  for (const d of due) {
    if (d.purge_after <= now) {
      if (await purgeClosedStore({ ...deps, now: () => now }, d.tenant_id, null)) purged++;
      continue;
    }
    if (d.reminder_sent_at) continue;
    const sent = await withTenant(deps.db, d.tenant_id, async (trx) => {
      if (!(await claimClosureReminder(trx, d.tenant_id, now))) return false;
      const t = await findTenantRow(trx, d.tenant_id);
      const handle = t?.handle ?? '';
      await emailOwner(
        trx,
        d.tenant_id,
        {
          subject: `Your store ${handle} will be deleted on ${dateText(d.purge_after)}`,
          text:
            `Your closed Storeloom store ${handle} and all of its data will be deleted for good after ` +
            `${dateText(d.purge_after)}. To keep anything, download it now at ` +
            `${storeUrl(deps.config, handle)}/admin/store-data — or reopen the store there.`,
        },
        `closing-reminder:${d.purge_after.getTime()}`,
      );
      return true;
    });
    if (sent) reminded++;
  }
  return { reminded, purged };
}

/**
 * The lifecycle worker's step after a purge committed: the store's uploaded
 * image files. Only for a store that really was purged (its tombstone exists
 * and its tenants row is gone) — a stray event for a live store deletes
 * nothing. Deleting files already gone is not an error, so a retry is safe.
 */
export async function removePurgedStoreFiles(
  deps: Deps,
  tenantId: string,
): Promise<'removed' | 'not_purged'> {
  const purged = await withPlatformAccess(
    deps.db,
    async (trx) => !(await findTenantRow(trx, tenantId)) && !!(await findTombstone(trx, tenantId)),
  );
  if (!purged) return 'not_purged';
  await imageStoreFor(deps.config).deleteStore(tenantId);
  return 'removed';
}
