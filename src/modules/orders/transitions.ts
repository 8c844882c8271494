/**
 * The order state machine: ONE transition table, enforced by guarded UPDATEs
 * (`where status in (from…)`), so two racing transitions cannot both win —
 * the second waits for the row lock, re-checks and fails with 409 invalid_state.
 *
 *   pending_payment ──mark_paid──▶ paid ──fulfil──▶ fulfilled ──complete──▶ completed
 *   pending_payment ──cancel/expire──▶ cancelled      (reservations released, discount use returned)
 *   paid | fulfilled | completed | partially_refunded ──refund──▶ partially_refunded | refunded
 *
 * Side effects of each transition happen in the same transaction: stock
 * (reservations consumed on payment, released on cancel, restocked on refund
 * when asked), a timeline event and an outbox event `order.<event>`.
 */
import type { Trx } from '../../lib/db/index.js';
import type { OrderStatus } from '../../lib/db/tables/commerce.js';
import { AppError, notFound } from '../../lib/errors.js';
import { releaseDiscountUse } from '../checkout-settings/repository.js';
import { isManualCapture } from './payment-provider.js';
import * as repo from './repository.js';
import { settleReservations } from './stock.js';
import { announce, emailShopper, explainFailure, type TransitionContext } from './timeline.js';

export { fulfilOrder } from './fulfilment.js';
export { refundOrder } from './refunds.js';
export type { TransitionContext } from './timeline.js';

export const TRANSITIONS = {
  mark_paid: { from: ['pending_payment'], to: 'paid', event: 'paid' },
  // Shipping by line keeps the order 'paid' (fulfilment_status 'partial') until every line went out.
  fulfil: { from: ['paid', 'partially_refunded'], to: 'fulfilled', event: 'fulfilled' },
  complete: { from: ['fulfilled'], to: 'completed', event: 'completed' },
  cancel: { from: ['pending_payment'], to: 'cancelled', event: 'cancelled' },
  expire: { from: ['pending_payment'], to: 'cancelled', event: 'expired' },
  refund: {
    from: ['paid', 'fulfilled', 'completed', 'partially_refunded'],
    to: ['partially_refunded', 'refunded'],
    event: 'refunded',
  },
} as const satisfies Record<
  string,
  { from: readonly OrderStatus[]; to: OrderStatus | readonly OrderStatus[]; event: string }
>;
export type OrderAction = keyof typeof TRANSITIONS;

/**
 * pending_payment → paid: the held reservations become a sale (stock and
 * reserved both drop, ledger reason 'sale'). Used by the manual provider's
 * "mark paid" and by payment callbacks (Stripe) alike.
 */
export async function payOrder(
  trx: Trx,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & { reference?: string },
): Promise<repo.OrderRow> {
  const t = TRANSITIONS.mark_paid;
  const o = await repo.transitionOrder(trx, tenantId, orderId, t.from, t.to, {
    paid_at: ctx.now,
    ...(ctx.reference ? { payment_reference: ctx.reference } : {}),
  });
  if (!o) return explainFailure(trx, tenantId, orderId, 'mark_paid');
  await settleReservations(trx, tenantId, o.id, 'consumed', {
    reference: `order:${o.number}`,
    actor: ctx.actor,
  });
  await announce(trx, tenantId, o, t.event, ctx);
  return o;
}

/** Admin "mark paid": only for orders whose provider is confirmed by hand. */
export async function markOrderPaid(
  trx: Trx,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext,
): Promise<repo.OrderRow> {
  const current = await repo.findOrder(trx, tenantId, orderId);
  if (!current) throw notFound('Order');
  if (!isManualCapture(current.payment_provider)) {
    throw new AppError('invalid_state', 'This order is paid through its payment provider, not by hand');
  }
  return payOrder(trx, tenantId, orderId, ctx);
}

export async function completeOrder(
  trx: Trx,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext,
): Promise<repo.OrderRow> {
  const t = TRANSITIONS.complete;
  const o = await repo.transitionOrder(trx, tenantId, orderId, t.from, t.to, {});
  if (!o) return explainFailure(trx, tenantId, orderId, 'complete');
  await announce(trx, tenantId, o, t.event, ctx);
  return o;
}

/**
 * pending_payment → cancelled (by the merchant, or `expire` by the
 * reservation sweep): held stock goes back to available and the discount use
 * is returned.
 */
export async function cancelOrder(
  trx: Trx,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & { action?: 'cancel' | 'expire' },
): Promise<repo.OrderRow> {
  const action = ctx.action ?? 'cancel';
  const t = TRANSITIONS[action];
  const o = await repo.transitionOrder(trx, tenantId, orderId, t.from, t.to, { cancelled_at: ctx.now });
  if (!o) return explainFailure(trx, tenantId, orderId, action);
  await settleReservations(trx, tenantId, o.id, 'released', {
    reference: `order:${o.number}`,
    actor: ctx.actor,
  });
  if (o.discount_code) await releaseDiscountUse(trx, tenantId, o.discount_code);
  await announce(trx, tenantId, o, t.event, ctx);
  await emailShopper(
    trx,
    tenantId,
    o,
    `Order #${o.number} was cancelled`,
    action === 'expire'
      ? `Your order #${o.number} was cancelled because payment did not arrive in time.`
      : `Your order #${o.number} was cancelled.`,
  );
  return o;
}
