/**
 * Merchant webhooks: endpoints (URL, secret, subscribed events, enabled or
 * disabled after failing) and their delivery log. Every change is audited.
 * The secret is returned on creation and on rotation only.
 *
 * Producers write events with `emitWebhookEvent` (./events.ts); the
 * `webhooks` queue delivers them (`deliverWebhook`, ./delivery.ts).
 */
import { type Db, isUuid, type Trx, withTenant } from '../../lib/db/index.js';
import type { ActorType } from '../../lib/db/tables/platform.js';
import { AppError, notFound } from '../../lib/errors.js';
import { recordAudit } from '../audit/service.js';
import { scheduleDeliveryAttempt } from './events.js';
import * as repo from './repository.js';
import { generateWebhookSecret } from './signature.js';

export { type DeliveryOutcome, deliverWebhook, MAX_ATTEMPTS, RETRY_DELAYS_MINUTES } from './delivery.js';
export { emitWebhookEvent, WEBHOOK_DELIVER_TOPIC, WEBHOOK_EVENTS, type WebhookEvent } from './events.js';

export interface WebhookActor {
  type: ActorType;
  id?: string | null;
}
const SYSTEM: WebhookActor = { type: 'system' };

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  consecutiveFailures: number;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
}

type EndpointRow = NonNullable<Awaited<ReturnType<typeof repo.findEndpointRow>>>;
const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  events: r.events,
  active: r.active,
  consecutiveFailures: r.consecutive_failures,
  disabledAt: r.disabled_at?.toISOString() ?? null,
  disabledReason: r.disabled_reason,
  createdAt: r.created_at.toISOString(),
});

export interface EndpointInput {
  url: string;
  events: string[];
  active?: boolean;
}

async function audit(
  trx: Trx,
  tenantId: string,
  actor: WebhookActor,
  action: string,
  ep: { id: string; url: string },
) {
  await recordAudit(trx, tenantId, {
    actorType: actor.type,
    actorId: actor.id ?? null,
    action,
    targetType: 'webhook_endpoint',
    targetId: ep.id,
    data: { url: ep.url },
  });
}

export async function listEndpoints(trx: Trx, tenantId: string): Promise<WebhookEndpoint[]> {
  return (await repo.listEndpointRows(trx, tenantId)).map(toEndpoint);
}

export async function getEndpoint(trx: Trx, tenantId: string, id: string): Promise<WebhookEndpoint> {
  const row = isUuid(id) ? await repo.findEndpointRow(trx, tenantId, id) : undefined;
  if (!row) throw notFound('Webhook endpoint');
  return toEndpoint(row);
}

/** Creates an endpoint; the secret is returned here only. */
export async function createEndpoint(
  trx: Trx,
  tenantId: string,
  input: EndpointInput,
  actor: WebhookActor = SYSTEM,
): Promise<WebhookEndpoint & { secret: string }> {
  const secret = generateWebhookSecret();
  const row = await repo.insertEndpoint(trx, tenantId, {
    url: input.url,
    secret,
    events: input.events,
    active: input.active ?? true,
  });
  await audit(trx, tenantId, actor, 'webhook.created', row);
  return { ...toEndpoint(row), secret };
}

export async function updateEndpoint(
  trx: Trx,
  tenantId: string,
  id: string,
  input: Partial<EndpointInput>,
  actor: WebhookActor = SYSTEM,
): Promise<WebhookEndpoint> {
  if (!isUuid(id)) throw notFound('Webhook endpoint');
  const row = await repo.updateEndpointRow(trx, tenantId, id, input);
  if (!row) throw notFound('Webhook endpoint');
  await audit(trx, tenantId, actor, 'webhook.updated', row);
  return toEndpoint(row);
}

/** A new signing secret (returned once); the old one stops signing at once. */
export async function rotateEndpointSecret(
  trx: Trx,
  tenantId: string,
  id: string,
  actor: WebhookActor = SYSTEM,
): Promise<WebhookEndpoint & { secret: string }> {
  if (!isUuid(id)) throw notFound('Webhook endpoint');
  const secret = generateWebhookSecret();
  const row = await repo.updateEndpointRow(trx, tenantId, id, { secret });
  if (!row) throw notFound('Webhook endpoint');
  await audit(trx, tenantId, actor, 'webhook.secret_rotated', row);
  return { ...toEndpoint(row), secret };
}

export async function deleteEndpoint(
  trx: Trx,
  tenantId: string,
  id: string,
  actor: WebhookActor = SYSTEM,
): Promise<void> {
  const ep = await getEndpoint(trx, tenantId, id);
  await repo.deleteEndpointRow(trx, tenantId, id);
  await audit(trx, tenantId, actor, 'webhook.deleted', ep);
}

export interface WebhookDelivery {
  id: number;
  eventId: string;
  topic: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}

export async function listDeliveries(
  trx: Trx,
  tenantId: string,
  endpointId: string,
  limit = 50,
): Promise<WebhookDelivery[]> {
  await getEndpoint(trx, tenantId, endpointId);
  const rows = await repo.listDeliveryRows(trx, tenantId, endpointId, limit);
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    topic: r.topic,
    status: r.status,
    attempts: r.attempts,
    responseStatus: r.response_status,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
  }));
}

/** Sends a delivery again now, with a fresh retry schedule. A disabled endpoint must be enabled first. */
export async function redeliver(
  trx: Trx,
  tenantId: string,
  endpointId: string,
  deliveryId: number,
  opts: { actor?: WebhookActor; now: Date },
): Promise<void> {
  const ep = await getEndpoint(trx, tenantId, endpointId);
  if (!ep.active) throw new AppError('invalid_state', 'Enable the endpoint before redelivering');
  const row = await repo.resetDeliveryForRedelivery(trx, tenantId, endpointId, deliveryId);
  if (!row) throw notFound('Webhook delivery');
  await scheduleDeliveryAttempt(trx, tenantId, { deliveryId, key: `r${opts.now.getTime()}` });
  await recordAudit(trx, tenantId, {
    actorType: opts.actor?.type ?? 'system',
    actorId: opts.actor?.id ?? null,
    action: 'webhook.redelivered',
    targetType: 'webhook_delivery',
    targetId: String(deliveryId),
    data: { endpointId },
  });
}

// ── Units of work for the admin surfaces (each one tenant transaction) ─────

export const listWebhookEndpoints = (db: Db, tenantId: string) =>
  withTenant(db, tenantId, (trx) => listEndpoints(trx, tenantId));

export const getWebhookEndpoint = (db: Db, tenantId: string, id: string) =>
  withTenant(db, tenantId, (trx) => getEndpoint(trx, tenantId, id));

export const createWebhookEndpoint = (db: Db, tenantId: string, input: EndpointInput, actor?: WebhookActor) =>
  withTenant(db, tenantId, (trx) => createEndpoint(trx, tenantId, input, actor));

export const updateWebhookEndpoint = (
  db: Db,
  tenantId: string,
  id: string,
  input: Partial<EndpointInput>,
  actor?: WebhookActor,
) => withTenant(db, tenantId, (trx) => updateEndpoint(trx, tenantId, id, input, actor));

export const rotateWebhookSecret = (db: Db, tenantId: string, id: string, actor?: WebhookActor) =>
  withTenant(db, tenantId, (trx) => rotateEndpointSecret(trx, tenantId, id, actor));

export const deleteWebhookEndpoint = (db: Db, tenantId: string, id: string, actor?: WebhookActor) =>
  withTenant(db, tenantId, (trx) => deleteEndpoint(trx, tenantId, id, actor));

export const listWebhookDeliveries = (db: Db, tenantId: string, endpointId: string, limit?: number) =>
  withTenant(db, tenantId, (trx) => listDeliveries(trx, tenantId, endpointId, limit));

export const redeliverWebhook = (
  db: Db,
  tenantId: string,
  endpointId: string,
  deliveryId: number,
  opts: { actor?: WebhookActor; now: Date },
) => withTenant(db, tenantId, (trx) => redeliver(trx, tenantId, endpointId, deliveryId, opts));
