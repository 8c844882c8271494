/**
 * Queue `tenant-lifecycle`: a store's job schedulers follow its lifecycle.
 *   tenant.provisioned / tenant.reactivated / tenant.updated → upsert (time zone from tenants.timezone)
 *   tenant.suspended / tenant.deleted                        → remove
 *   tenant.deleted with reason 'purged'                      → and the store's image files
 *   reconcile (platform scheduler)                           → every tenant made consistent
 *   domain-recheck (platform scheduler, hourly)              → verified custom domains re-checked
 *   store-closing-sweep (platform scheduler, hourly)         → closing reminders, purges past their date
 * Upsert/remove by scheduler id are idempotent, so re-runs are harmless.
 */
import { z } from 'zod';
import { removePurgedStoreFiles, runStoreClosingSweep } from '../../src/flows/store-purge.js';
import { syncTenantSchedulers } from '../../src/flows/tenant-schedulers.js';
import type { Deps } from '../../src/lib/http/context.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import { recheckDomains } from '../../src/modules/domains/service.js';
import { defineProcessor, parseJob, ZTenantId } from '../../src/modules/jobs/processor.js';
import { reconcileSchedulers, removeTenantSchedulers } from '../../src/modules/jobs/schedulers.js';
import { startPlatformSchedulers } from './schedulers.js';

/** The relay's job data; the store concerned is in the payload (platform events use the nil tenant). */
const ZLifecycle = z.object({ payload: z.looseObject({ tenantId: ZTenantId }) });

const onEvent = async (deps: Deps, job: import('bullmq').Job) =>
  syncTenantSchedulers(deps, parseJob(ZLifecycle, job).payload.tenantId);

/** The handlers alone (tests register them on their own queue prefix without the platform schedulers). */
export const tenantLifecycleJobs = defineProcessor(QUEUES.lifecycle, {
  'tenant.provisioned': onEvent,
  'tenant.reactivated': onEvent,
  'tenant.updated': onEvent,
  'tenant.suspended': async (deps, job) => {
    await removeTenantSchedulers(deps.hub, parseJob(ZLifecycle, job).payload.tenantId);
    return 'removed';
  },
  'tenant.deleted': async (deps, job) => {
    const { payload } = parseJob(ZLifecycle, job);
    await removeTenantSchedulers(deps.hub, payload.tenantId);
    // A purged store's image files (flows/store-purge.ts); checked against its tombstone.
    if (payload.reason === 'purged') return { files: await removePurgedStoreFiles(deps, payload.tenantId) };
    return 'removed';
  },
  reconcile: async (deps) => reconcileSchedulers(deps.db, deps.hub),
  'domain-recheck': async (deps) => recheckDomains(deps, deps.now()),
  'store-closing-sweep': async (deps) => runStoreClosingSweep(deps, deps.now()),
});

export const tenantLifecycleProcessor = {
  queue: tenantLifecycleJobs.queue,
  register(deps: Deps) {
    const worker = tenantLifecycleJobs.register(deps);
    startPlatformSchedulers(deps).catch((err) =>
      deps.logger.error({ err }, 'could not create the platform reconcile scheduler'),
    );
    return worker;
  },
};
