/**
 * Queue `billing`: `billing.subscription_cancel` (a closed store's Stripe
 * subscription cancelled, from the outbox) and the daily billing-maintenance job (recovery sweep of Stripe
 * events left unprocessed, then grace-period expiry and ended trials →
 * suspension, then pruning of processed Stripe events past their retention),
 * scheduled with upsertJobScheduler at 03:00 UTC.
 * The job computes "now" when it runs; tests call runBillingMaintenance with
 * a controlled clock instead.
 */
import { z } from 'zod';
import { processPendingStripeEvents } from '../../src/flows/stripe-events.js';
import type { Deps } from '../../src/lib/http/context.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import { cancelStripeSubscription, SUBSCRIPTION_CANCEL_TOPIC } from '../../src/modules/billing/closing.js';
import { runBillingMaintenance } from '../../src/modules/billing/maintenance.js';
import { parseJob, type QueueProcessor } from '../../src/modules/jobs/processor.js';
import { pruneStripeEvents } from '../../src/modules/stripe-events/process.js';

export const BILLING_QUEUE = QUEUES.billing;

const ZCancel = z.object({ payload: z.looseObject({ subscriptionId: z.string().min(1) }) });

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
      // A closed store's subscription (outbox, flows/store-closing.ts): cancelled in Stripe once.
      if (job.name === SUBSCRIPTION_CANCEL_TOPIC) {
        const { payload } = parseJob(ZCancel, job);
        return { stripe: await cancelStripeSubscription(deps, payload.subscriptionId) };
      }
      if (job.name !== 'maintenance') return { skipped: job.name };
      const recovered = await processPendingStripeEvents(deps, deps.now());
      const result = await runBillingMaintenance(deps, deps.now());
      const prunedEvents = await pruneStripeEvents(deps, deps.now());
      return { ...result, recoveredEvents: recovered, prunedEvents };
    });
  },
};
