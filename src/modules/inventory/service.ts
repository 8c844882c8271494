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
import type { CompiledQuery } from 'kysely';
import { type Db, isUuid, pipelinedStatements, type Trx, withTenant } from '../../lib/db/index.js';
import type { AdjustmentReason } from '../../lib/db/tables/commerce.js';
import { AppError, notFound } from '../../lib/errors.js';
import * as repo from './repository.js';
import { type AdjustedRow, STOCK_CHANGED_TOPIC } from './repository.js';

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

export { STOCK_CHANGED_TOPIC };

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
  const change = stockAdjustment(trx, tenantId, input);
  const [rows] = await pipelinedStatements(trx, [change.query]);
  return change.settle(rows ?? []);
}

/**
 * adjustStock as a statement to send with others in one round trip
 * (pipelinedStatements; checkout's reservations): the input is checked now,
 * `settle` takes the statement's rows and returns the level or throws what
 * adjustStock throws (404 unknown variant, 409 insufficient_stock).
 */
export function stockAdjustment(
  trx: Trx,
  tenantId: string,
  input: AdjustStockInput,
): { query: CompiledQuery; settle: (rows: readonly unknown[]) => Promise<InventoryLevel> } {
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
  return {
    query: repo.compileAdjustVariantStock(trx, { tenantId, input: { ...input, delta, reservedDelta } }),
    settle: async (rows) => {
      const row = rows[0] as AdjustedRow | undefined;
      if (!row) {
        if (!(await repo.variantExists(trx, tenantId, input.variantId))) throw notFound('Variant');
        throw new AppError('insufficient_stock', 'Not enough stock for this change');
      }
      return toLevel(row);
    },
  };
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

/** A staff member's adjustment (adjustStock in its own transaction). */
export function recordStockAdjustment(
  db: Db,
  tenantId: string,
  input: AdjustStockInput,
): Promise<InventoryLevel> {
  return withTenant(db, tenantId, (trx) => adjustStock(trx, tenantId, input));
}

/** Current level of one variant; unknown/foreign → 404. */
export function getInventoryLevel(db: Db, tenantId: string, variantId: string): Promise<InventoryLevel> {
  return withTenant(db, tenantId, (trx) => readInventoryLevel(trx, tenantId, variantId));
}

async function readInventoryLevel(trx: Trx, tenantId: string, variantId: string): Promise<InventoryLevel> {
  if (!isUuid(variantId)) throw notFound('Variant');
  const row = await repo.findVariantLevel(trx, tenantId, variantId);
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
export function listAdjustments(
  db: Db,
  tenantId: string,
  variantId: string,
  opts: { limit: number; before?: number },
): Promise<{ items: LedgerEntry[]; hasMore: boolean }> {
  return withTenant(db, tenantId, async (trx) => {
    await readInventoryLevel(trx, tenantId, variantId);
    return toLedgerPage(await repo.listLedgerRows(trx, tenantId, variantId, opts), opts.limit);
  });
}

function toLedgerPage(rows: repo.LedgerRow[], limit: number): { items: LedgerEntry[]; hasMore: boolean } {
  return {
    hasMore: rows.length > limit,
    items: rows.slice(0, limit).map((r) => ({
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
