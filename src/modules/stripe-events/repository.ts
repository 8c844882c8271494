/**
 * The one door to `stripe_events`: the ledger of received Stripe events
 * (primary key = the event id, which deduplicates redeliveries). Platform
 * table: every function runs inside withPlatformAccess.
 */
import type { Trx } from '../../lib/db/index.js';

/** Stores a received event; false when its id was already stored (a redelivery). */
export async function insertStripeEvent(
  trx: Trx,
  e: { id: string; type: string; account: string | null; created: number; payload: unknown },
): Promise<boolean> {
  const row = await trx
    .insertInto('stripe_events')
    .values({
      id: e.id,
      type: e.type,
      account: e.account,
      event_created: e.created,
      payload: JSON.stringify(e.payload),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** Locks an event for processing; undefined when missing or held by another worker (SKIP LOCKED). */
export async function lockStripeEvent(trx: Trx, eventId: string) {
  return trx
    .selectFrom('stripe_events')
    .select(['id', 'type', 'payload', 'processed_at'])
    .where('id', '=', eventId)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export async function markStripeEventProcessed(
  trx: Trx,
  eventId: string,
  result: { outcome: string; tenantId: string | null },
): Promise<void> {
  await trx
    .updateTable('stripe_events')
    .set({ processed_at: new Date(), outcome: result.outcome, store_id: result.tenantId })
    .where('id', '=', eventId)
    .execute();
}

/** Unprocessed events received before `before`, oldest first. */
export async function listUnprocessedStripeEventIds(
  trx: Trx,
  before: Date,
  limit: number,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('stripe_events')
    .select('id')
    .where('processed_at', 'is', null)
    .where('received_at', '<', before)
    .orderBy('received_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Deletes up to `batch` processed events received before `before`; returns how many. */
export async function deleteProcessedStripeEvents(trx: Trx, before: Date, batch: number): Promise<number> {
  const r = await trx
    .deleteFrom('stripe_events')
    .where(
      'id',
      'in',
      trx
        .selectFrom('stripe_events')
        .select('id')
        .where('processed_at', 'is not', null)
        .where('received_at', '<', before)
        .limit(batch),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
