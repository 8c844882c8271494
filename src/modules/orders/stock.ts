/**
 * Stock movements caused by orders: reserve at checkout, release on cancel or
 * expiry, consume on payment, restock on refund. Each movement is ONE guarded
 * UPDATE on the variant row (so PostgreSQL's row lock serialises racing
 * writers and re-checks the guard after waiting), one inventory ledger row
 * and one `stock.changed` outbox event, all in the caller's transaction.
 *
 * INVARIANT (zero oversell): reserved is only ever increased by
 *   update variants set reserved = reserved + q where … and stock - reserved >= q
 * and the table's CHECKs (stock >= 0, reserved >= 0, reserved <= stock) back
 * it up even if application code were wrong. Variants are always locked in
 * ascending id order so concurrent multi-line checkouts cannot deadlock.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { AdjustmentReason } from '../../lib/db/tables/commerce.js';
import { AppError } from '../../lib/errors.js';
import { enqueueOutbox } from '../../lib/outbox.js';

export interface Actor {
  type: 'user' | 'customer' | 'system';
  id: string | null;
}

export interface StockLine {
  variantId: string;
  quantity: number;
}

interface Movement {
  variantId: string;
  stockDelta: number;
  reservedDelta: number;
  reason: AdjustmentReason;
  reference: string;
  actor: Actor;
}

/** Sums quantities per variant and sorts by variant id: the global lock order. */
export function lockOrder(lines: readonly StockLine[]): StockLine[] {
  const byVariant = new Map<string, number>();
  for (const l of lines) byVariant.set(l.variantId, (byVariant.get(l.variantId) ?? 0) + l.quantity);
  return [...byVariant.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([variantId, quantity]) => ({ variantId, quantity }));
}

async function record(
  trx: Trx,
  tenantId: string,
  m: Movement,
  after: { stock: number; reserved: number },
): Promise<void> {
  await trx
    .insertInto('inventory_adjustments')
    .values({
      tenant_id: tenantId,
      variant_id: m.variantId,
      delta: m.stockDelta,
      reserved_delta: m.reservedDelta,
      reason: m.reason,
      actor_type: m.actor.type,
      actor_id: m.actor.id,
      reference: m.reference,
      stock_after: after.stock,
      reserved_after: after.reserved,
    })
    .execute();
  await enqueueOutbox(trx, tenantId, {
    topic: 'stock.changed',
    payload: {
      variantId: m.variantId,
      stock: after.stock,
      reserved: after.reserved,
      available: after.stock - after.reserved,
      delta: m.stockDelta,
      reservedDelta: m.reservedDelta,
      reason: m.reason,
      reference: m.reference,
    },
  });
}

/**
 * Reserves every line or throws 409 insufficient_stock (the caller's
 * transaction then rolls back, so nothing stays reserved).
 */
export async function reserveStock(
  trx: Trx,
  tenantId: string,
  lines: readonly StockLine[],
  opts: { reference: string; actor: Actor },
): Promise<void> {
  for (const line of lockOrder(lines)) {
    const row = await trx
      .updateTable('variants')
      .set({ reserved: sql`reserved + ${line.quantity}`, updated_at: sql`now()` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', line.variantId)
      .where(sql<boolean>`stock - reserved >= ${line.quantity}`)
      .returning(['stock', 'reserved'])
      .executeTakeFirst();
    if (!row) {
      throw new AppError('insufficient_stock', 'Not enough stock for an item in the cart', {
        issues: [{ path: `variants.${line.variantId}`, message: 'Not enough stock' }],
      });
    }
    await record(
      trx,
      tenantId,
      {
        variantId: line.variantId,
        stockDelta: 0,
        reservedDelta: line.quantity,
        reason: 'reservation',
        reference: opts.reference,
        actor: opts.actor,
      },
      row,
    );
  }
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
  const held = await trx
    .updateTable('reservations')
    .set({ status: to })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'held')
    .returning(['variant_id', 'quantity'])
    .execute();
  const lines = lockOrder(held.map((h) => ({ variantId: h.variant_id, quantity: h.quantity })));
  for (const line of lines) {
    const stockDelta = to === 'consumed' ? -line.quantity : 0;
    const row = await trx
      .updateTable('variants')
      .set({
        stock: sql`stock + ${stockDelta}`,
        reserved: sql`reserved - ${line.quantity}`,
        updated_at: sql`now()`,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', line.variantId)
      .returning(['stock', 'reserved'])
      .executeTakeFirst();
    if (!row) continue; // variant deleted since: nothing left to release
    await record(
      trx,
      tenantId,
      {
        variantId: line.variantId,
        stockDelta,
        reservedDelta: -line.quantity,
        reason: to === 'consumed' ? 'sale' : 'reservation_release',
        reference: opts.reference,
        actor: opts.actor,
      },
      row,
    );
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
    const row = await trx
      .updateTable('variants')
      .set({ stock: sql`stock + ${line.quantity}`, updated_at: sql`now()` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', line.variantId)
      .returning(['stock', 'reserved'])
      .executeTakeFirst();
    if (!row) continue;
    await record(
      trx,
      tenantId,
      {
        variantId: line.variantId,
        stockDelta: line.quantity,
        reservedDelta: 0,
        reason: 'return',
        reference: opts.reference,
        actor: opts.actor,
      },
      row,
    );
  }
}
