/**
 * Queue `stripe-events`: outbox `stripe.event` rows written by the webhook
 * endpoint in the same transaction as the event's ledger row. Processing is
 * idempotent (processed_at + state-based handlers), so BullMQ's at-least-once
 * delivery and retries with backoff are safe.
 */
import { z } from 'zod';
import { processStripeEvent } from '../../src/flows/stripe-events.js';
import type { Deps } from '../../src/lib/http/context.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import type { QueueProcessor } from '../../src/modules/jobs/processor.js';

export const STRIPE_EVENTS_QUEUE = QUEUES.stripeEvents;

const ZJob = z.object({ payload: z.object({ eventId: z.string().startsWith('evt_') }) });

export const stripeEventsProcessor: QueueProcessor = {
  queue: STRIPE_EVENTS_QUEUE,
  register(deps: Deps) {
    return deps.hub.worker(
      STRIPE_EVENTS_QUEUE,
      async (job) => {
        const { payload } = ZJob.parse(job.data);
        const r = await processStripeEvent(deps, payload.eventId);
        return r ?? { outcome: 'already_processed' };
      },
      { concurrency: deps.config.WORKER_CONCURRENCY },
    );
  },
};
