/**
 * Processing a stored Stripe event (worker side). The event row is locked
 * FOR UPDATE SKIP LOCKED for the duration, so one event is processed by one
 * worker at a time, and `processed_at` makes a re-run a no-op. Handlers are
 * idempotent and act on current state, so a retry after a crash is safe.
 * Unhandled types are logged and marked ignored. Which domain handles which
 * event type is the flow's business (src/flows/stripe-events.ts passes the
 * handler table in), so this module imports none of them.
 */
import type Stripe from 'stripe';
import { withPlatformAccess } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import {
  deleteProcessedStripeEvents,
  listUnprocessedStripeEventIds,
  lockStripeEvent,
  markStripeEventProcessed,
} from './repository.js';
import type { EventOutcome, StripeEventHandler } from './types.js';

/** Event type → the handler of the domain it concerns. */
export type StripeEventHandlers = Readonly<Record<string, StripeEventHandler>>;

export async function processStripeEventWith(
  handlers: StripeEventHandlers,
  deps: Deps,
  eventId: string,
  now: Date = deps.now(),
): Promise<EventOutcome | undefined> {
  return withPlatformAccess(deps.db, async (trx) => {
    const row = await lockStripeEvent(trx, eventId);
    if (!row || row.processed_at) return undefined;
    const event = row.payload as unknown as Stripe.Event;
    const handler = handlers[row.type];
    let result: EventOutcome;
    if (!handler) {
      deps.logger.info({ eventId, type: row.type }, 'stripe event type not handled; ignored');
      result = { outcome: 'ignored:unhandled_type' };
    } else {
      result = await handler(deps, event, now);
      deps.logger.info(
        { eventId, type: row.type, outcome: result.outcome, tenantId: result.tenantId },
        'stripe event processed',
      );
    }
    await markStripeEventProcessed(trx, eventId, {
      outcome: result.outcome.slice(0, 200),
      tenantId: result.tenantId ?? null,
    });
    return result;
  });
}

/**
 * Recovery sweep: processes stored events still unprocessed after `olderThanMs`
 * (e.g. a job that exhausted its retries while Stripe was down), oldest first.
 * Run by the daily billing job.
 */
export async function processPendingStripeEventsWith(
  handlers: StripeEventHandlers,
  deps: Deps,
  now: Date = deps.now(),
  olderThanMs = 10 * 60_000,
): Promise<number> {
  const ids = await withPlatformAccess(deps.db, (trx) =>
    listUnprocessedStripeEventIds(trx, new Date(now.getTime() - olderThanMs), 1000),
  );
  let n = 0;
  for (const id of ids) {
    try {
      if (await processStripeEventWith(handlers, deps, id, now)) n++;
    } catch (err) {
      deps.logger.error({ err, eventId: id }, 'stripe event still failing in the recovery sweep');
    }
  }
  return n;
}

/** How long a processed event stays in the ledger (deduplication of redeliveries). */
export const STRIPE_EVENT_RETENTION_DAYS = 90;

/**
 * Deletes processed events received more than `retentionDays` ago (at most
 * `batch` per call; the daily billing job calls it once). Unprocessed events
 * are never deleted: the recovery sweep still owes them.
 */
export async function pruneStripeEvents(
  deps: Deps,
  now: Date = deps.now(),
  retentionDays = STRIPE_EVENT_RETENTION_DAYS,
  batch = 10_000,
): Promise<number> {
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  return withPlatformAccess(deps.db, (trx) => deleteProcessedStripeEvents(trx, before, batch));
}
