/**
 * Checkout's stock: a fast refusal from the stock just read, then the
 * reservation itself (orders' reserveStock: guarded UPDATEs in variant-id
 * order, the lock order shared with cancel and expiry).
 */
import type { Trx } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { CartLineRow } from '../../modules/cart/repository.js';
import { type Actor, reserveStock } from '../../modules/orders/stock.js';

/**
 * Fast refusal from the committed stock just read (no lock): a line that does
 * not fit now cannot be reserved either, unless a concurrent release commits
 * in between — refusing then is the same as having run just before that
 * release. The guarded UPDATE in reserveStock stays the authority for every
 * checkout that passes this check.
 */
export function refuseShortLines(lines: readonly CartLineRow[]): void {
  const short = lines.find((l) => l.quantity > l.stock - l.reserved);
  if (short) {
    throw new AppError('insufficient_stock', 'Not enough stock for an item in the cart', {
      issues: [{ path: `variants.${short.variant_id}`, message: 'Not enough stock' }],
    });
  }
}

/**
 * Reserves every line for the order or throws 409 insufficient_stock (the
 * transaction then rolls back EVERYTHING, so nothing stays reserved).
 */
export function reserveLines(
  trx: Trx,
  tenantId: string,
  orderId: string,
  lines: readonly CartLineRow[],
  actor: Actor,
): Promise<void> {
  return reserveStock(
    trx,
    tenantId,
    lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity })),
    { reference: `order:${orderId}`, actor },
  );
}
