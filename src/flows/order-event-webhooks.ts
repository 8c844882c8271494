/**
 * A store event (order, product or customer; written to the outbox by its
 * module and relayed to the `order-events` queue) becomes a signed merchant
 * webhook for every endpoint subscribed to it, in one tenant transaction. The
 * webhook event id is derived from the outbox row and deliveries are unique
 * per (endpoint, event id), so a re-run writes nothing twice.
 */
import { type Db, withTenant } from '../lib/db/index.js';
import { emitWebhookEvent, isWebhookEvent } from '../modules/webhooks/events.js';

/** Writes the webhook deliveries for one relayed event; returns how many were new (0 for other topics). */
export async function emitOrderEventWebhooks(
  db: Db,
  event: { outboxId: number; tenantId: string; topic: string; payload: Record<string, unknown> },
): Promise<number> {
  const topic = event.topic;
  if (!isWebhookEvent(topic)) return 0;
  return withTenant(db, event.tenantId, (trx) =>
    emitWebhookEvent(trx, event.tenantId, {
      topic,
      eventId: `evt_ob_${event.outboxId}`,
      data: event.payload,
    }),
  );
}
