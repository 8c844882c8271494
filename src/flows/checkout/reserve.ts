/**
 * Checkout's stock: a fast refusal from the stock just read, then the
 * reservation itself (orders' reserveStock: guarded UPDATEs in variant-id
 * order, the lock order shared with cancel and expiry, all in one round trip
 * — with the discount code's claim when it can go along).
 */
import type { Trx } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { CartLineRow } from '../../modules/cart/repository.js';
import type { DiscountRow } from '../../modules/checkout-settings/repository.js';
import { discountClaim } from '../../modules/checkout-settings/service.js';
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
 * transaction then rolls back EVERYTHING, so nothing stays reserved). With
 * `code` — the prices are final already (no live promotion on the lines) —
 * the discount code is claimed in the same round trip, right behind the
 * variants (the lock order: variants → discount → counter); its refusal is
 * thrown after any stock shortfall, as when claimed on its own.
 */
export async function reserveLines(
  trx: Trx,
  tenantId: string,
  orderId: string,
  lines: readonly CartLineRow[],
  actor: Actor,
  code: { code: string; subtotal: number; now: Date } | null = null,
): Promise<DiscountRow | null> {
  const claim = code ? discountClaim(trx, tenantId, code.code, code.subtotal, code.now) : null;
  const [codeRows] = await reserveStock(
    trx,
    tenantId,
    lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity })),
    { reference: `order:${orderId}`, actor },
    claim ? [claim.query] : [],
  );
  return claim ? claim.settle(codeRows ?? []) : null;
}
