/**
 * Queue `pricing`: `recalculate` {tenantId, runKey?} — hourly per store (job
 * scheduler) or on demand. One transaction per run; the run key (the job id
 * unless given) is claimed in job_runs, so a re-run applies nothing twice.
 * After each recalculation the store's promotion rules propose (their own
 * transaction, run key `<runKey>:promotions`); `propose-promotions`
 * {tenantId, runKey?} proposes alone (the restock plan asks for it).
 * Outbox `catalog.prices_changed`: price edits from the product editor and
 * the CSV import go into the price history (keyed by the outbox id).
 */
import { z } from 'zod';
import { QUEUES } from '../../src/lib/queue-names.js';
import { defineProcessor, parseJob, ZTenantId, zOutboxJob } from '../../src/modules/jobs/processor.js';
import { recordCatalogPriceChanges } from '../../src/modules/pricing/history.js';
import { runPricingJob } from '../../src/modules/pricing/service.js';
import { runProposalsJob } from '../../src/modules/promotion-rules/propose.js';

const ZRecalculate = z.object({ tenantId: ZTenantId, runKey: z.string().min(1).max(200).optional() });
const ZPricesChanged = zOutboxJob(
  z.looseObject({
    source: z.enum(['pricing', 'manual', 'import']).optional(),
    changes: z
      .array(z.object({ variantId: z.uuid(), oldPrice: z.number().int(), newPrice: z.number().int() }))
      .optional(),
  }),
);

export const pricingProcessor = defineProcessor(QUEUES.pricing, {
  recalculate: async (deps, job) => {
    const data = parseJob(ZRecalculate, job);
    const runKey = data.runKey ?? `job:${job.id}`;
    const summary = await runPricingJob(deps.db, data.tenantId, runKey, deps.now());
    const promotions = await runProposalsJob(deps.db, data.tenantId, `${runKey}:promotions`, deps.now());
    return { ...summary, promotions };
  },
  'catalog.prices_changed': async (deps, job) => {
    const data = parseJob(ZPricesChanged, job);
    return recordCatalogPriceChanges(deps.db, data.tenantId, data.outboxId, data.payload, deps.now());
  },
  'propose-promotions': async (deps, job) => {
    const data = parseJob(ZRecalculate, job);
    return runProposalsJob(deps.db, data.tenantId, data.runKey ?? `job:${job.id}`, deps.now());
  },
});
