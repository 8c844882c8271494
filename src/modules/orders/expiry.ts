/**
 * Reservation expiry: unpaid orders whose stock hold ran out are cancelled
 * (transition `expire`), which gives their units back to available stock.
 * Racing a payment is safe: both are guarded transitions on the order row,
 * exactly one wins, and an order paid meanwhile is simply skipped.
 */
import { type Db, withPlatformAccess, withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import { listOrdersDueForExpiry } from './repository.js';
import { cancelOrder } from './transitions.js';

export interface SweepResult {
  due: number;
  expired: number;
}

export async function sweepExpiredReservations(
  deps: { db: Db },
  now: Date,
  opts: { batch?: number } = {},
): Promise<SweepResult> {
  // !!! DANGEROUS door (cross-tenant) — used ONLY to find which orders are due:
  // ids and tenant ids, nothing else. Every change below runs in withTenant.
  const due = await withPlatformAccess(deps.db, (trx) => listOrdersDueForExpiry(trx, now, opts.batch ?? 500));
  let expired = 0;
  for (const o of due) {
    try {
      await withTenant(deps.db, o.tenant_id, (trx) =>
        cancelOrder(trx, o.tenant_id, o.id, { action: 'expire', actor: { type: 'system', id: null }, now }),
      );
      expired++;
    } catch (err) {
      // Paid or cancelled since we looked: nothing to release.
      if (!(err instanceof AppError && (err.code === 'invalid_state' || err.code === 'not_found'))) throw err;
    }
  }
  return { due: due.length, expired };
}
