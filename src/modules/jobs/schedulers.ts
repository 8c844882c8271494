/**
 * Per-tenant job schedulers (BullMQ upsertJobScheduler: idempotent by id):
 *   pricing   hourly                         → queue `pricing`, job `recalculate`
 *   restock   nightly at 02:00 store time    → queue `restock`, job `plan`
 *   alerts    daily at 07:00 store time      → queue `low-stock-alerts`, job `daily` (sweep + digest)
 *   recommendations nightly at 03:30 store time → queue `recommendations`, job `rebuild` (full)
 *   care      hourly at :20                  → queue `customer-care`, job `auto-close` (tickets)
 * Created on `tenant.provisioned`/`tenant.reactivated`/`tenant.updated`,
 * removed on `tenant.suspended`/`tenant.deleted`, and reconciled over every
 * tenant by a periodic sweep so a missed event is repaired.
 */

import { type Db, withPlatformAccess } from '../../lib/db/index.js';
import { DEFAULT_JOB_OPTIONS, type QueueHub } from '../../lib/queue.js';
import { QUEUES } from '../../lib/queue-names.js';
import { listTenantsForSchedules } from '../tenancy/repository.js';

export interface TenantSchedule {
  key: 'pricing' | 'restock' | 'alerts' | 'recommendations' | 'care';
  queue: string;
  jobName: string;
  /** Cron pattern in the store's time zone. */
  pattern: string;
}

export const TENANT_SCHEDULES: readonly TenantSchedule[] = [
  { key: 'pricing', queue: QUEUES.pricing, jobName: 'recalculate', pattern: '0 * * * *' },
  { key: 'restock', queue: QUEUES.restock, jobName: 'plan', pattern: '0 2 * * *' },
  { key: 'alerts', queue: QUEUES.alerts, jobName: 'daily', pattern: '0 7 * * *' },
  { key: 'recommendations', queue: QUEUES.recommendations, jobName: 'rebuild', pattern: '30 3 * * *' },
  { key: 'care', queue: QUEUES.care, jobName: 'auto-close', pattern: '20 * * * *' },
];

export const schedulerId = (key: string, tenantId: string) => `${key}:${tenantId}`;

/** A time zone the runtime knows, else UTC (a bad setting must not break scheduling). */
export function safeTimeZone(tz: string | null | undefined): string {
  if (!tz) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    return 'UTC';
  }
}

export async function upsertTenantSchedulers(
  hub: QueueHub,
  tenant: { id: string; timezone: string },
): Promise<void> {
  const tz = safeTimeZone(tenant.timezone);
  for (const s of TENANT_SCHEDULES) {
    await hub.queue(s.queue).upsertJobScheduler(
      schedulerId(s.key, tenant.id),
      { pattern: s.pattern, tz },
      {
        name: s.jobName,
        data: { tenantId: tenant.id },
        opts: {
          attempts: DEFAULT_JOB_OPTIONS.attempts,
          backoff: DEFAULT_JOB_OPTIONS.backoff,
          removeOnComplete: DEFAULT_JOB_OPTIONS.removeOnComplete,
          removeOnFail: DEFAULT_JOB_OPTIONS.removeOnFail,
        },
      },
    );
  }
}

export async function removeTenantSchedulers(hub: QueueHub, tenantId: string): Promise<void> {
  for (const s of TENANT_SCHEDULES) {
    await hub.queue(s.queue).removeJobScheduler(schedulerId(s.key, tenantId));
  }
}

export async function listTenantSchedulerIds(hub: QueueHub, tenantId: string): Promise<string[]> {
  const out: string[] = [];
  for (const s of TENANT_SCHEDULES) {
    const found = await hub.queue(s.queue).getJobScheduler(schedulerId(s.key, tenantId));
    if (found) out.push(schedulerId(s.key, tenantId));
  }
  return out;
}

/**
 * The reconcile sweep: every active tenant has its schedulers, every other
 * tenant has none. Platform access is used ONLY to list tenants (id, status,
 * timezone); the jobs themselves then run per tenant inside withTenant.
 */
export async function reconcileSchedulers(
  db: Db,
  hub: QueueHub,
): Promise<{ upserted: number; removed: number }> {
  // !!! Cross-tenant read: tenant ids and settings only, never store data. !!!
  const tenants = await withPlatformAccess(db, (trx) => listTenantsForSchedules(trx));
  let upserted = 0;
  let removed = 0;
  for (const t of tenants) {
    if (t.status === 'active') {
      await upsertTenantSchedulers(hub, t);
      upserted++;
    } else {
      await removeTenantSchedulers(hub, t.id);
      removed++;
    }
  }
  return { upserted, removed };
}
