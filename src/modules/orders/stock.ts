/**
 * Stock movements caused by orders: reserve at checkout, release on cancel or
 * expiry, consume on payment, restock on refund. Each movement goes through
 * the inventory module's `adjustStock`: ONE guarded UPDATE on the variant row
 * (PostgreSQL's row lock serialises racing writers and re-checks the guard
 * after waiting), one ledger row and one `stock.changed` outbox event, all in
 * the caller's transaction.
 *
 * INVARIANT (zero oversell): reserved is only ever increased by
 *   update variants set reserved = reserved + q where … and stock >= reserved + q
 * and the table's CHECKs (stock >= 0, reserved >= 0, reserved <= stock) back
 * it up even if application code were wrong. Variants are always locked in
 * ascending id order so concurrent multi-line checkouts cannot deadlock.
 */
import type { CompiledQuery } from 'kysely';
import { pipelinedStatements, type Trx } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import { adjustStock, stockAdjustment } from '../inventory/service.js';
import type { Actor } from './repository/rows.js';
import { settleHeldReservations } from './repository.js';

export type { Actor } from './repository/rows.js';

export interface StockLine {
  variantId: string;
  quantity: number;
}

/** Sums quantities per variant and sorts by variant id: the global lock order. */
export function lockOrder(lines: readonly StockLine[]): StockLine[] {
  const byVariant = new Map<string, number>();
  for (const l of lines) byVariant.set(l.variantId, (byVariant.get(l.variantId) ?? 0) + l.quantity);
  return [...byVariant.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([variantId, quantity]) => ({ variantId, quantity }));
}

/**
 * Reserves every line or throws 409 insufficient_stock (the caller's
 * transaction then rolls back, so nothing stays reserved). The guarded
 * UPDATEs go in ONE round trip, executed one after the other in variant-id
 * order (the lock order), and `behind` — statements that must come after the
 * variants in the lock order (checkout's discount claim) — right after them;
 * their rows are returned. A line that did not fit is reported once all ran;
 * a statement behind it changed nothing that survives the rollback.
 */
export async function reserveStock(
  trx: Trx,
  tenantId: string,
  lines: readonly StockLine[],
  opts: { reference: string; actor: Actor },
  behind: readonly CompiledQuery[] = [],
): Promise<unknown[][]> {
  const changes = lockOrder(lines).map((line) => ({
    line,
    change: stockAdjustment(trx, tenantId, {
      variantId: line.variantId,
      delta: 0,
      reservedDelta: line.quantity,
      reason: 'reservation',
      reference: opts.reference,
      actor: opts.actor,
    }),
  }));
  const rows = await pipelinedStatements(trx, [...changes.map((c) => c.change.query), ...behind]);
  for (const [i, { line, change }] of changes.entries()) {
    try {
      await change.settle(rows[i] ?? []);
    } catch (err) {
      if (err instanceof AppError && err.code === 'insufficient_stock') {
        throw new AppError('insufficient_stock', 'Not enough stock for an item in the cart', {
          issues: [{ path: `variants.${line.variantId}`, message: 'Not enough stock' }],
        });
      }
      throw err;
    }
  }
  return rows.slice(changes.length);
}

/**
 * Moves the order's held reservations to `to`: 'released' gives the units
 * back to available stock; 'consumed' turns them into a sale (stock and
 * reserved both drop). Only rows still 'held' move, so calling it twice is a
 * no-op the second time.
 */
export async function settleReservations(
  trx: Trx,
  tenantId: string,
  orderId: string,
  to: 'released' | 'consumed',
  opts: { reference: string; actor: Actor },
): Promise<StockLine[]> {
  const held = await settleHeldReservations(trx, tenantId, orderId, to);
  const lines = lockOrder(held.map((h) => ({ variantId: h.variant_id, quantity: h.quantity })));
  for (const line of lines) {
    await adjustStock(trx, tenantId, {
      variantId: line.variantId,
      delta: to === 'consumed' ? -line.quantity : 0,
      reservedDelta: -line.quantity,
      reason: to === 'consumed' ? 'sale' : 'reservation_release',
      reference: opts.reference,
      actor: opts.actor,
    });
  }
  return lines;
}

/** Puts sold units back on the shelf (refund with restock). */
export async function restockLines(
  trx: Trx,
  tenantId: string,
  lines: readonly StockLine[],
  opts: { reference: string; actor: Actor },
): Promise<void> {
  for (const line of lockOrder(lines)) {
    await adjustStock(trx, tenantId, {
      variantId: line.variantId,
      delta: line.quantity,
      reason: 'return',
      reference: opts.reference,
      actor: opts.actor,
    });
  }
}
