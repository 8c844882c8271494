/** SQL for payment reminders and the sweep's due lists (platform reads: ids only). */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

/** Event type written when the shopper was reminded to pay (once per order). */
export const PAYMENT_REMINDER_EVENT = 'payment_reminder';

/**
 * !!! Platform read (every store, or one with `tenantId`): call it only inside withPlatformAccess. !!!
 * Unpaid manual-payment orders whose hold ends within `within` ms of `now`,
 * placed at least that long ago (a one-day hold is not reminded at once),
 * not yet reminded: ids only.
 */
export function listOrdersDueForReminder(
  trx: Trx,
  now: Date,
  opts: { within: number; limit: number; tenantId?: string },
) {
  const horizon = new Date(now.getTime() + opts.within);
  const placedBefore = new Date(now.getTime() - opts.within);
  let q = trx
    .selectFrom('orders as o')
    .select(['o.tenant_id', 'o.id'])
    .where('o.status', '=', 'pending_payment')
    .where('o.payment_provider', '=', 'manual')
    .where('o.reservation_expires_at', '>', now)
    .where('o.reservation_expires_at', '<=', horizon)
    .where('o.placed_at', '<=', placedBefore)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('order_events as e')
            .select(sql`1`.as('one'))
            .whereRef('e.tenant_id', '=', 'o.tenant_id')
            .whereRef('e.order_id', '=', 'o.id')
            .where('e.type', '=', PAYMENT_REMINDER_EVENT),
        ),
      ),
    );
  if (opts.tenantId) q = q.where('o.tenant_id', '=', opts.tenantId);
  return q.orderBy('o.reservation_expires_at').limit(opts.limit).execute();
}
