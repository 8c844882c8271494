/**
 * Inventory: stock, reserved and available per variant, and the ledger.
 *
 * Invariants (also enforced by CHECKs in 0002: stock >= 0, reserved >= 0,
 * reserved <= stock):
 *   - every change of `stock` or `reserved` goes through `adjustStock`, which
 *     is ONE guarded UPDATE (never read-modify-write) plus one ledger row with
 *     the values after the change, plus one `stock.changed` outbox event;
 *   - a change that would make stock negative, or leave less stock than is
 *     reserved, changes nothing and throws 409 insufficient_stock.
 *
 * Other modules (checkout reservations, order payment/cancel, purchase-order
 * receiving, workers) call `adjustStock` with `reservedDelta` as needed:
 *   reserve n       → { delta: 0,  reservedDelta: +n, reason: 'reservation' }
 *   release n       → { delta: 0,  reservedDelta: -n, reason: 'reservation_release' }
 *   sell reserved n → { delta: -n, reservedDelta: -n, reason: 'sale' }
 */
import { sql } from 'kysely';
import { isUuid, type Trx } from '../../lib/db/index.js';
import type { AdjustmentReason } from '../../lib/db/tables/commerce.js';
import { AppError, notFound } from '../../lib/errors.js';

export type { AdjustmentReason };

export interface StockActor {
  type: 'user' | 'customer' | 'system';
  id?: string | null;
}

export interface AdjustStockInput {
  variantId: string;
  /** Change of on-hand stock (may be 0 when only `reservedDelta` changes). */
  delta: number;
  /** Change of reserved units. Default 0. */
  reservedDelta?: number;
  reason: AdjustmentReason;
  actor: StockActor;
  note?: string | null;
  /** Free-form link to what caused it, e.g. `order:<id>`. */
  reference?: string | null;
}

export interface InventoryLevel {
  variantId: string;
  productId: string;
  sku: string;
  stock: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
}

export interface StockChangedPayload extends Record<string, unknown> {
  variantId: string;
  productId: string;
  sku: string;
  stock: number;
  reserved: number;
  available: number;
  threshold: number;
  /** Available before this change: lets consumers detect threshold crossings. */
  previousAvailable: number;
  reason: AdjustmentReason;
}

export const STOCK_CHANGED_TOPIC = 'stock.changed';

interface AdjustedRow {
  id: string;
  product_id: string;
  sku: string;
  stock: number;
  reserved: number;
  low_stock_threshold: number;
}

/**
 * Atomically changes a variant's stock and/or reservation, writes the ledger
 * row and the `stock.changed` event — all in the caller's transaction.
 * Unknown (or another tenant's) variant → 404; not enough stock → 409.
 */
export async function adjustStock(
  trx: Trx,
  tenantId: string,
  input: AdjustStockInput,
): Promise<InventoryLevel> {
  const delta = input.delta;
  const reservedDelta = input.reservedDelta ?? 0;
  if (!Number.isSafeInteger(delta) || !Number.isSafeInteger(reservedDelta)) {
    throw new AppError('validation_failed', 'Stock changes are whole numbers');
  }
  if (delta === 0 && reservedDelta === 0) {
    throw new AppError('validation_failed', 'A stock adjustment must change something');
  }
  if (!isUuid(input.variantId)) throw notFound('Variant');

  // The guard is the whole concurrency story: PostgreSQL re-evaluates the
  // WHERE on the latest row version after waiting for a concurrent writer, so
  // two racing decrements can never both pass on the same unit.
  const { rows } = await sql<AdjustedRow & { ledger_id: number }>`
    with u as (
      update variants
         set stock = stock + ${delta}::int,
             reserved = reserved + ${reservedDelta}::int,
             updated_at = now()
       where tenant_id = ${tenantId} and id = ${input.variantId}
         and stock + ${delta}::int >= 0
         and reserved + ${reservedDelta}::int >= 0
         and stock + ${delta}::int >= reserved + ${reservedDelta}::int
      returning id, product_id, sku, stock, reserved, low_stock_threshold
    ), l as (
      insert into inventory_adjustments
        (tenant_id, variant_id, delta, reserved_delta, reason, note, actor_type, actor_id, reference, stock_after, reserved_after)
      select ${tenantId}, u.id, ${delta}::int, ${reservedDelta}::int, ${input.reason}, ${input.note ?? null},
             ${input.actor.type}, ${input.actor.id ?? null}::uuid, ${input.reference ?? null}, u.stock, u.reserved
        from u
      returning id
    ), o as (
      -- The stock.changed event (same payload as StockChangedPayload) in the
      -- same statement: one round trip less while the variant row is locked.
      insert into outbox (tenant_id, topic, payload, available_at)
      select ${tenantId}, ${STOCK_CHANGED_TOPIC},
             jsonb_build_object(
               'variantId', u.id, 'productId', u.product_id, 'sku', u.sku,
               'stock', u.stock, 'reserved', u.reserved, 'available', u.stock - u.reserved,
               'threshold', u.low_stock_threshold,
               'previousAvailable', u.stock - u.reserved - (${delta}::int - ${reservedDelta}::int),
               'reason', ${input.reason}::text),
             now()
        from u
      returning id
    )
    select u.*, (select id from l) as ledger_id, (select id from o) as outbox_id from u`.execute(trx);

  const row = rows[0];
  if (!row) {
    const exists = await trx
      .selectFrom('variants')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', input.variantId)
      .executeTakeFirst();
    if (!exists) throw notFound('Variant');
    throw new AppError('insufficient_stock', 'Not enough stock for this change');
  }

  return toLevel(row);
}

function toLevel(row: AdjustedRow): InventoryLevel {
  return {
    variantId: row.id,
    productId: row.product_id,
    sku: row.sku,
    stock: row.stock,
    reserved: row.reserved,
    available: row.stock - row.reserved,
    lowStockThreshold: row.low_stock_threshold,
  };
}

/** Current level of one variant; unknown/foreign → 404. */
export async function getInventoryLevel(
  trx: Trx,
  tenantId: string,
  variantId: string,
): Promise<InventoryLevel> {
  if (!isUuid(variantId)) throw notFound('Variant');
  const row = await trx
    .selectFrom('variants')
    .select(['id', 'product_id', 'sku', 'stock', 'reserved', 'low_stock_threshold'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', variantId)
    .executeTakeFirst();
  if (!row) throw notFound('Variant');
  return toLevel(row);
}

export interface LedgerEntry {
  id: number;
  delta: number;
  reservedDelta: number;
  reason: AdjustmentReason;
  note: string | null;
  actor: { type: string; id: string | null };
  reference: string | null;
  stockAfter: number;
  reservedAfter: number;
  createdAt: string;
}

/** A variant's ledger, newest first; `before` = the last id of the previous page. */
export async function listAdjustments(
  trx: Trx,
  tenantId: string,
  variantId: string,
  opts: { limit: number; before?: number },
): Promise<{ items: LedgerEntry[]; hasMore: boolean }> {
  await getInventoryLevel(trx, tenantId, variantId);
  let q = trx
    .selectFrom('inventory_adjustments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('variant_id', '=', variantId);
  if (opts.before !== undefined) q = q.where('id', '<', opts.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(opts.limit + 1)
    .execute();
  return {
    hasMore: rows.length > opts.limit,
    items: rows.slice(0, opts.limit).map((r) => ({
      id: r.id,
      delta: r.delta,
      reservedDelta: r.reserved_delta,
      reason: r.reason,
      note: r.note,
      actor: { type: r.actor_type, id: r.actor_id },
      reference: r.reference,
      stockAfter: r.stock_after,
      reservedAfter: r.reserved_after,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}
