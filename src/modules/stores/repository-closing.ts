/**
 * The stores module's door to `store_closures` (a store in its grace period)
 * and `store_tombstones` (what is left of a purged store; platform table).
 */
import type { Selectable } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { StoreClosuresTable, StoreTombstonesTable } from '../../lib/db/tables/stores.js';

export type StoreClosureRow = Selectable<StoreClosuresTable>;
export type StoreTombstoneRow = Selectable<StoreTombstonesTable>;

export async function findStoreClosure(trx: Trx, tenantId: string): Promise<StoreClosureRow | undefined> {
  return trx.selectFrom('store_closures').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function insertStoreClosure(
  trx: Trx,
  row: {
    tenantId: string;
    requestedBy: string | null;
    reason: string | null;
    now: Date;
    purgeAfter: Date;
    resumeSuspendedReason?: string | null;
  },
): Promise<StoreClosureRow> {
  return trx
    .insertInto('store_closures')
    .values({
      tenant_id: row.tenantId,
      requested_by: row.requestedBy,
      reason: row.reason,
      requested_at: row.now,
      purge_after: row.purgeAfter,
      resume_suspended_reason: row.resumeSuspendedReason ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Ends the closing; the row it was (undefined when the store was not closing). */
export async function deleteStoreClosure(trx: Trx, tenantId: string): Promise<StoreClosureRow | undefined> {
  return trx.deleteFrom('store_closures').where('tenant_id', '=', tenantId).returningAll().executeTakeFirst();
}

/**
 * Platform write (the sweep): stores marked 'deleted' by the console's old
 * "Delete store" (before it went through closing) were never purged; each gets
 * a closure due now, so the same purge removes them. Idempotent.
 */
export async function adoptDeletedStores(trx: Trx, now: Date): Promise<number> {
  const r = await trx
    .insertInto('store_closures')
    .columns(['tenant_id', 'requested_at', 'reason', 'purge_after'])
    .expression((eb) =>
      eb
        .selectFrom('tenants')
        .select((s) => [
          'id',
          s.fn.coalesce('suspended_at', 'updated_at').as('requested_at'),
          s.fn.coalesce('suspended_reason', s.val('Deleted from the console')).as('reason'),
          s.val(now).as('purge_after'),
        ])
        .where('status', '=', 'deleted'),
    )
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** Platform read: the tombstone of a purged store. */
export async function findTombstone(trx: Trx, storeId: string): Promise<StoreTombstoneRow | undefined> {
  return trx.selectFrom('store_tombstones').selectAll().where('store_id', '=', storeId).executeTakeFirst();
}

/** Marks the 3-day reminder sent; false when another run already did (so it is sent once). */
export async function claimClosureReminder(trx: Trx, tenantId: string, now: Date): Promise<boolean> {
  const r = await trx
    .updateTable('store_closures')
    .set({ reminder_sent_at: now })
    .where('tenant_id', '=', tenantId)
    .where('reminder_sent_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Platform read: closures whose reminder is due (purge within `before`) or whose purge is due. */
export async function listDueClosures(
  trx: Trx,
  remindBefore: Date,
): Promise<{ tenant_id: string; purge_after: Date; reminder_sent_at: Date | null }[]> {
  return trx
    .selectFrom('store_closures')
    .select(['tenant_id', 'purge_after', 'reminder_sent_at'])
    .where('purge_after', '<=', remindBefore)
    .orderBy('purge_after')
    .limit(500)
    .execute();
}

/** Platform read: the closing state of these stores (console lists). */
export async function listClosuresFor(trx: Trx, tenantIds: string[]): Promise<Map<string, StoreClosureRow>> {
  if (tenantIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('store_closures')
    .selectAll()
    .where('tenant_id', 'in', tenantIds)
    .execute();
  return new Map(rows.map((r) => [r.tenant_id, r]));
}

export async function insertTombstone(
  trx: Trx,
  row: Omit<StoreTombstoneRow, 'id' | 'rows_removed'> & { rows_removed: Record<string, number> },
): Promise<void> {
  await trx
    .insertInto('store_tombstones')
    .values({ ...row, rows_removed: JSON.stringify(row.rows_removed) })
    .onConflict((oc) => oc.column('store_id').doNothing())
    .execute();
}

export async function listTombstones(trx: Trx, limit = 50): Promise<StoreTombstoneRow[]> {
  return trx.selectFrom('store_tombstones').selectAll().orderBy('purged_at', 'desc').limit(limit).execute();
}
