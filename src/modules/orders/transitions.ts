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
import type { Deps } from '../../lib/http/context.js';
import { formatMoney } from '../../lib/money.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { releaseDiscountUse } from '../checkout-settings/repository.js';
import { getPaymentProvider, isManualCapture } from './payment-provider.js';
import * as repo from './repository.js';
import { type Actor, restockLines, settleReservations } from './stock.js';

export const TRANSITIONS = {
  mark_paid: { from: ['pending_payment'], to: 'paid', event: 'paid' },
  fulfil: { from: ['paid'], to: 'fulfilled', event: 'fulfilled' },
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

export interface TransitionContext {
  actor: Actor;
  now: Date;
}

function illegal(action: OrderAction, status: OrderStatus): AppError {
  return new AppError(
    'invalid_state',
    `An order that is ${status.replace('_', ' ')} cannot be ${action.replace('_', ' ')}`,
  );
}

/** After a guarded UPDATE matched nothing: 404 when the order is missing, else 409 invalid_state. */
async function explainFailure(
  trx: Trx,
  tenantId: string,
  orderId: string,
  action: OrderAction,
): Promise<never> {
  const o = await repo.findOrder(trx, tenantId, orderId);
  if (!o) throw notFound('Order');
  throw illegal(action, o.status);
}

async function announce(
  trx: Trx,
  tenantId: string,
  order: repo.OrderRow,
  event: string,
  ctx: TransitionContext,
  data: Record<string, unknown> = {},
  message = '',
): Promise<void> {
  await repo.insertOrderEvent(trx, tenantId, order.id, { type: event, message, data, actor: ctx.actor });
  await enqueueOutbox(trx, tenantId, {
    topic: `order.${event}`,
    payload: {
      orderId: order.id,
      number: order.number,
      status: order.status,
      total: order.total,
      refunded: order.refunded_total,
      currency: order.currency.trim(),
      customerId: order.customer_id,
      email: order.email,
      ...data,
    },
  });
}

async function emailShopper(trx: Trx, tenantId: string, o: repo.OrderRow, subject: string, text: string) {
  await enqueueOutbox(trx, tenantId, {
    topic: 'email.send',
    payload: { to: o.email, subject, text },
  });
}

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

export async function fulfilOrder(
  trx: Trx,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & { trackingNumber?: string },
): Promise<repo.OrderRow> {
  const t = TRANSITIONS.fulfil;
  const o = await repo.transitionOrder(trx, tenantId, orderId, t.from, t.to, {
    fulfilled_at: ctx.now,
    tracking_number: ctx.trackingNumber ?? null,
  });
  if (!o) return explainFailure(trx, tenantId, orderId, 'fulfil');
  await announce(trx, tenantId, o, t.event, ctx, { trackingNumber: ctx.trackingNumber ?? null });
  await emailShopper(
    trx,
    tenantId,
    o,
    `Order #${o.number} is on its way`,
    `Your order #${o.number} has shipped.${ctx.trackingNumber ? ` Tracking number: ${ctx.trackingNumber}.` : ''}`,
  );
  return o;
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

/**
 * Manual refund of `amount` (≤ what is left to refund). The order row moves
 * atomically (refunded_total can never pass total); `restock` puts the
 * order's units back in stock, once per order.
 */
export async function refundOrder(
  trx: Trx,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & { deps: Deps; amount: number; restock?: boolean },
): Promise<repo.OrderRow> {
  const t = TRANSITIONS.refund;
  const o = await repo.applyRefund(trx, tenantId, orderId, t.from, ctx.amount);
  if (!o) {
    const current = await repo.findOrder(trx, tenantId, orderId);
    if (!current) throw notFound('Order');
    if (!(t.from as readonly OrderStatus[]).includes(current.status)) throw illegal('refund', current.status);
    const left = current.total - current.refunded_total;
    throw new AppError('validation_failed', `At most ${left} can still be refunded`, {
      issues: [{ path: 'amount', message: `At most ${left}` }],
    });
  }
  const provider = getPaymentProvider(o.payment_provider);
  const refund = await provider.refund(
    { deps: ctx.deps, tenantId, trx },
    {
      order: {
        id: o.id,
        number: o.number,
        total: o.total,
        currency: o.currency.trim(),
        email: o.email,
        paymentReference: o.payment_reference,
      },
      amount: ctx.amount,
    },
  );
  let restocked = false;
  if (ctx.restock && !(await repo.hasOrderEvent(trx, tenantId, o.id, 'restocked'))) {
    const lines = (await repo.orderLines(trx, tenantId, o.id)).flatMap((l) =>
      l.variant_id ? [{ variantId: l.variant_id, quantity: l.quantity }] : [],
    );
    await restockLines(trx, tenantId, lines, { reference: `order:${o.number}`, actor: ctx.actor });
    await repo.insertOrderEvent(trx, tenantId, o.id, {
      type: 'restocked',
      data: { lines },
      actor: ctx.actor,
    });
    restocked = true;
  }
  await announce(trx, tenantId, o, t.event, ctx, {
    amount: ctx.amount,
    restocked,
    providerReference: refund.reference ?? null,
  });
  await emailShopper(
    trx,
    tenantId,
    o,
    `Refund for order #${o.number}`,
    `We refunded ${formatMoney(ctx.amount, o.currency.trim())} for your order #${o.number}.`,
  );
  return o;
}
