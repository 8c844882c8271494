/**
 * Queue `recommendations`:
 *   `rebuild` {tenantId, mode?}  rebuilds a store's lists with the same engine as the CLIs. `full` (nightly
 *                                scheduler, catalog imports) also prunes shopper events past the retention;
 *                                `incremental` (debounced after new orders) skips the pruning.
 *   `order.placed` (outbox)      the order's purchase signals, then a debounced incremental rebuild.
 *   `catalog.imported` (outbox)  a debounced full rebuild (new products get their content neighbours).
 */
import { z } from 'zod';
import { defineProcessor, parseJob, ZTenantId, zOutboxJob } from '../../src/modules/jobs/processor.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import {
  RECOMMENDATIONS_QUEUE,
  recordPurchase,
  requestRebuild,
} from '../../src/modules/recommendations/service.js';

const ZRebuild = z.object({ tenantId: ZTenantId, mode: z.enum(['full', 'incremental']).optional() });
const ZOrderPlaced = zOutboxJob(z.looseObject({ orderId: z.string().uuid() }));
const ZCatalogImported = zOutboxJob(z.looseObject({}));

export const recommendationsProcessor = defineProcessor(
  RECOMMENDATIONS_QUEUE,
  {
    rebuild: async (deps, job) => {
      const data = parseJob(ZRebuild, job);
      const result = await rebuildStore(deps.db, data.tenantId, deps.now(), data.mode ?? 'full');
      deps.logger.info({ tenantId: data.tenantId, ...result }, 'recommendations rebuilt');
      return result;
    },
    'order.placed': async (deps, job) => {
      const data = parseJob(ZOrderPlaced, job);
      return { purchases: await recordPurchase(deps, data.tenantId, data.payload.orderId) };
    },
    'catalog.imported': async (deps, job) => {
      const data = parseJob(ZCatalogImported, job);
      await requestRebuild(deps.hub, data.tenantId, deps.now(), 60_000, 'full');
      return { requested: true };
    },
  },
  { lockDuration: 300_000 },
);
