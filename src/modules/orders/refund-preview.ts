/**
 * What a refund will move before it moves (the admin's review step), with
 * the same arithmetic and limits the refund itself applies (./refunds.ts):
 * a line's share is its total × units / quantity (rounded), never more than
 * what is left of the order's total, never more units than are left.
 */
import { AppError } from '../../lib/errors.js';
import { formatMoney } from '../../lib/money.js';
import type { OrderDetail } from './schemas.js';

export function lineRefundValue(lineTotal: number, lineQuantity: number, units: number): number {
  return Math.round((lineTotal * units) / lineQuantity);
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', message, { issues: [{ path, message }] });
}

export function previewRefund(
  order: Pick<OrderDetail, 'total' | 'refunded' | 'lines' | 'currency'>,
  input: { amount?: number; lines?: { lineId: string; quantity: number; restock?: boolean | number }[] },
): { amount: number; units: number } {
  const left = order.total - order.refunded;
  let value = 0;
  let units = 0;
  for (const [i, l] of (input.lines ?? []).entries()) {
    const line = order.lines.find((x) => x.id === l.lineId);
    if (!line) throw invalid(`lines.${i}.lineId`, 'Not a line of this order');
    const open = line.quantity - line.refundedQuantity;
    if (l.quantity > open) throw invalid(`lines.${i}.quantity`, `At most ${open} can be refunded`);
    value += lineRefundValue(line.total, line.quantity, l.quantity);
    units += l.quantity;
  }
  if (input.amount === undefined && units === 0) throw invalid('amount', 'Enter an amount or choose items');
  const amount = input.amount ?? Math.min(value, left);
  if (amount < 1) throw invalid('amount', 'Enter an amount above zero');
  if (amount > left)
    throw invalid('amount', `At most ${formatMoney(left, order.currency)} can still be refunded`);
  return { amount, units };
}
