/** The daily billing-maintenance job is scheduled with upsertJobScheduler (idempotent on restart). */
import { describe, expect, inject, it } from 'vitest';
import { createQueueHub } from '../../src/lib/queue.js';
import { BILLING_QUEUE, scheduleBillingMaintenance } from '../../workers/processors/billing.js';
import { testPlatform } from '../support/platform.js';

const platform = testPlatform();

describe('billing maintenance scheduler', () => {
  it('registers one daily scheduler, also after a second start', async () => {
    const p = await platform;
    const hub = createQueueHub({ kind: 'redis', url: inject('redisUrl') }, `billing-sched-${Date.now()}`);
    try {
      const deps = { ...p.deps, hub };
      await scheduleBillingMaintenance(deps);
      await scheduleBillingMaintenance(deps);
      const schedulers = await hub.queue(BILLING_QUEUE).getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({ key: 'billing-maintenance', pattern: '0 3 * * *', tz: 'UTC' });
    } finally {
      await hub.queue(BILLING_QUEUE).obliterate({ force: true });
      await hub.close();
    }
  });
});
