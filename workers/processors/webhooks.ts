/**
 * Queue `webhooks` (outbox `webhook.deliver`): POSTs one signed merchant
 * webhook delivery. A receiver's failure does not fail the job: the service
 * records it and schedules the next attempt through the outbox (backoff over
 * ~3 days, then the endpoint is disabled). Only our own errors (database)
 * throw and get the queue's short retry.
 */
import { z } from 'zod';
import { QUEUES } from '../../src/lib/queue-names.js';
import { defineProcessor, parseJob, zOutboxJob } from '../../src/modules/jobs/processor.js';
import { deliverWebhook } from '../../src/modules/webhooks/service.js';

const ZDeliver = zOutboxJob(z.object({ deliveryId: z.number().int().positive() }));

export const webhooksProcessor = defineProcessor(QUEUES.webhooks, {
  'webhook.deliver': async (deps, job) => {
    const data = parseJob(ZDeliver, job);
    return deliverWebhook(deps.db, data.tenantId, data.payload.deliveryId, {
      now: deps.now,
      allowPrivateTargets: deps.config.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? !deps.config.isProduction,
    });
  },
});
