/**
 * The admin inventory pages' services: the stock table, a merchant's
 * adjustment with a reason (through the ledger, adjustStock) and the inline
 * threshold edit — both audited in the same transaction.
 */
import { type Db, isUuid, withTenant } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import { recordAudit } from '../audit/service.js';
import {
  listStockRows,
  type StockFilter,
  type StockRow,
  type StockSort,
  setVariantThreshold,
} from './repository/levels.js';
import { type AdjustmentReason, adjustStock, type InventoryLevel, type StockActor } from './service.js';

export type { StockFilter, StockRow, StockSort };

/** Reasons a merchant can pick (sale/reservation movements are the system's). */
export const MERCHANT_REASONS = [
  'restock',
  'correction',
  'return',
] as const satisfies readonly AdjustmentReason[];

export function listStockTable(
  db: Db,
  tenantId: string,
  q: {
    q?: string;
    filter: StockFilter;
    sort: StockSort;
    dir: 'asc' | 'desc';
    page: number;
    pageSize: number;
  },
): Promise<{ rows: StockRow[]; total: number }> {
  return withTenant(db, tenantId, (trx) =>
    listStockRows(trx, tenantId, { ...q, offset: (q.page - 1) * q.pageSize, limit: q.pageSize }),
  );
}

/** The variants at or below their threshold, fewest available first (dashboard). */
export async function listLowStock(db: Db, tenantId: string, limit: number): Promise<StockRow[]> {
  const { rows } = await withTenant(db, tenantId, (trx) =>
    listStockRows(trx, tenantId, { filter: 'low', sort: 'available', dir: 'asc', offset: 0, limit }),
  );
  return rows;
}

export function adjustStockByMerchant(
  db: Db,
  tenantId: string,
  input: { variantId: string; delta: number; reason: (typeof MERCHANT_REASONS)[number]; note?: string },
  actor: StockActor,
): Promise<InventoryLevel> {
  return withTenant(db, tenantId, async (trx) => {
    const level = await adjustStock(trx, tenantId, { ...input, note: input.note || null, actor });
    await recordAudit(trx, tenantId, {
      actorType: actor.type,
      actorId: actor.id ?? null,
      action: 'inventory.adjusted',
      targetType: 'variant',
      targetId: input.variantId,
      data: { sku: level.sku, delta: input.delta, reason: input.reason, stockAfter: level.stock },
    });
    return level;
  });
}

export function setLowStockThreshold(
  db: Db,
  tenantId: string,
  variantId: string,
  threshold: number,
  actor: StockActor,
): Promise<void> {
  if (!isUuid(variantId)) throw notFound('Variant');
  return withTenant(db, tenantId, async (trx) => {
    const before = await setVariantThreshold(trx, tenantId, variantId, threshold);
    if (before === undefined) throw notFound('Variant');
    await recordAudit(trx, tenantId, {
      actorType: actor.type,
      actorId: actor.id ?? null,
      action: 'inventory.threshold_changed',
      targetType: 'variant',
      targetId: variantId,
      data: { before, after: threshold },
    });
  });
}
