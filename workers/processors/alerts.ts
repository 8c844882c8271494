/**
 * Queue `low-stock-alerts`: outbox `stock.changed` events (one variant
 * re-evaluated) and the per-tenant `daily` job (sweep + digest email).
 * Idempotent: evaluation reads current stock and the open-alert index allows
 * one open alert per variant; notifications carry dedupe keys.
 */
import { z } from 'zod';
import { QUEUES } from '../../src/lib/queue-names.js';
import { evaluateStockChange, runDailyAlerts, sweepStoreAlerts } from '../../src/modules/alerts/service.js';
import { defineProcessor, parseJob, ZTenantId, zOutboxJob } from '../../src/modules/jobs/processor.js';

const ZStockChanged = zOutboxJob(z.looseObject({ variantId: z.string() }));
const ZTenantJob = z.object({ tenantId: ZTenantId });

export const alertsProcessor = defineProcessor(QUEUES.alerts, {
  'stock.changed': async (deps, job) => {
    const data = parseJob(ZStockChanged, job);
    return evaluateStockChange(deps.db, data.tenantId, data.payload.variantId);
  },
  sweep: async (deps, job) => {
    const { tenantId } = parseJob(ZTenantJob, job);
    return sweepStoreAlerts(deps.db, tenantId);
  },
  daily: async (deps, job) => {
    const { tenantId } = parseJob(ZTenantJob, job);
    return runDailyAlerts(deps.db, tenantId, deps.now());
  },
});
