/**
 * The one place the Stripe payment code changes order state. Paying is a
 * guarded transition (pending_payment → paid, only from pending_payment), so
 * the webhook and the shopper's return racing each other complete it once.
 */
import type { Trx } from '../../lib/db/index.js';
import { settleReservations } from '../orders/stock.js';

/** Marks the order paid; false when it was not pending (already paid, cancelled…). */
export async function markOrderPaidByStripe(
  trx: Trx,
  tenantId: string,
  orderId: string,
  reference: string,
  now: Date,
): Promise<boolean> {
  const row = await trx
    .updateTable('orders')
    .set({
      status: 'paid',
      paid_at: now,
      payment_provider: 'stripe',
      payment_reference: reference,
      updated_at: now,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .where('status', '=', 'pending_payment')
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await settleReservations(trx, tenantId, orderId, 'consumed', {
    reference: `order:${orderId}`,
    actor: { type: 'system', id: null },
  });
  await addOrderEvent(trx, tenantId, orderId, 'paid', 'Payment received through Stripe', {
    paymentIntent: reference,
  });
  return true;
}

export async function addOrderEvent(
  trx: Trx,
  tenantId: string,
  orderId: string,
  type: string,
  message: string,
  data: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('order_events')
    .values({
      tenant_id: tenantId,
      order_id: orderId,
      type,
      message,
      data: JSON.stringify(data),
      actor_type: 'system',
    })
    .execute();
}
