/**
 * Queue `order-events`: every order event the orders module writes to the
 * outbox (order.placed, order.paid, …) becomes a signed merchant webhook for
 * the endpoints subscribed to it. The webhook event id is derived from the
 * outbox row, and deliveries are unique per (endpoint, event id), so a job
 * re-run after a crash writes nothing twice.
 */
import { z } from 'zod';
import { emitOrderEventWebhooks } from '../../src/flows/order-event-webhooks.js';
import type { Deps } from '../../src/lib/http/context.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import { defineProcessor, parseJob, zOutboxJob } from '../../src/modules/jobs/processor.js';
import { scheduleReviewRequest } from '../../src/modules/reviews/requests.js';

export const ORDER_EVENTS_QUEUE = QUEUES.orderEvents;

const ZOrderEvent = zOutboxJob(z.looseObject({ orderId: z.string() }));

/** Writes the webhook deliveries for one relayed order event; returns how many were new. */
export async function handleOrderEvent(deps: Deps, data: z.infer<typeof ZOrderEvent>): Promise<number> {
  if (data.topic === 'order.fulfilled')
    await scheduleReviewRequest(deps, data.tenantId, data.payload.orderId);
  return emitOrderEventWebhooks(deps.db, data);
}

const processor = defineProcessor(ORDER_EVENTS_QUEUE, {
  '*': async (deps, job) => ({ delivered: await handleOrderEvent(deps, parseJob(ZOrderEvent, job)) }),
});

export const orderEventsProcessor = processor;
