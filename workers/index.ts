/**
 * The workers: the outbox relay plus one BullMQ worker per queue, each calling
 * the same services as the API. Used by `npm run workers` (workers/main.ts)
 * and, in the embedded default, inside `npm start`.
 */
import type { Worker } from 'bullmq';
import type { Deps } from '../src/lib/http/context.js';
import { createOutboxRelay } from '../src/lib/outbox.js';
import { OUTBOX_ROUTES } from '../src/lib/queue-names.js';
import type { QueueProcessor } from '../src/modules/jobs/processor.js';
import { registerPaymentProviders } from '../src/modules/payments/stripe-provider.js';
import { alertsProcessor } from './processors/alerts.js';
import { billingProcessor } from './processors/billing.js';
import { careProcessor } from './processors/care.js';
import { emailProcessor } from './processors/email.js';
import { orderEventsProcessor } from './processors/order-events.js';
import { pricingProcessor } from './processors/pricing.js';
import { recommendationSignalsProcessor, recommendationsProcessor } from './processors/recommendations.js';
import { reservationsProcessor } from './processors/reservations.js';
import { restockProcessor } from './processors/restock.js';
import { stripeEventsProcessor } from './processors/stripe-events.js';
import { tenantLifecycleProcessor } from './processors/tenant-lifecycle.js';
import { webhooksProcessor } from './processors/webhooks.js';

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, lets active ones finish (BullMQ close), stops the relay. */
  close(): Promise<void>;
}

/** Every queue's processor; each issue's workers add an entry here. */
export const PROCESSORS: QueueProcessor[] = [
  alertsProcessor,
  pricingProcessor,
  restockProcessor,
  webhooksProcessor,
  tenantLifecycleProcessor,
  emailProcessor,
  stripeEventsProcessor,
  billingProcessor,
  reservationsProcessor,
  orderEventsProcessor,
  recommendationsProcessor,
  recommendationSignalsProcessor,
  careProcessor,
];

export async function startWorkers(deps: Deps, opts: { relay?: boolean } = {}): Promise<RunningWorkers> {
  registerPaymentProviders();
  const relay = createOutboxRelay({ db: deps.db, hub: deps.hub, routes: OUTBOX_ROUTES, logger: deps.logger });
  if (opts.relay ?? true) relay.start();
  const workers = PROCESSORS.map((p) => p.register(deps));
  deps.logger.info({ queues: PROCESSORS.map((p) => p.queue), backend: deps.hub.backend }, 'workers running');
  return {
    workers,
    async close() {
      await relay.stop();
      await Promise.allSettled(workers.map((w) => w.close()));
    },
  };
}
