/**
 * Queue `recommendations` (long jobs, 5-minute lock):
 *   `rebuild` {tenantId, mode?}  rebuilds a store's lists with the same engine as the CLIs. `full` (nightly
 *                                scheduler, catalog imports) also prunes shopper events past the retention;
 *                                `incremental` (debounced after new orders) skips the pruning.
 * Queue `recommendation-signals` (short outbox jobs, the default lock):
 *   `order.placed` (outbox)      the order's purchase signals, then a debounced incremental rebuild.
 *   `catalog.imported`, `product.created`, `product.updated` (outbox)
 *                                a debounced incremental rebuild: the lists of the products the change
 *                                can reach (a large import reaches most: then every product's).
 */
import type { Job } from 'bullmq';
import { z } from 'zod';
import type { QueueHub } from '../../src/lib/queue.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import { defineProcessor, parseJob, ZTenantId, zOutboxJob } from '../../src/modules/jobs/processor.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import {
  RECOMMENDATIONS_QUEUE,
  recordPurchase,
  requestRebuild,
} from '../../src/modules/recommendations/service.js';

const ZRebuild = z.object({ tenantId: ZTenantId, mode: z.enum(['full', 'incremental']).optional() });
const ZOrderPlaced = zOutboxJob(z.looseObject({ orderId: z.string().uuid() }));
const ZCatalogChange = zOutboxJob(z.looseObject({}));

/** Catalog changes: one debounced incremental rebuild per store and minute, however many events. */
async function catalogChanged(deps: { hub: QueueHub; now: () => Date }, job: Job) {
  const data = parseJob(ZCatalogChange, job);
  await requestRebuild(deps.hub, data.tenantId, deps.now(), CATALOG_REBUILD_DEBOUNCE_MS, 'incremental');
  return { requested: true };
}

const CATALOG_REBUILD_DEBOUNCE_MS = 60_000;

export const recommendationsProcessor = defineProcessor(
  RECOMMENDATIONS_QUEUE,
  {
    rebuild: async (deps, job) => {
      const data = parseJob(ZRebuild, job);
      const result = await rebuildStore(deps.db, data.tenantId, deps.now(), data.mode ?? 'full');
      deps.logger.info({ tenantId: data.tenantId, ...result }, 'recommendations rebuilt');
      return result;
    },
  },
  // A rebuild is seconds of CPU and a model's worth of memory, and never urgent: one at a time per
  // worker process (the soak saw four at once lift a worker's RSS 35–45 MB while a round of rebuilds
  // ran). QUEUE_CONCURRENCY=recommendations=N still overrides it.
  { lockDuration: 300_000, concurrency: 1 },
);

export const recommendationSignalsProcessor = defineProcessor(QUEUES.recommendationSignals, {
  'order.placed': async (deps, job) => {
    const data = parseJob(ZOrderPlaced, job);
    return { purchases: await recordPurchase(deps, data.tenantId, data.payload.orderId) };
  },
  'catalog.imported': catalogChanged,
  'product.created': catalogChanged,
  'product.updated': catalogChanged,
});
