/**
 * Stock levels for the admin inventory page and the dashboard (SQL): one row
 * per variant with its product, on hand, reserved, available and threshold;
 * search (product title, variant title, SKU), a low/out filter, sortable,
 * offset pages. And the threshold edit of the inline form.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { ProductStatus } from '../../../lib/db/tables/commerce.js';

export type StockFilter = 'all' | 'low' | 'out';
export type StockSort = 'product' | 'sku' | 'available' | 'threshold';

export interface StockRow {
  variantId: string;
  productId: string;
  productTitle: string;
  productStatus: ProductStatus;
  variantTitle: string;
  sku: string;
  stock: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
}

const ORDER: Record<StockSort, string> = {
  product: 'lower(p.title), v.position',
  sku: 'v.sku',
  available: '(v.stock - v.reserved)',
  threshold: 'v.low_stock_threshold',
};

export async function listStockRows(
  trx: Trx,
  tenantId: string,
  q: { q?: string; filter: StockFilter; sort: StockSort; dir: 'asc' | 'desc'; offset: number; limit: number },
): Promise<{ rows: StockRow[]; total: number }> {
  const like = q.q?.trim() ? `%${q.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%` : undefined;
  const where = sql<boolean>`v.tenant_id = ${tenantId} and p.status <> 'archived'
    and ${
      q.filter === 'low'
        ? sql`v.stock - v.reserved <= v.low_stock_threshold`
        : q.filter === 'out'
          ? sql`v.stock - v.reserved <= 0`
          : sql`true`
    }
    and ${
      like
        ? sql`(p.title ilike ${like} or v.title ilike ${like} or v.sku ilike ${like} or p.handle::text ilike ${like})`
        : sql`true`
    }`;
  // ORDER is a closed map: never request text.
  const order = sql.raw(`${ORDER[q.sort]} ${q.dir === 'desc' ? 'desc' : 'asc'}, v.id`);
  const { rows } = await sql<{
    id: string;
    product_id: string;
    product_title: string;
    product_status: ProductStatus;
    title: string;
    sku: string;
    stock: number;
    reserved: number;
    low_stock_threshold: number;
  }>`
    select v.id, v.product_id, p.title as product_title, p.status as product_status, v.title, v.sku,
           v.stock, v.reserved, v.low_stock_threshold
      from variants v join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
     where ${where}
     order by ${order}
     limit ${q.limit} offset ${q.offset}`.execute(trx);
  const count = await sql<{ n: number }>`
    select count(*)::int as n from variants v join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
     where ${where}`.execute(trx);
  return {
    total: count.rows[0]?.n ?? 0,
    rows: rows.map((r) => ({
      variantId: r.id,
      productId: r.product_id,
      productTitle: r.product_title,
      productStatus: r.product_status,
      variantTitle: r.title,
      sku: r.sku,
      stock: r.stock,
      reserved: r.reserved,
      available: r.stock - r.reserved,
      lowStockThreshold: r.low_stock_threshold,
    })),
  };
}

/** Sets a variant's low-stock threshold; returns the old value (undefined: no such variant). */
export async function setVariantThreshold(
  trx: Trx,
  tenantId: string,
  variantId: string,
  threshold: number,
): Promise<number | undefined> {
  const before = await trx
    .selectFrom('variants')
    .select('low_stock_threshold')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', variantId)
    .forUpdate()
    .executeTakeFirst();
  if (!before) return undefined;
  await trx
    .updateTable('variants')
    .set({ low_stock_threshold: threshold, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', variantId)
    .execute();
  return before.low_stock_threshold;
}
