/**
 * Queue `reservations`: a repeatable `sweep` (every minute, one scheduler for
 * the platform) cancels unpaid orders whose stock reservation expired,
 * releasing the stock. Idempotent: expiry is a guarded transition, so a
 * re-run or two overlapping sweeps release each order once.
 */
import type { Deps } from '../../src/lib/http/context.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import { defineProcessor } from '../../src/modules/jobs/processor.js';
import { sweepExpiredReservations } from '../../src/modules/orders/expiry.js';

export { sweepExpiredReservations };

export const RESERVATIONS_QUEUE = QUEUES.reservations;
export const SWEEP_EVERY_MS = 60_000;

const processor = defineProcessor(RESERVATIONS_QUEUE, {
  sweep: async (deps) => sweepExpiredReservations(deps, deps.now()),
});

/** Installs the every-minute sweep (idempotent by scheduler id). */
export async function scheduleReservationSweep(deps: Pick<Deps, 'hub'>): Promise<void> {
  await deps.hub
    .queue(RESERVATIONS_QUEUE)
    .upsertJobScheduler('reservations-sweep', { every: SWEEP_EVERY_MS }, { name: 'sweep', data: {} });
}

export const reservationsProcessor = {
  queue: RESERVATIONS_QUEUE,
  register(deps: Deps) {
    scheduleReservationSweep(deps).catch((err) =>
      deps.logger.error({ err }, 'could not schedule the reservation sweep'),
    );
    return processor.register(deps);
  },
};
