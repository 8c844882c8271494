/**
 * Shipping an order, whole or by line. Each call is one shipment (carrier,
 * tracking number/URL, the units it carried): the order row is locked, each
 * line's fulfilled count grows through a guarded UPDATE (never more than is
 * left to ship: quantity − fulfilled − refunded), and the order's
 * fulfilment_status follows ('partial' until every unit went out). The
 * status moves paid → fulfilled only with the last shipment; a partially
 * refunded order keeps its money status.
 *
 * Timeline: 'shipment' for a partial one, 'fulfilled' (+ outbox
 * `order.fulfilled`) for the last. The shopper gets an e-mail per shipment.
 */
import type { Trx } from '../../lib/db/index.js';
import type { OrderStatus } from '../../lib/db/tables/commerce.js';
import type { FulfilmentLineJson } from '../../lib/db/tables/order-handling.js';
import { AppError, notFound } from '../../lib/errors.js';
import * as repo from './repository.js';
import { announce, emailShopper, illegal, type TransitionContext } from './timeline.js';

export interface ShipmentInput {
  carrier?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  /** Units per line; omitted: everything left to ship. */
  lines?: { lineId: string; quantity: number }[];
}

const SHIPPABLE: readonly OrderStatus[] = ['paid', 'partially_refunded'];

/** Merges repeated line ids and drops zero quantities. */
function mergeLines(lines: readonly { lineId: string; quantity: number }[]): FulfilmentLineJson[] {
  const m = new Map<string, number>();
  for (const l of lines) if (l.quantity > 0) m.set(l.lineId, (m.get(l.lineId) ?? 0) + l.quantity);
  return [...m.entries()].map(([lineId, quantity]) => ({ lineId, quantity }));
}

function leftToShip(l: repo.OrderLineRow): number {
  return Math.max(0, l.quantity - l.fulfilled_quantity - l.refunded_quantity);
}

async function shipLines(
  trx: Trx,
  tenantId: string,
  orderId: string,
  wanted: FulfilmentLineJson[],
): Promise<void> {
  const current = new Map((await repo.orderLines(trx, tenantId, orderId)).map((l) => [l.id, l]));
  for (const [i, l] of wanted.entries()) {
    const line = current.get(l.lineId);
    const moved = line
      ? await repo.addFulfilledQuantity(trx, tenantId, orderId, l.lineId, l.quantity)
      : undefined;
    if (!moved) {
      const left = line ? leftToShip(line) : 0;
      throw new AppError(
        'validation_failed',
        line ? `At most ${left} left to ship` : 'Not a line of this order',
        {
          issues: [
            { path: `lines.${i}.quantity`, message: line ? `At most ${left} left to ship` : 'Unknown line' },
          ],
        },
      );
    }
  }
}

function shipmentMail(
  o: repo.OrderRow,
  input: ShipmentInput,
  last: boolean,
): { subject: string; text: string } {
  const tracking = [
    input.carrier ? `Carrier: ${input.carrier}.` : '',
    input.trackingNumber ? `Tracking number: ${input.trackingNumber}.` : '',
    input.trackingUrl ? `Track it at ${input.trackingUrl}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const what = last ? `Your order #${o.number} has shipped.` : `Part of your order #${o.number} has shipped.`;
  return {
    subject: last ? `Order #${o.number} is on its way` : `Part of order #${o.number} is on its way`,
    text: tracking ? `${what} ${tracking}` : what,
  };
}

export async function fulfilOrder(
  trx: Trx,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & ShipmentInput,
): Promise<repo.OrderRow> {
  const o = await repo.lockOrderRow(trx, tenantId, orderId);
  if (!o) throw notFound('Order');
  if (!SHIPPABLE.includes(o.status) || o.fulfilment_status === 'fulfilled') throw illegal('fulfil', o.status);
  const lines = ctx.lines
    ? mergeLines(ctx.lines)
    : (await repo.orderLines(trx, tenantId, orderId))
        .map((l) => ({ lineId: l.id, quantity: leftToShip(l) }))
        .filter((l) => l.quantity > 0);
  if (lines.length === 0) {
    throw new AppError('validation_failed', 'Choose at least one item to ship', {
      issues: [{ path: 'lines', message: 'Choose at least one item to ship' }],
    });
  }
  await shipLines(trx, tenantId, orderId, lines);
  const shipment = {
    carrier: ctx.carrier ?? null,
    trackingNumber: ctx.trackingNumber ?? null,
    trackingUrl: ctx.trackingUrl ?? null,
    lines,
  };
  const { id: shipmentId } = await repo.insertFulfilment(trx, tenantId, {
    orderId,
    ...shipment,
    createdBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
  });
  const last = (await repo.unitsLeftToShip(trx, tenantId, orderId)) === 0;
  const updated = await repo.setFulfilmentState(trx, tenantId, orderId, {
    fulfilment: last ? 'fulfilled' : 'partial',
    status: last && o.status === 'paid' ? 'fulfilled' : undefined,
    trackingNumber: ctx.trackingNumber ?? (o.tracking_number ? undefined : null),
    at: ctx.now,
  });
  const data = { shipmentId, ...shipment };
  if (last) await announce(trx, tenantId, updated, 'fulfilled', ctx, data);
  else await repo.insertOrderEvent(trx, tenantId, orderId, { type: 'shipment', data, actor: ctx.actor });
  const mail = shipmentMail(updated, ctx, last);
  await emailShopper(trx, tenantId, updated, mail.subject, mail.text);
  return updated;
}
