/**
 * Platform-level schedulers: the reconcile sweep over all tenants (every 10
 * minutes; BullMQ runs an `every` scheduler's first job at once) so a tenant whose lifecycle event was
 * missed still gets — or loses — its per-tenant schedulers.
 */
import type { Deps } from '../../src/lib/http/context.js';
import { QUEUES } from '../../src/lib/queue-names.js';

export const RECONCILE_SCHEDULER_ID = 'platform:reconcile-schedulers';
/** Custom-domain re-check (domains/service.ts recheckDomains): one scheduler id, so once per hour across processes. */
export const DOMAIN_RECHECK_SCHEDULER_ID = 'platform:domain-recheck';
export const DOMAIN_RECHECK_EVERY_MS = 60 * 60_000;

/** Closing stores (flows/store-closing.ts): reminders and purges, hourly, one job across processes. */
export const STORE_CLOSING_SCHEDULER_ID = 'platform:store-closing';
export const STORE_CLOSING_EVERY_MS = 60 * 60_000;

export async function startPlatformSchedulers(deps: Deps): Promise<void> {
  const q = deps.hub.queue(QUEUES.lifecycle);
  await q.upsertJobScheduler(
    RECONCILE_SCHEDULER_ID,
    { every: 10 * 60_000 },
    // Low priority: a store's own lifecycle event (suspended, provisioned) is
    // never queued behind a sweep over every store (BullMQ runs jobs without
    // a priority before prioritised ones).
    {
      name: 'reconcile',
      data: {},
      opts: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, priority: 10 },
    },
  );
  await q.upsertJobScheduler(
    DOMAIN_RECHECK_SCHEDULER_ID,
    { every: DOMAIN_RECHECK_EVERY_MS },
    {
      name: 'domain-recheck',
      data: {},
      opts: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, priority: 10 },
    },
  );
  await q.upsertJobScheduler(
    STORE_CLOSING_SCHEDULER_ID,
    { every: STORE_CLOSING_EVERY_MS },
    {
      name: 'store-closing-sweep',
      data: {},
      opts: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, priority: 10 },
    },
  );
}
