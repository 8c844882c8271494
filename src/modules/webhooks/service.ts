/**
 * Merchant webhooks: endpoints (URL, secret, subscribed events) and
 * deliveries. An event is written as one delivery row per subscribed endpoint
 * (unique per endpoint and event id) plus an outbox `webhook.deliver` row, in
 * the caller's transaction; the `webhooks` queue POSTs it signed, retrying
 * with exponential backoff, and records the outcome on the row.
 */

import { type Db, isUuid, type Trx, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { recordWebhookDelivery } from '../../lib/metrics.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import * as repo from './repository.js';
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
  'review.created',
  'ticket.created',
  'ticket.replied',
  'return.requested',
  'return.refunded',
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
  return (await repo.listEndpointRows(trx, tenantId)).map(toEndpoint);
}

/** Creates an endpoint; the secret is returned here only. */
export async function createEndpoint(
  trx: Trx,
  tenantId: string,
  input: { url: string; events: string[]; active?: boolean },
): Promise<WebhookEndpoint & { secret: string }> {
  const secret = generateWebhookSecret();
  const row = await repo.insertEndpoint(trx, tenantId, {
    url: input.url,
    secret,
    events: input.events,
    active: input.active ?? true,
  });
  return { ...toEndpoint(row), secret };
}

export async function updateEndpoint(
  trx: Trx,
  tenantId: string,
  id: string,
  input: { url?: string; events?: string[]; active?: boolean },
): Promise<WebhookEndpoint> {
  if (!isUuid(id)) throw notFound('Webhook endpoint');
  const row = await repo.updateEndpointRow(trx, tenantId, id, input);
  if (!row) throw notFound('Webhook endpoint');
  return toEndpoint(row);
}

export async function deleteEndpoint(trx: Trx, tenantId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound('Webhook endpoint');
  if (!(await repo.deleteEndpointRow(trx, tenantId, id))) throw notFound('Webhook endpoint');
}

// ── Units of work for the admin routes (each one tenant transaction) ───────

export function listWebhookEndpoints(db: Db, tenantId: string): Promise<WebhookEndpoint[]> {
  return withTenant(db, tenantId, (trx) => listEndpoints(trx, tenantId));
}

export function createWebhookEndpoint(
  db: Db,
  tenantId: string,
  input: { url: string; events: string[]; active?: boolean },
): Promise<WebhookEndpoint & { secret: string }> {
  return withTenant(db, tenantId, (trx) => createEndpoint(trx, tenantId, input));
}

export function updateWebhookEndpoint(
  db: Db,
  tenantId: string,
  id: string,
  input: { url?: string; events?: string[]; active?: boolean },
): Promise<WebhookEndpoint> {
  return withTenant(db, tenantId, (trx) => updateEndpoint(trx, tenantId, id, input));
}

export function deleteWebhookEndpoint(db: Db, tenantId: string, id: string): Promise<void> {
  return withTenant(db, tenantId, (trx) => deleteEndpoint(trx, tenantId, id));
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
  const endpoints = await repo.listActiveEndpoints(trx, tenantId);
  let n = 0;
  for (const ep of endpoints) {
    if (ep.events.length > 0 && !ep.events.includes(event.topic)) continue;
    const body = {
      id: event.eventId,
      type: event.topic,
      createdAt: new Date().toISOString(),
      data: event.data,
    };
    const deliveryId = await repo.insertDelivery(trx, tenantId, {
      endpointId: ep.id,
      eventId: event.eventId,
      topic: event.topic,
      payload: body,
    });
    if (deliveryId === undefined) continue;
    await enqueueOutbox(trx, tenantId, {
      topic: WEBHOOK_DELIVER_TOPIC,
      payload: { deliveryId },
      dedupeKey: `webhook:${deliveryId}`,
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
  const d = await withTenant(db, tenantId, (trx) => repo.findDeliveryWithEndpoint(trx, tenantId, deliveryId));
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
  recordWebhookDelivery(ok ? 'delivered' : opts.finalAttempt ? 'failed' : 'retrying');
  await withTenant(db, tenantId, (trx) =>
    repo.recordDeliveryAttempt(trx, tenantId, deliveryId, {
      responseStatus: responseStatus ?? null,
      lastError: error?.slice(0, 500) ?? null,
      status: ok ? 'delivered' : opts.finalAttempt ? 'failed' : 'pending',
      deliveredAt: ok ? opts.now() : null,
    }),
  );
  if (!ok) throw new AppError('service_unavailable', `webhook delivery failed: ${error}`);
  return { status: 'delivered', responseStatus };
}
