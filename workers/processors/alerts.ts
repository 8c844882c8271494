/**
 * Queue `low-stock-alerts`: outbox `stock.changed` events (one variant
 * re-evaluated), `product.created`/`product.updated` (the product's variants
 * re-evaluated: born low, threshold edited, archived), `alerts.notify` (the
 * batched alert email) and the per-tenant `daily` job (sweep + digest email).
 * Idempotent: evaluation reads current stock and the open-alert index allows
 * one open alert per variant; notifications carry dedupe keys.
 */
import type { Job } from 'bullmq';
import { z } from 'zod';
import type { Deps } from '../../src/lib/http/context.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import {
  evaluateProductChange,
  evaluateStockChange,
  mailPendingAlerts,
  runDailyAlerts,
  sweepStoreAlerts,
} from '../../src/modules/alerts/service.js';
import { defineProcessor, parseJob, ZTenantId, zOutboxJob } from '../../src/modules/jobs/processor.js';

const ZStockChanged = zOutboxJob(z.looseObject({ variantId: z.string() }));
const ZProductEvent = zOutboxJob(z.looseObject({ productId: z.string() }));
const ZNotify = zOutboxJob(z.looseObject({}));
const ZTenantJob = z.object({ tenantId: ZTenantId });

const productChanged = async (deps: Deps, job: Job) => {
  const data = parseJob(ZProductEvent, job);
  return evaluateProductChange(deps.db, data.tenantId, data.payload.productId);
};

export const alertsProcessor = defineProcessor(QUEUES.alerts, {
  'stock.changed': async (deps, job) => {
    const data = parseJob(ZStockChanged, job);
    return evaluateStockChange(deps.db, data.tenantId, data.payload.variantId);
  },
  'product.created': productChanged,
  'product.updated': productChanged,
  'alerts.notify': async (deps, job) => {
    const data = parseJob(ZNotify, job);
    return mailPendingAlerts(deps.db, data.tenantId, deps.now());
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
