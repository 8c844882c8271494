/**
 * Refunds, by amount or by line, with optional restock through the inventory
 * ledger. Invariants (each backed by a guarded UPDATE or a CHECK):
 *  - never more money than was paid: refunded_total ≤ total (orders CHECK and
 *    applyRefund's guard); a bigger amount → 400 on `amount`;
 *  - never more units than were bought: refunded_quantity ≤ quantity per line;
 *  - never restock more than was refunded: restocked_quantity ≤ refunded_quantity.
 *
 * The money goes back through the order's payment provider (port in
 * ./payment-provider.ts: Stripe refunds through its API; a manual order's
 * refund is recorded only). One `order_refunds` row per refund. The order row
 * is locked first, so refunds of one order run one after the other.
 */
import type { Trx } from '../../lib/db/index.js';
import type { OrderStatus } from '../../lib/db/tables/commerce.js';
import type { RefundLineJson } from '../../lib/db/tables/order-handling.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { formatMoney } from '../../lib/money.js';
import { getPaymentProvider } from './payment-provider.js';
import { lineRefundValue } from './refund-preview.js';
import * as repo from './repository.js';
import { restockLines, type StockLine } from './stock.js';
import { announce, emailShopper, illegal, type TransitionContext } from './timeline.js';

export interface RefundInput {
  /** Minor units; omitted with `lines`: the lines' share of what was paid. */
  amount?: number;
  /** Amount-only refund: put every unit not yet restocked back on the shelf. Per line: the default for `restock`. */
  restock?: boolean;
  lines?: { lineId: string; quantity: number; restock?: boolean | number }[];
  reason?: string;
}

const REFUNDABLE: readonly OrderStatus[] = ['paid', 'fulfilled', 'completed', 'partially_refunded'];

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', message, { issues: [{ path, message }] });
}

/** Per-line refunds: counters move (guarded), returns the units to restock and the lines' value. */
async function refundLines(
  trx: Trx,
  tenantId: string,
  orderId: string,
  input: RefundInput,
): Promise<{ lines: RefundLineJson[]; restock: StockLine[]; value: number }> {
  const current = new Map((await repo.orderLines(trx, tenantId, orderId)).map((l) => [l.id, l]));
  const out: RefundLineJson[] = [];
  const restock: StockLine[] = [];
  let value = 0;
  for (const [i, l] of (input.lines ?? []).entries()) {
    const line = current.get(l.lineId);
    if (!line) throw invalid(`lines.${i}.lineId`, 'Not a line of this order');
    const wanted = l.restock ?? input.restock ?? false;
    const units = wanted === true ? l.quantity : wanted === false ? 0 : wanted;
    if (units > l.quantity) throw invalid(`lines.${i}.restock`, 'Restock at most the units refunded');
    const moved = await repo.addRefundedQuantity(trx, tenantId, orderId, {
      lineId: l.lineId,
      quantity: l.quantity,
      restock: units,
    });
    if (!moved)
      throw invalid(
        `lines.${i}.quantity`,
        `At most ${line.quantity - line.refunded_quantity} can be refunded`,
      );
    out.push({ lineId: l.lineId, quantity: l.quantity, restock: units > 0 });
    if (units > 0 && line.variant_id) restock.push({ variantId: line.variant_id, quantity: units });
    value += lineRefundValue(line.total, line.quantity, l.quantity);
    line.refunded_quantity += l.quantity;
  }
  return { lines: out, restock, value };
}

/** The amount-only "restock everything" of the original API: every unit not yet restocked. */
async function restockWholeOrder(trx: Trx, tenantId: string, orderId: string): Promise<StockLine[]> {
  const lines = await repo.orderLines(trx, tenantId, orderId);
  await repo.restockAllLines(trx, tenantId, orderId);
  return lines.flatMap((l) =>
    l.variant_id && l.quantity > l.restocked_quantity
      ? [{ variantId: l.variant_id, quantity: l.quantity - l.restocked_quantity }]
      : [],
  );
}

export async function refundOrder(
  trx: Trx,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & RefundInput & { deps: Deps },
): Promise<repo.OrderRow> {
  const locked = await repo.lockOrderRow(trx, tenantId, orderId);
  if (!locked) throw notFound('Order');
  if (!REFUNDABLE.includes(locked.status)) throw illegal('refund', locked.status);
  const byLine = await refundLines(trx, tenantId, orderId, ctx);
  const left = locked.total - locked.refunded_total;
  const amount = ctx.amount ?? Math.min(byLine.value, left);
  if (ctx.amount === undefined && !ctx.lines?.length)
    throw invalid('amount', 'Enter an amount or choose items');
  if (amount < 1) throw invalid('amount', 'Enter an amount above zero');
  const o = await repo.applyRefund(trx, tenantId, orderId, REFUNDABLE, amount);
  if (!o)
    throw invalid('amount', `At most ${formatMoney(left, locked.currency.trim())} can still be refunded`);
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
      amount,
    },
  );
  const toRestock = ctx.lines?.length
    ? byLine.restock
    : ctx.restock
      ? await restockWholeOrder(trx, tenantId, orderId)
      : [];
  if (toRestock.length > 0) {
    await restockLines(trx, tenantId, toRestock, { reference: `order:${o.number}`, actor: ctx.actor });
    await repo.insertOrderEvent(trx, tenantId, o.id, {
      type: 'restocked',
      data: { lines: toRestock },
      actor: ctx.actor,
    });
  }
  const { id: refundId } = await repo.insertRefund(trx, tenantId, {
    orderId,
    amount,
    currency: o.currency.trim(),
    provider: o.payment_provider,
    providerReference: refund.reference ?? null,
    reason: ctx.reason ?? null,
    lines: byLine.lines,
    createdBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
  });
  await announce(trx, tenantId, o, 'refunded', ctx, {
    refundId,
    amount,
    restocked: toRestock.length > 0,
    lines: byLine.lines,
    providerReference: refund.reference ?? null,
  });
  await emailShopper(
    trx,
    tenantId,
    o,
    `Refund for order #${o.number}`,
    `We refunded ${formatMoney(amount, o.currency.trim())} for your order #${o.number}.`,
  );
  return o;
}
