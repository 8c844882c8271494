/**
 * Queue `webhooks` (outbox `webhook.deliver`): POSTs one signed merchant
 * webhook delivery; a failure throws so BullMQ retries with exponential
 * backoff; the last attempt leaves the delivery row `failed` with its error.
 */
import { z } from 'zod';
import { QUEUES } from '../../src/lib/queue-names.js';
import { defineProcessor, parseJob, zOutboxJob } from '../../src/modules/jobs/processor.js';
import { deliverWebhook } from '../../src/modules/webhooks/service.js';

const ZDeliver = zOutboxJob(z.object({ deliveryId: z.number().int().positive() }));

export const webhooksProcessor = defineProcessor(QUEUES.webhooks, {
  'webhook.deliver': async (deps, job) => {
    const data = parseJob(ZDeliver, job);
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return deliverWebhook(deps.db, data.tenantId, data.payload.deliveryId, {
      finalAttempt,
      now: deps.now,
      allowPrivateTargets: deps.config.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? !deps.config.isProduction,
    });
  },
});
