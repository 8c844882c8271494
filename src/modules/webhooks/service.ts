/**
 * Merchant webhooks: endpoints (URL, secret, subscribed events) and
 * deliveries. An event is written as one delivery row per subscribed endpoint
 * (unique per endpoint and event id) plus an outbox `webhook.deliver` row, in
 * the caller's transaction; the `webhooks` queue POSTs it signed, retrying
 * with exponential backoff, and records the outcome on the row.
 */

import { type Db, isUuid, type Trx, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { generateWebhookSecret, SIGNATURE_HEADER, signWebhook } from './signature.js';
import { postToTarget } from './target.js';

export const WEBHOOK_DELIVER_TOPIC = 'webhook.deliver';
export const WEBHOOK_EVENTS = [
  'stock.low',
  'order.placed',
  'order.paid',
  'order.fulfilled',
  'order.completed',
  'order.cancelled',
  'order.expired',
  'order.refunded',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
}

type EndpointRow = { id: string; url: string; events: string[]; active: boolean; created_at: Date };
const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  events: r.events,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

export async function listEndpoints(trx: Trx, tenantId: string): Promise<WebhookEndpoint[]> {
  const rows = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'url', 'events', 'active', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
  return rows.map(toEndpoint);
}

/** Creates an endpoint; the secret is returned here only. */
export async function createEndpoint(
  trx: Trx,
  tenantId: string,
  input: { url: string; events: string[]; active?: boolean },
): Promise<WebhookEndpoint & { secret: string }> {
  const secret = generateWebhookSecret();
  const row = await trx
    .insertInto('webhook_endpoints')
    .values({
      tenant_id: tenantId,
      url: input.url,
      secret,
      events: input.events,
      active: input.active ?? true,
      updated_at: new Date(),
    })
    .returning(['id', 'url', 'events', 'active', 'created_at'])
    .executeTakeFirstOrThrow();
  return { ...toEndpoint(row), secret };
}

export async function updateEndpoint(
  trx: Trx,
  tenantId: string,
  id: string,
  input: { url?: string; events?: string[]; active?: boolean },
): Promise<WebhookEndpoint> {
  if (!isUuid(id)) throw notFound('Webhook endpoint');
  const row = await trx
    .updateTable('webhook_endpoints')
    .set({ ...input, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(['id', 'url', 'events', 'active', 'created_at'])
    .executeTakeFirst();
  if (!row) throw notFound('Webhook endpoint');
  return toEndpoint(row);
}

export async function deleteEndpoint(trx: Trx, tenantId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound('Webhook endpoint');
  const r = await trx
    .deleteFrom('webhook_endpoints')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (r.numDeletedRows === 0n) throw notFound('Webhook endpoint');
}

/**
 * Writes one event for every active endpoint subscribed to `topic` (an empty
 * events list subscribes to all). Same `eventId` twice → written once.
 */
export async function emitWebhookEvent(
  trx: Trx,
  tenantId: string,
  event: { topic: WebhookEvent; eventId: string; data: Record<string, unknown> },
): Promise<number> {
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'events'])
    .where('tenant_id', '=', tenantId)
    .where('active', '=', true)
    .execute();
  let n = 0;
  for (const ep of endpoints) {
    if (ep.events.length > 0 && !ep.events.includes(event.topic)) continue;
    const body = {
      id: event.eventId,
      type: event.topic,
      createdAt: new Date().toISOString(),
      data: event.data,
    };
    const row = await trx
      .insertInto('webhook_deliveries')
      .values({
        tenant_id: tenantId,
        endpoint_id: ep.id,
        event_id: event.eventId,
        topic: event.topic,
        payload: JSON.stringify(body),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'endpoint_id', 'event_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    await enqueueOutbox(trx, tenantId, {
      topic: WEBHOOK_DELIVER_TOPIC,
      payload: { deliveryId: row.id },
      dedupeKey: `webhook:${row.id}`,
    });
    n++;
  }
  return n;
}

export interface DeliveryOutcome {
  status: 'delivered' | 'failed' | 'skipped';
  responseStatus?: number;
}

/**
 * POSTs one delivery. Already delivered → skipped (idempotent re-run). A
 * non-2xx or network error records the error and throws so the queue retries
 * with backoff; on the final attempt the row is marked failed.
 */
export async function deliverWebhook(
  db: Db,
  tenantId: string,
  deliveryId: number,
  opts: { finalAttempt: boolean; now: () => Date; timeoutMs?: number; allowPrivateTargets?: boolean },
): Promise<DeliveryOutcome> {
  const d = await withTenant(db, tenantId, (trx) =>
    trx
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', (j) =>
        j.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.endpoint_id'),
      )
      .select(['d.id', 'd.status', 'd.payload', 'e.url', 'e.secret', 'e.active'])
      .where('d.tenant_id', '=', tenantId)
      .where('d.id', '=', deliveryId)
      .executeTakeFirst(),
  );
  if (!d || d.status === 'delivered' || !d.active) return { status: 'skipped' };
  const body = JSON.stringify(d.payload);
  const ts = Math.floor(opts.now().getTime() / 1000);
  let responseStatus: number | undefined;
  let error: string | undefined;
  try {
    const res = await postToTarget(d.url, {
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(d.secret, ts, body),
        'storeloom-event': String((d.payload as { type?: unknown }).type ?? ''),
      },
      body,
      timeoutMs: opts.timeoutMs ?? 10_000,
      allowPrivate: opts.allowPrivateTargets ?? false,
    });
    responseStatus = res.status;
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : 'request failed';
  }
  const ok = !error;
  await withTenant(db, tenantId, (trx) =>
    trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        response_status: responseStatus ?? null,
        last_error: error?.slice(0, 500) ?? null,
        status: ok ? 'delivered' : opts.finalAttempt ? 'failed' : 'pending',
        delivered_at: ok ? opts.now() : null,
      }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', deliveryId)
      .execute(),
  );
  if (!ok) throw new AppError('service_unavailable', `webhook delivery failed: ${error}`);
  return { status: 'delivered', responseStatus };
}
