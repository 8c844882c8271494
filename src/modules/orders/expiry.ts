/**
 * Unpaid orders over time. Reservation expiry: orders whose stock hold ran
 * out are cancelled (transition `expire`), which gives their units back to
 * available stock. Racing a payment is safe: both are guarded transitions on
 * the order row, exactly one wins, and an order paid meanwhile is skipped.
 * Payment reminders: a manual-payment order is reminded by e-mail once, a day
 * before its hold ends (timeline event + outbox mail deduped per order).
 */
import { type Db, withPlatformAccess, withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import { formatMoney } from '../../lib/money.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { howToPayText, manualMethodLabel, paymentTermsOf } from './payment-terms.js';
import {
  findOrder,
  insertOrderEvent,
  listOrdersDueForExpiry,
  listOrdersDueForReminder,
  orderEvents,
  PAYMENT_REMINDER_EVENT,
} from './repository.js';
import { cancelOrder } from './transitions.js';

export interface SweepResult {
  due: number;
  expired: number;
  reminded: number;
}

/** A reminder goes out this long before the hold ends. */
export const REMIND_BEFORE_MS = 24 * 60 * 60 * 1000;

/**
 * Cancels every expired hold and sends due reminders. `tenantId` limits the
 * sweep to one store (tests, and running it by hand for one store).
 */
export async function sweepExpiredReservations(
  deps: { db: Db },
  now: Date,
  opts: { batch?: number; tenantId?: string } = {},
): Promise<SweepResult> {
  // !!! DANGEROUS door (cross-tenant) — used ONLY to find which orders are due:
  // ids and tenant ids, nothing else. Every change below runs in withTenant.
  const due = await withPlatformAccess(deps.db, (trx) =>
    listOrdersDueForExpiry(trx, now, opts.batch ?? 500, opts.tenantId),
  );
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
  const reminded = await sendPaymentReminders(deps, now, opts);
  return { due: due.length, expired, reminded };
}

/** E-mails each manual-payment shopper whose hold ends within a day, once. */
export async function sendPaymentReminders(
  deps: { db: Db },
  now: Date,
  opts: { batch?: number; tenantId?: string } = {},
): Promise<number> {
  // !!! DANGEROUS door (cross-tenant) — ids only, as above.
  const due = await withPlatformAccess(deps.db, (trx) =>
    listOrdersDueForReminder(trx, now, {
      within: REMIND_BEFORE_MS,
      limit: opts.batch ?? 500,
      tenantId: opts.tenantId,
    }),
  );
  let sent = 0;
  for (const d of due) {
    const done = await withTenant(deps.db, d.tenant_id, async (trx) => {
      const o = await findOrder(trx, d.tenant_id, d.id);
      if (o?.status !== 'pending_payment' || !o.reservation_expires_at) return false;
      const placed = (await orderEvents(trx, d.tenant_id, d.id)).find((e) => e.type === 'placed');
      const terms = paymentTermsOf(placed?.data as Record<string, unknown> | undefined);
      if (!terms) return false;
      await insertOrderEvent(trx, d.tenant_id, d.id, {
        type: PAYMENT_REMINDER_EVENT,
        message: 'Payment reminder sent',
        actor: { type: 'system', id: null },
      });
      await enqueueOutbox(trx, d.tenant_id, {
        topic: 'email.send',
        dedupeKey: `payment-reminder:${o.id}`,
        payload: {
          to: o.email,
          subject: `Reminder: order #${o.number} is waiting for payment`,
          text:
            `Your order #${o.number} (${formatMoney(o.total, o.currency.trim())}) is still waiting for payment.\n\n` +
            `How to pay (${manualMethodLabel(terms.method)}):\n${howToPayText({ ...terms, dueAt: o.reservation_expires_at })}`,
        },
      });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}
