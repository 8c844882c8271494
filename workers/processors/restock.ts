/**
 * Queue `restock`: `plan` {tenantId, planKey?} — nightly at 02:00 store time
 * (job scheduler) or on demand: forecasts demand and drafts purchase orders
 * per supplier. Idempotent by plan key (the job id unless given).
 */
import { z } from 'zod';
import { QUEUES } from '../../src/lib/queue-names.js';
import { defineProcessor, parseJob, ZTenantId } from '../../src/modules/jobs/processor.js';
import { runProposalsJob } from '../../src/modules/promotion-rules/propose.js';
import { runRestockPlanJob } from '../../src/modules/restock/service.js';

const ZPlan = z.object({ tenantId: ZTenantId, planKey: z.string().min(1).max(200).optional() });

export const restockProcessor = defineProcessor(QUEUES.restock, {
  plan: async (deps, job) => {
    const data = parseJob(ZPlan, job);
    const planKey = data.planKey ?? `job:${job.id}`;
    const plan = await runRestockPlanJob(deps.db, data.tenantId, planKey, deps.now());
    // After a plan, the promotion rules propose from the same stock picture (#19).
    const promotions = await runProposalsJob(deps.db, data.tenantId, `${planKey}:promotions`, deps.now());
    return { ...plan, promotions };
  },
});
