/**
 * The admin products PAGE's table (SQL): the same filters as the API list
 * (adminProductFilter), sortable by title, price, stock or last update, with
 * offset pages and a total, plus each product's first image and how many of
 * its variants are at or below their low-stock threshold. Also the bulk
 * status change the list's checkboxes send.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { ProductStatus } from '../../../lib/db/tables/commerce.js';
import { adminProductFilter } from './admin-list.js';

export type AdminProductSort = 'title' | 'price' | 'stock' | 'updated' | 'created';

export interface AdminProductRow {
  id: string;
  handle: string;
  title: string;
  status: ProductStatus;
  categoryName: string | null;
  imageUrl: string | null;
  minPrice: number;
  maxPrice: number;
  variantCount: number;
  totalStock: number;
  available: number;
  lowVariants: number;
  updatedAt: string;
}

export interface AdminProductPageQuery {
  q?: string;
  status?: ProductStatus;
  categoryIds?: string[];
  sort: AdminProductSort;
  dir: 'asc' | 'desc';
  offset: number;
  limit: number;
}

const ORDER: Record<AdminProductSort, string> = {
  title: 'lower(p.title)',
  price: 'p.min_price',
  stock: 'total_stock',
  updated: 'p.updated_at',
  created: 'p.created_at',
};

export async function listAdminProductRows(
  trx: Trx,
  tenantId: string,
  query: AdminProductPageQuery,
): Promise<{ rows: AdminProductRow[]; total: number }> {
  const where = adminProductFilter(tenantId, query);
  // ORDER is a closed map of column expressions: never text from the request.
  const order = sql.raw(`${ORDER[query.sort]} ${query.dir === 'asc' ? 'asc' : 'desc'}, p.id asc`);
  const { rows } = await sql<{
    id: string;
    handle: string;
    title: string;
    status: ProductStatus;
    category_name: string | null;
    card_image_url: string | null;
    min_price: number;
    max_price: number;
    variant_count: number;
    total_stock: number;
    available: number;
    low_variants: number;
    updated_at: Date;
  }>`
    select p.id, p.handle::text as handle, p.title, p.status, c.name as category_name, p.card_image_url,
           p.min_price, p.max_price, p.updated_at, s.variant_count, s.total_stock, s.available, s.low_variants
      from products p
      left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
      cross join lateral (
        select count(*)::int as variant_count, coalesce(sum(v.stock), 0)::int as total_stock,
               coalesce(sum(v.stock - v.reserved), 0)::int as available,
               count(*) filter (where v.stock - v.reserved <= v.low_stock_threshold)::int as low_variants
          from variants v where v.tenant_id = p.tenant_id and v.product_id = p.id) s
     where ${where}
     order by ${order}
     limit ${query.limit} offset ${query.offset}`.execute(trx);
  const count = await sql<{ n: number }>`select count(*)::int as n from products p where ${where}`.execute(
    trx,
  );
  return {
    total: count.rows[0]?.n ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      handle: r.handle,
      title: r.title,
      status: r.status,
      categoryName: r.category_name,
      imageUrl: r.card_image_url,
      minPrice: r.min_price,
      maxPrice: r.max_price,
      variantCount: r.variant_count,
      totalStock: r.total_stock,
      available: r.available,
      lowVariants: r.low_variants,
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
  };
}

/** Sets `status` on the listed products of this store; returns the ids that changed. */
export async function setProductsStatus(
  trx: Trx,
  tenantId: string,
  ids: string[],
  status: ProductStatus,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .updateTable('products')
    .set({ status, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .where('status', '<>', status)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
