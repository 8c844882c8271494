/**
 * The admin's order actions as the admin routes and pages call them: each
 * runs in its own tenant transaction, writes the store's audit entry (who did
 * what to which order, in words) and answers with the order's detail as it
 * is afterwards, read in the same transaction.
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { formatMoney } from '../../lib/money.js';
import { auditStoreAction } from '../audit/service.js';
import type { ShipmentInput } from './fulfilment.js';
import type { RefundInput } from './refunds.js';
import * as repo from './repository.js';
import type { OrderDetail } from './schemas.js';
import { readOrderDetail } from './service.js';
import { emailShopper, type TransitionContext } from './timeline.js';
import { cancelOrder, completeOrder, fulfilOrder, markOrderPaid, refundOrder } from './transitions.js';

function afterTransition(
  db: Db,
  tenantId: string,
  orderId: string,
  step: (trx: Trx) => Promise<{ action: string; summary: string; data?: Record<string, unknown> }>,
  ctx: TransitionContext,
): Promise<OrderDetail> {
  return withTenant(db, tenantId, async (trx) => {
    const done = await step(trx);
    await auditStoreAction(trx, tenantId, ctx.actor, done.action, {
      summary: done.summary,
      targetType: 'order',
      targetId: orderId,
      data: done.data,
    });
    return readOrderDetail(trx, tenantId, orderId);
  });
}

export function markOrderPaidByAdmin(db: Db, tenantId: string, orderId: string, ctx: TransitionContext) {
  return afterTransition(
    db,
    tenantId,
    orderId,
    async (trx) => {
      const o = await markOrderPaid(trx, tenantId, orderId, ctx);
      return { action: 'order.marked_paid', summary: `Marked order #${o.number} paid` };
    },
    ctx,
  );
}

export function fulfilOrderByAdmin(
  db: Db,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & ShipmentInput,
) {
  return afterTransition(
    db,
    tenantId,
    orderId,
    async (trx) => {
      const o = await fulfilOrder(trx, tenantId, orderId, ctx);
      const how = ctx.trackingNumber ? ` (tracking ${ctx.trackingNumber})` : '';
      const what = o.fulfilment_status === 'fulfilled' ? 'Fulfilled' : 'Shipped part of';
      return { action: 'order.fulfilled', summary: `${what} order #${o.number}${how}` };
    },
    ctx,
  );
}

export function completeOrderByAdmin(db: Db, tenantId: string, orderId: string, ctx: TransitionContext) {
  return afterTransition(
    db,
    tenantId,
    orderId,
    async (trx) => {
      const o = await completeOrder(trx, tenantId, orderId, ctx);
      return { action: 'order.completed', summary: `Completed order #${o.number}` };
    },
    ctx,
  );
}

export function cancelOrderByAdmin(db: Db, tenantId: string, orderId: string, ctx: TransitionContext) {
  return afterTransition(
    db,
    tenantId,
    orderId,
    async (trx) => {
      const o = await cancelOrder(trx, tenantId, orderId, ctx);
      return { action: 'order.cancelled', summary: `Cancelled order #${o.number}` };
    },
    ctx,
  );
}

export function refundOrderByAdmin(
  db: Db,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & RefundInput & { deps: Deps },
) {
  return afterTransition(
    db,
    tenantId,
    orderId,
    async (trx) => {
      const before = await repo.findOrder(trx, tenantId, orderId);
      const o = await refundOrder(trx, tenantId, orderId, ctx);
      const amount = o.refunded_total - (before?.refunded_total ?? 0);
      const money = formatMoney(amount, o.currency.trim());
      const units = (ctx.lines ?? []).reduce((n, l) => n + l.quantity, 0);
      const items = units > 0 ? ` for ${units} item${units === 1 ? '' : 's'}` : '';
      return {
        action: 'order.refunded',
        summary: `Refunded ${money}${items} on order #${o.number}`,
        data: { amount, currency: o.currency.trim() },
      };
    },
    ctx,
  );
}

/** A merchant's note on the order's timeline (never shown to the shopper). */
export function addOrderNote(
  db: Db,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & { message: string },
) {
  return afterTransition(
    db,
    tenantId,
    orderId,
    async (trx) => {
      const o = await repo.lockOrderRow(trx, tenantId, orderId);
      if (!o) throw notFoundOrder();
      await repo.insertOrderEvent(trx, tenantId, orderId, {
        type: 'note',
        message: ctx.message,
        actor: ctx.actor,
      });
      return { action: 'order.note_added', summary: `Added a note to order #${o.number}` };
    },
    ctx,
  );
}

/** Sends the shopper their order confirmation again (through the outbox). */
export function resendOrderConfirmation(
  db: Db,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & { storeName: string },
) {
  return afterTransition(
    db,
    tenantId,
    orderId,
    async (trx) => {
      const o = await repo.findOrder(trx, tenantId, orderId);
      if (!o) throw notFoundOrder();
      const lines = await repo.orderLines(trx, tenantId, orderId);
      await emailShopper(
        trx,
        tenantId,
        o,
        `Order #${o.number} at ${ctx.storeName}`,
        confirmationText(o, lines),
      );
      await repo.insertOrderEvent(trx, tenantId, orderId, {
        type: 'confirmation_resent',
        data: { to: o.email },
        actor: ctx.actor,
      });
      return {
        action: 'order.confirmation_resent',
        summary: `Resent the confirmation of order #${o.number}`,
      };
    },
    ctx,
  );
}

function confirmationText(o: repo.OrderRow, lines: repo.OrderLineRow[]): string {
  const money = (n: number) => formatMoney(n, o.currency.trim());
  return [
    `Thank you for your order #${o.number}.`,
    '',
    ...lines.map((l) => `${l.quantity} × ${l.title} (${l.sku}) — ${money(l.total)}`),
    '',
    `Subtotal: ${money(o.subtotal)}`,
    ...(o.discount_total ? [`Discount: −${money(o.discount_total)}`] : []),
    `Shipping: ${money(o.shipping_total)}`,
    `Tax${o.tax_inclusive ? ' (included)' : ''}: ${money(o.tax_total)}`,
    `Total: ${money(o.total)}`,
  ].join('\n');
}

const notFoundOrder = () => notFound('Order');
