/**
 * Returns, merchant side: requested → approved | rejected (with a message),
 * approved → received (optionally restocking exactly the returned units
 * through the inventory ledger, reason 'return'), received → refunded
 * (through the order's payment provider: at most what was paid for the
 * returned lines, and never past what is left on the order). Every step goes
 * into the order's timeline and is emailed to the shopper; the refund is
 * announced as `return.refunded`.
 */
import type { Trx } from '../../lib/db/index.js';
import { isUuid, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { formatMoney } from '../../lib/money.js';
import { enqueueEmail } from '../mail/service.js';
import * as orders from '../orders/repository.js';
import { restockLines } from '../orders/stock.js';
import { refundOrder } from '../orders/transitions.js';
import { emitWebhookEvent } from '../webhooks/service.js';
import * as repo from './repository.js';
import { type ReturnView, ZMessage, ZReceive, ZRefund } from './schemas.js';
import { toReturn } from './service.js';

const PAGE = 25;
type Actor = { type: 'user'; id: string };

export async function listReturnsForAdmin(
  deps: Deps,
  tenantId: string,
  q: { status?: repo.ReturnStatus; cursor?: string },
): Promise<{ items: ReturnView[]; nextCursor: string | null }> {
  const before = q.cursor ? Number(q.cursor) : undefined;
  if (before !== undefined && !(Number.isInteger(before) && before > 0)) {
    throw new AppError('validation_failed', 'The cursor is not valid', {
      issues: [{ path: 'cursor', message: 'Not a cursor from this list' }],
    });
  }
  return withTenant(deps.db, tenantId, async (trx) => {
    const rows = await repo.listReturns(trx, tenantId, {
      status: q.status,
      beforeNumber: before,
      limit: PAGE + 1,
    });
    const page = rows.slice(0, PAGE);
    const lines = await repo.listLines(
      trx,
      tenantId,
      page.map((r) => r.id),
    );
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toReturn(r, lines)),
      nextCursor: rows.length > PAGE && last ? String(last.number) : null,
    };
  });
}

export function getReturnForAdmin(deps: Deps, tenantId: string, id: string): Promise<ReturnView> {
  if (!isUuid(id)) throw notFound('Return');
  return withTenant(deps.db, tenantId, async (trx) => {
    const r = await repo.findReturn(trx, tenantId, id);
    if (!r) throw notFound('Return');
    return toReturn(r, await repo.listLines(trx, tenantId, [r.id]));
  });
}

/** Runs one guarded step; a missing return is 404, a wrong status 409 invalid_state. */
async function step(
  trx: Trx,
  tenantId: string,
  id: string,
  from: readonly repo.ReturnStatus[],
  to: repo.ReturnStatus,
  patch: Parameters<typeof repo.transition>[5],
): Promise<repo.ReturnRow> {
  const current = isUuid(id) ? await repo.findReturn(trx, tenantId, id, true) : undefined;
  if (!current) throw notFound('Return');
  const r = await repo.transition(trx, tenantId, id, from, to, patch);
  if (!r) throw new AppError('invalid_state', `A return that is ${current.status} cannot become ${to}`);
  return r;
}

async function record(
  trx: Trx,
  tenantId: string,
  r: repo.ReturnRow,
  actor: Actor,
  e: { type: string; message: string; data?: Record<string, unknown>; subject: string; text: string },
): Promise<orders.OrderRow> {
  const order = (await orders.findOrder(trx, tenantId, r.order_id))!;
  await orders.insertOrderEvent(trx, tenantId, r.order_id, {
    type: e.type,
    message: e.message,
    data: { returnId: r.id, ...e.data },
    actor,
  });
  await enqueueEmail(trx, tenantId, {
    to: order.email,
    subject: `${e.subject} (return R${r.number}, order #${order.number})`,
    text: e.text,
  });
  return order;
}

export function decideReturn(
  deps: Deps,
  tenantId: string,
  id: string,
  input: { decision: 'approve' | 'reject'; message?: string; actor: Actor },
): Promise<ReturnView> {
  const { message } = ZMessage.parse({ message: input.message });
  const approve = input.decision === 'approve';
  return withTenant(deps.db, tenantId, async (trx) => {
    const r = await step(trx, tenantId, id, ['requested'], approve ? 'approved' : 'rejected', {
      message: message || null,
    });
    const note = message ? `\n\nMessage from the store: ${message}` : '';
    await record(trx, tenantId, r, input.actor, {
      type: approve ? 'return_approved' : 'return_rejected',
      message: `Return R${r.number} ${approve ? 'approved' : 'rejected'}${message ? `: ${message}` : ''}`,
      subject: approve ? 'Your return is approved' : 'Your return request was declined',
      text: approve
        ? `Your return R${r.number} is approved. Please send the items back; we refund once they arrive.${note}`
        : `We cannot accept return R${r.number}.${note}`,
    });
    return toReturn(r, await repo.listLines(trx, tenantId, [r.id]));
  });
}

/** approved → received; `restock` puts back exactly the returned units (never more). */
export function receiveReturn(
  deps: Deps,
  tenantId: string,
  id: string,
  input: { restock: boolean; actor: Actor },
): Promise<ReturnView> {
  const { restock } = ZReceive.parse({ restock: input.restock });
  return withTenant(deps.db, tenantId, async (trx) => {
    const r = await step(trx, tenantId, id, ['approved'], 'received', { restocked: restock });
    const lines = await repo.listLines(trx, tenantId, [r.id]);
    const stock = lines.flatMap((l) =>
      l.variant_id ? [{ variantId: l.variant_id, quantity: l.quantity }] : [],
    );
    if (restock && stock.length) {
      await restockLines(trx, tenantId, stock, { reference: `return:R${r.number}`, actor: input.actor });
    }
    await record(trx, tenantId, r, input.actor, {
      type: 'return_received',
      message: `Return R${r.number} received${restock ? ', items restocked' : ''}`,
      data: restock ? { restocked: stock } : {},
      subject: 'We received your return',
      text: `Your returned items (return R${r.number}) arrived. Your refund follows shortly.`,
    });
    return toReturn(r, lines);
  });
}

/**
 * received → refunded through the order's provider. `amount` defaults to the
 * whole refundable sum and may be less, never more; the order's own guard
 * also keeps the total refunded within what was paid.
 */
export function refundReturn(
  deps: Deps,
  tenantId: string,
  id: string,
  input: { amount?: number; actor: Actor },
): Promise<ReturnView> {
  const { amount: asked } = ZRefund.parse({ amount: input.amount });
  return withTenant(deps.db, tenantId, async (trx) => {
    const current = isUuid(id) ? await repo.findReturn(trx, tenantId, id, true) : undefined;
    if (!current) throw notFound('Return');
    const lines = await repo.listLines(trx, tenantId, [current.id]);
    const refundable = lines.reduce((s, l) => s + l.amount, 0);
    const amount = asked ?? refundable;
    if (amount > refundable) {
      throw new AppError('validation_failed', `At most ${refundable} can be refunded for this return`, {
        issues: [{ path: 'amount', message: `At most ${refundable}` }],
      });
    }
    const r = await step(trx, tenantId, id, ['received'], 'refunded', { refundedAmount: amount });
    if (amount > 0) {
      await refundOrder(trx, tenantId, r.order_id, {
        deps,
        amount,
        restock: false,
        actor: input.actor,
        now: deps.now(),
      });
    }
    const order = (await orders.findOrder(trx, tenantId, r.order_id))!;
    const text = formatMoney(amount, order.currency.trim());
    await orders.insertOrderEvent(trx, tenantId, r.order_id, {
      type: 'return_refunded',
      message: `Return R${r.number} refunded: ${text}`,
      data: { returnId: r.id, amount },
      actor: input.actor,
    });
    await emitWebhookEvent(trx, tenantId, {
      topic: 'return.refunded',
      eventId: `evt_return_refund_${r.id}`,
      data: {
        returnId: r.id,
        number: r.number,
        orderId: order.id,
        orderNumber: order.number,
        amount,
        currency: order.currency.trim(),
      },
    });
    return toReturn(r, lines);
  });
}
