/**
 * Admin product list (SQL and row mapping): every status, filters by status, category (with its
 * subcategories) and `q` (title contains, or a SKU contains; LIKE
 * metacharacters escaped), newest first with a stable cursor.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { ProductStatus } from '../../../lib/db/tables/commerce.js';
import { decodeCursor, encodeCursor, TIMESTAMP_KEY } from '../cursor.js';
import { escapeLike } from '../search-text.js';
import { categorySubtree } from './categories.js';

export interface AdminProductSummary {
  id: string;
  handle: string;
  title: string;
  status: ProductStatus;
  category: { handle: string; name: string } | null;
  tags: string[];
  minPrice: number;
  maxPrice: number;
  inStock: boolean;
  variantCount: number;
  totalStock: number;
  createdAt: string;
  updatedAt: string;
}

export interface AdminProductQuery {
  status?: ProductStatus;
  category?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

/**
 * The WHERE of the admin product lists (`p` = products): this store, status,
 * category subtree, and `q` (title, handle or a SKU contains it; LIKE
 * metacharacters escaped). Shared by the API's cursor list and the page's table.
 */
export function adminProductFilter(
  tenantId: string,
  f: { status?: ProductStatus | undefined; categoryIds?: string[] | undefined; q?: string | undefined },
) {
  const q = f.q?.trim();
  const like = q ? `%${escapeLike(q)}%` : undefined;
  return sql<boolean>`p.tenant_id = ${tenantId}
       and ${f.status ? sql`p.status = ${f.status}` : sql`true`}
       and ${f.categoryIds ? sql`p.category_id = any(${f.categoryIds}::uuid[])` : sql`true`}
       and ${
         like
           ? sql`(p.title ilike ${like} escape '\\' or p.handle::text ilike ${like} escape '\\' or exists (
                 select 1 from variants v where v.tenant_id = p.tenant_id and v.product_id = p.id
                    and v.sku ilike ${like} escape '\\'))`
           : sql`true`
       }`;
}

export async function listAdminProducts(
  trx: Trx,
  tenantId: string,
  query: AdminProductQuery,
): Promise<{ items: AdminProductSummary[]; nextCursor: string | null }> {
  const cursor = query.cursor ? decodeCursor(query.cursor, 'admin_newest', TIMESTAMP_KEY) : undefined;
  const categoryIds = query.category ? await categorySubtree(trx, tenantId, query.category) : undefined;
  const { rows } = await sql<{
    id: string;
    handle: string;
    title: string;
    status: ProductStatus;
    tags: string[];
    min_price: number;
    max_price: number;
    in_stock: boolean;
    created_key: string;
    created_at: Date;
    updated_at: Date;
    category_handle: string | null;
    category_name: string | null;
    variant_count: number;
    total_stock: number;
  }>`
    select p.id, p.handle::text as handle, p.title, p.status, p.tags, p.min_price, p.max_price, p.in_stock,
           p.created_at::text as created_key, p.created_at, p.updated_at,
           c.handle::text as category_handle, c.name as category_name,
           (select count(*)::int from variants v where v.tenant_id = p.tenant_id and v.product_id = p.id) as variant_count,
           (select coalesce(sum(v.stock), 0)::int from variants v where v.tenant_id = p.tenant_id and v.product_id = p.id) as total_stock
      from products p
      left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
     where ${adminProductFilter(tenantId, { status: query.status, categoryIds, q: query.q })}
       and ${
         cursor
           ? sql`(p.created_at < ${cursor.k}::timestamptz or (p.created_at = ${cursor.k}::timestamptz and p.id > ${cursor.id}::uuid))`
           : sql`true`
       }
     order by p.created_at desc, p.id asc
     limit ${query.limit + 1}`.execute(trx);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      handle: r.handle,
      title: r.title,
      status: r.status,
      category:
        r.category_handle && r.category_name ? { handle: r.category_handle, name: r.category_name } : null,
      tags: r.tags,
      minPrice: r.min_price,
      maxPrice: r.max_price,
      inStock: r.in_stock,
      variantCount: r.variant_count,
      totalStock: r.total_stock,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ s: 'admin_newest', k: last.created_key, id: last.id })
        : null,
  };
}
