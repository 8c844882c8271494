/**
 * The one door to merchant webhooks' tables: `webhook_endpoints` and
 * `webhook_deliveries` (tenant-owned; inside the store's withTenant).
 */
import type { Trx } from '../../lib/db/index.js';

const ENDPOINT_COLUMNS = [
  'id',
  'url',
  'events',
  'active',
  'consecutive_failures',
  'disabled_at',
  'disabled_reason',
  'created_at',
] as const;

export async function listEndpointRows(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
}

export async function findEndpointRow(trx: Trx, tenantId: string, id: string) {
  return trx
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertEndpoint(
  trx: Trx,
  tenantId: string,
  e: { url: string; secret: string; events: string[]; active: boolean },
) {
  return trx
    .insertInto('webhook_endpoints')
    .values({ tenant_id: tenantId, ...e, updated_at: new Date() })
    .returning(ENDPOINT_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Applies a patch; turning an endpoint on clears its disabled state and failure run. */
export async function updateEndpointRow(
  trx: Trx,
  tenantId: string,
  id: string,
  patch: { url?: string; events?: string[]; active?: boolean; secret?: string },
) {
  const enabling =
    patch.active === true ? { disabled_at: null, disabled_reason: null, consecutive_failures: 0 } : {};
  return trx
    .updateTable('webhook_endpoints')
    .set({ ...patch, ...enabling, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(ENDPOINT_COLUMNS)
    .executeTakeFirst();
}

/** Deletes an endpoint; false when there was none. */
export async function deleteEndpointRow(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  const r = await trx
    .deleteFrom('webhook_endpoints')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r.numDeletedRows !== 0n;
}

export async function listActiveEndpoints(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'events'])
    .where('tenant_id', '=', tenantId)
    .where('active', '=', true)
    .execute();
}

export async function countEndpointFailure(trx: Trx, tenantId: string, id: string): Promise<void> {
  await trx
    .updateTable('webhook_endpoints')
    .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function resetEndpointFailures(trx: Trx, tenantId: string, id: string): Promise<void> {
  await trx
    .updateTable('webhook_endpoints')
    .set({ consecutive_failures: 0 })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('consecutive_failures', '>', 0)
    .execute();
}

/** Turns an active endpoint off; false when it already was (so the owner is told once). */
export async function disableEndpointRow(
  trx: Trx,
  tenantId: string,
  id: string,
  d: { at: Date; reason: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('webhook_endpoints')
    .set({ active: false, disabled_at: d.at, disabled_reason: d.reason, updated_at: d.at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('active', '=', true)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** One delivery per endpoint and event id; undefined when it already exists. */
export async function insertDelivery(
  trx: Trx,
  tenantId: string,
  d: { endpointId: string; eventId: string; topic: string; payload: unknown },
): Promise<number | undefined> {
  const row = await trx
    .insertInto('webhook_deliveries')
    .values({
      tenant_id: tenantId,
      endpoint_id: d.endpointId,
      event_id: d.eventId,
      topic: d.topic,
      payload: JSON.stringify(d.payload),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'endpoint_id', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** A delivery with its endpoint's URL, secret and state. */
export async function findDeliveryWithEndpoint(trx: Trx, tenantId: string, deliveryId: number) {
  return trx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', (j) =>
      j.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.endpoint_id'),
    )
    .select(['d.id', 'd.endpoint_id', 'd.status', 'd.attempts', 'd.payload', 'e.url', 'e.secret', 'e.active'])
    .where('d.tenant_id', '=', tenantId)
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
}

/** Records one attempt's outcome. */
export async function recordDeliveryAttempt(
  trx: Trx,
  tenantId: string,
  deliveryId: number,
  a: {
    responseStatus: number | null;
    lastError: string | null;
    status: 'delivered' | 'failed' | 'pending';
    deliveredAt: Date | null;
    nextAttemptAt: Date | null;
  },
): Promise<void> {
  await trx
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      response_status: a.responseStatus,
      last_error: a.lastError,
      status: a.status,
      delivered_at: a.deliveredAt,
      next_attempt_at: a.nextAttemptAt,
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', deliveryId)
    .execute();
}

/** The newest deliveries of one endpoint (the delivery log). */
export async function listDeliveryRows(trx: Trx, tenantId: string, endpointId: string, limit: number) {
  return trx
    .selectFrom('webhook_deliveries')
    .select([
      'id',
      'event_id',
      'topic',
      'status',
      'attempts',
      'response_status',
      'last_error',
      'created_at',
      'delivered_at',
      'next_attempt_at',
    ])
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * A delivery asked for again: back to pending with a fresh schedule (attempts
 * from 0). Undefined when it is not this endpoint's.
 */
export async function resetDeliveryForRedelivery(trx: Trx, tenantId: string, endpointId: string, id: number) {
  return trx
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: null })
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .where('id', '=', id)
    .returning(['id', 'status'])
    .executeTakeFirst();
}
