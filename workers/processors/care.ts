/**
 * Queue `customer-care`: the per-store `auto-close` job (hourly scheduler,
 * one job per tick per store however many worker processes run — BullMQ's
 * job scheduler keys each tick's job by scheduler id and time). Idempotent:
 * closing filters on the ticket's current status, so a retried or repeated
 * job closes nothing twice.
 */
import { z } from 'zod';
import { QUEUES } from '../../src/lib/queue-names.js';
import { defineProcessor, parseJob, ZTenantId } from '../../src/modules/jobs/processor.js';
import { autoCloseTickets } from '../../src/modules/tickets/auto-close.js';

const ZTenantJob = z.object({ tenantId: ZTenantId });

export const careProcessor = defineProcessor(QUEUES.care, {
  'auto-close': async (deps, job) => {
    const { tenantId } = parseJob(ZTenantJob, job);
    return autoCloseTickets(deps.db, tenantId, deps.now());
  },
});
