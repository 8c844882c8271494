/**
 * Merchant webhook event types and the writer every producer calls: one
 * delivery row per subscribed endpoint (unique per endpoint and event id) plus
 * an outbox `webhook.deliver` row, in the caller's transaction.
 */
import type { Trx } from '../../lib/db/index.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import * as repo from './repository.js';

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
  'product.created',
  'product.updated',
  'customer.created',
  'review.created',
  'ticket.created',
  'ticket.replied',
  'return.requested',
  'return.refunded',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const isWebhookEvent = (topic: string): topic is WebhookEvent =>
  (WEBHOOK_EVENTS as readonly string[]).includes(topic);

/** Queues one attempt of a delivery (the relay hands it to the `webhooks` queue at `at`). */
export async function scheduleDeliveryAttempt(
  trx: Trx,
  tenantId: string,
  d: { deliveryId: number; key: string; at?: Date },
): Promise<void> {
  await enqueueOutbox(trx, tenantId, {
    topic: WEBHOOK_DELIVER_TOPIC,
    payload: { deliveryId: d.deliveryId },
    dedupeKey: `webhook:${d.deliveryId}:${d.key}`,
    availableAt: d.at,
  });
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
    await scheduleDeliveryAttempt(trx, tenantId, { deliveryId, key: '1' });
    n++;
  }
  return n;
}
