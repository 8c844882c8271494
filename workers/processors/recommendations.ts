/**
 * Queue `recommendations`: `rebuild` {tenantId, mode?} — rebuilds a store's recommendation lists with the
 * same engine as the CLIs. `full` (nightly, and after catalog imports) also prunes shopper events past the
 * retention; `incremental` (debounced requests after new orders/events) skips the pruning.
 */
import { z } from 'zod';
import { defineProcessor, parseJob, ZTenantId } from '../../src/modules/jobs/processor.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import { RECOMMENDATIONS_QUEUE } from '../../src/modules/recommendations/service.js';

const ZRebuild = z.object({ tenantId: ZTenantId, mode: z.enum(['full', 'incremental']).optional() });

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
  { lockDuration: 300_000 },
);
