/**
 * Queue `billing`: the daily billing-maintenance job (recovery sweep of Stripe
 * events left unprocessed, then grace-period expiry and ended trials →
 * suspension, then pruning of processed Stripe events past their retention),
 * scheduled with upsertJobScheduler at 03:00 UTC.
 * The job computes "now" when it runs; tests call runBillingMaintenance with
 * a controlled clock instead.
 */
import { processPendingStripeEvents } from '../../src/flows/stripe-events.js';
import type { Deps } from '../../src/lib/http/context.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import { runBillingMaintenance } from '../../src/modules/billing/maintenance.js';
import type { QueueProcessor } from '../../src/modules/jobs/processor.js';
import { pruneStripeEvents } from '../../src/modules/stripe-events/process.js';

export const BILLING_QUEUE = QUEUES.billing;

export async function scheduleBillingMaintenance(deps: Deps): Promise<void> {
  await deps.hub
    .queue(BILLING_QUEUE)
    .upsertJobScheduler(
      'billing-maintenance',
      { pattern: '0 3 * * *', tz: 'UTC' },
      { name: 'maintenance', data: {} },
    );
}

export const billingProcessor: QueueProcessor = {
  queue: BILLING_QUEUE,
  register(deps: Deps) {
    scheduleBillingMaintenance(deps).catch((err) =>
      deps.logger.error({ err }, 'could not schedule billing maintenance'),
    );
    return deps.hub.worker(BILLING_QUEUE, async (job) => {
      if (job.name !== 'maintenance') return { skipped: job.name };
      const recovered = await processPendingStripeEvents(deps, deps.now());
      const result = await runBillingMaintenance(deps, deps.now());
      const prunedEvents = await pruneStripeEvents(deps, deps.now());
      return { ...result, recoveredEvents: recovered, prunedEvents };
    });
  },
};
