/**
 * Returns, shopper side: from their order page a shopper asks to return
 * lines (quantity, reason from the list, comment) within the store's return
 * window. INVARIANTS: the order row is locked while a request is checked, so
 * the units asked back across all non-rejected returns never exceed what was
 * bought; each line carries the most it may refund — its share of what was
 * paid (discount and tax spread by the line's part of the subtotal, shipping
 * excluded), rounded down.
 */
import { type Db, isUuid, type Trx, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { formatMoney } from '../../lib/money.js';
import { nextNumber, readCareSettings } from '../care-settings/service.js';
import { enqueueEmail } from '../mail/service.js';
import * as orders from '../orders/repository.js';
import { emitWebhookEvent } from '../webhooks/service.js';
import * as repo from './repository.js';
import { type RequestReturnInput, type ReturnView, ZRequestReturn } from './schemas.js';

const RETURNABLE: readonly string[] = ['paid', 'fulfilled', 'completed', 'partially_refunded'];
const DAY = 86_400_000;

export function toReturn(r: repo.ReturnRow, lines: repo.ReturnLineRow[]): ReturnView {
  const mine = lines.filter((l) => l.return_id === r.id);
  return {
    id: r.id,
    number: r.number,
    orderId: r.order_id,
    status: r.status,
    comment: r.comment,
    merchantMessage: r.merchant_message,
    restocked: r.restocked,
    refundable: mine.reduce((s, l) => s + l.amount, 0),
    refunded: r.refunded_amount,
    createdAt: new Date(r.created_at).toISOString(),
    lines: mine.map((l) => ({
      orderLineId: l.order_line_id,
      title: l.title,
      quantity: l.quantity,
      reason: l.reason,
      amount: l.amount,
    })),
  };
}

/** What was paid for `quantity` units of a line: its share of (total − shipping), rounded down. */
export function paidFor(
  order: { subtotal: number; total: number; shipping_total: number },
  line: { total: number; quantity: number },
  quantity: number,
): number {
  if (order.subtotal <= 0) return 0;
  const goods = Math.max(0, order.total - order.shipping_total);
  return Math.floor((line.total * quantity * goods) / (line.quantity * order.subtotal));
}

function tooMany(i: number, left: number): AppError {
  return new AppError('validation_failed', `At most ${left} of this item can still be returned`, {
    issues: [{ path: `lines.${i}.quantity`, message: `At most ${left}` }],
  });
}

async function checkedLines(trx: Trx, tenantId: string, order: orders.OrderRow, input: RequestReturnInput) {
  const [lines, asked] = await Promise.all([
    orders.orderLines(trx, tenantId, order.id),
    repo.returnedQuantities(trx, tenantId, order.id),
  ]);
  const seen = new Set<string>();
  return input.lines.map((l, i) => {
    const line = lines.find((x) => x.id === l.orderLineId);
    if (!line || seen.has(l.orderLineId)) {
      throw new AppError('validation_failed', 'Not a line of this order (or listed twice)', {
        issues: [{ path: `lines.${i}.orderLineId`, message: 'Not a line of this order' }],
      });
    }
    seen.add(l.orderLineId);
    const left = line.quantity - (asked.get(line.id) ?? 0);
    if (l.quantity > left) throw tooMany(i, left);
    return {
      order_line_id: line.id,
      variant_id: line.variant_id,
      quantity: l.quantity,
      reason: l.reason,
      amount: paidFor(order, line, l.quantity),
      title: line.title,
    };
  });
}

/** The shopper asks to return lines of their own order (another shopper's order → 404). */
export function requestReturn(
  deps: Deps,
  tenant: TenantInfo,
  input: { customerId: string; orderId: string; request: RequestReturnInput },
): Promise<ReturnView> {
  if (!isUuid(input.orderId)) throw notFound('Order');
  const req = ZRequestReturn.parse(input.request);
  const now = deps.now();
  return withTenant(deps.db, tenant.id, async (trx) => {
    const order = await orders.lockOrderRow(trx, tenant.id, input.orderId);
    if (!order || order.customer_id !== input.customerId) throw notFound('Order');
    if (!RETURNABLE.includes(order.status)) {
      throw new AppError('invalid_state', 'Only paid orders can be returned');
    }
    const settings = await readCareSettings(trx, tenant.id);
    const from = new Date(order.fulfilled_at ?? order.paid_at ?? order.placed_at);
    if (now.getTime() > from.getTime() + settings.returnWindowDays * DAY) {
      throw new AppError(
        'invalid_state',
        `The ${settings.returnWindowDays}-day return window for this order has closed`,
      );
    }
    const lines = await checkedLines(trx, tenant.id, order, req);
    const r = await repo.insertReturn(trx, tenant.id, {
      number: await nextNumber(trx, tenant.id, 'return'),
      orderId: order.id,
      customerId: input.customerId,
      comment: req.comment || null,
    });
    await repo.insertLines(trx, tenant.id, r.id, order.id, lines);
    const summary = lines.map((l) => `${l.quantity} × ${l.title}`).join(', ');
    await orders.insertOrderEvent(trx, tenant.id, order.id, {
      type: 'return_requested',
      message: `Return R${r.number} requested: ${summary}`,
      data: {
        returnId: r.id,
        lines: lines.map((l) => ({ orderLineId: l.order_line_id, quantity: l.quantity, reason: l.reason })),
      },
      actor: { type: 'customer', id: input.customerId },
    });
    await enqueueEmail(trx, tenant.id, {
      to: order.email,
      subject: `Return request R${r.number} for order #${order.number}`,
      text: `We received your request to return ${summary} from order #${order.number}. We will let you know once it is reviewed.`,
    });
    const refundable = lines.reduce((s, l) => s + l.amount, 0);
    await emitWebhookEvent(trx, tenant.id, {
      topic: 'return.requested',
      eventId: `evt_return_${r.id}`,
      data: {
        returnId: r.id,
        number: r.number,
        orderId: order.id,
        orderNumber: order.number,
        refundable,
        refundableText: formatMoney(refundable, order.currency.trim()),
      },
    });
    return toReturn(
      r,
      lines.map((l) => ({ ...l, return_id: r.id })),
    );
  });
}

/** The returns of one of the shopper's orders (for the order page). */
export function listOrderReturns(db: Db, tenantId: string, orderId: string): Promise<ReturnView[]> {
  if (!isUuid(orderId)) return Promise.resolve([]);
  return withTenant(db, tenantId, async (trx) => {
    const rows = await repo.listReturns(trx, tenantId, { orderId, limit: 100 });
    const lines = await repo.listLines(
      trx,
      tenantId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toReturn(r, lines));
  });
}
