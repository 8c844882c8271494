/**
 * The catalog's one data door: all SQL for products, variants, images and
 * categories is here and in ./repository/* (re-exported below). This file:
 * reads shared by the admin and store surfaces (product detail, category
 * lookups). Every query names the tenant explicitly (RLS is the
 * backstop, not the filter). Money columns are integer minor units.
 */
import { sql } from 'kysely';
import { isUuid, type Trx } from '../../lib/db/index.js';
import type { ProductOption, ProductStatus } from '../../lib/db/tables/commerce.js';

export * from './repository/admin-list.js';
export * from './repository/admin-table.js';
export * from './repository/categories.js';
export * from './repository/csv-export.js';
export * from './repository/products.js';
export * from './repository/store-search.js';
export * from './repository/store-search-suggest.js';

export interface CategoryRef {
  id: string;
  handle: string;
  name: string;
}

export interface ProductImage {
  id: string;
  url: string;
  alt: string;
  position: number;
}

export interface VariantDetail {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  price: number;
  compareAtPrice: number | null;
  cost: number | null;
  stock: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  position: number;
}

export interface ProductDetail {
  id: string;
  handle: string;
  title: string;
  description: string;
  seoTitle: string | null;
  seoDescription: string | null;
  status: ProductStatus;
  category: CategoryRef | null;
  tags: string[];
  options: ProductOption[];
  images: ProductImage[];
  variants: VariantDetail[];
  minPrice: number;
  maxPrice: number;
  inStock: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Finds a category by handle or id; undefined when it does not exist in this store. */
export async function findCategoryByRef(
  trx: Trx,
  tenantId: string,
  ref: string,
): Promise<CategoryRef | undefined> {
  let q = trx.selectFrom('categories').select(['id', 'handle', 'name']).where('tenant_id', '=', tenantId);
  q = isUuid(ref)
    ? q.where((eb) => eb.or([eb('id', '=', ref), eb('handle', '=', ref)]))
    : q.where('handle', '=', ref);
  return q.executeTakeFirst();
}

interface ProductDetailRow {
  id: string;
  handle: string;
  title: string;
  description: string;
  seo_title: string | null;
  seo_description: string | null;
  status: ProductStatus;
  tags: string[];
  options: ProductOption[];
  min_price: number;
  max_price: number;
  in_stock: boolean;
  created_at: Date;
  updated_at: Date;
  category_id: string | null;
  category_handle: string | null;
  category_name: string | null;
  images: ProductImage[];
  variants: {
    id: string;
    sku: string;
    title: string;
    options: Record<string, string>;
    price: number;
    compare_at_price: number | null;
    cost: number | null;
    stock: number;
    reserved: number;
    low_stock_threshold: number;
    position: number;
  }[];
}

const toIso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/**
 * Loads a product with its category, images and variants in ONE statement
 * (images and variants aggregated as JSON). `by` is an id or a handle.
 */
export async function findProductDetail(
  trx: Trx,
  tenantId: string,
  by: { id: string } | { handle: string } | { idOrHandle: string },
): Promise<ProductDetail | undefined> {
  const query = productDetailQuery(tenantId, by);
  return query ? productDetailOf((await query.execute(trx)).rows) : undefined;
}

/**
 * findProductDetail's statement (undefined: `by` names no product — an id that is no uuid), for a caller
 * that sends it with other statements in one round trip; its rows map with `productDetailOf`.
 */
export function productDetailQuery(
  tenantId: string,
  by: { id: string } | { handle: string } | { idOrHandle: string },
) {
  if ('id' in by && !isUuid(by.id)) return undefined;
  // idOrHandle: one statement; a product whose id matches wins over one whose handle does.
  const where =
    'id' in by
      ? sql`p.id = ${by.id}::uuid`
      : 'handle' in by
        ? sql`p.handle = ${by.handle}::citext`
        : isUuid(by.idOrHandle)
          ? sql`(p.id = ${by.idOrHandle}::uuid or p.handle = ${by.idOrHandle}::citext)`
          : sql`p.handle = ${by.idOrHandle}::citext`;
  const preferId =
    'idOrHandle' in by && isUuid(by.idOrHandle)
      ? sql`order by p.id = ${by.idOrHandle}::uuid desc limit 1`
      : sql``;
  return sql<ProductDetailRow>`
    select p.id, p.handle::text as handle, p.title, p.description, p.seo_title, p.seo_description, p.status, p.tags, p.options,
           p.min_price, p.max_price, p.in_stock, p.created_at, p.updated_at,
           c.id as category_id, c.handle::text as category_handle, c.name as category_name,
           coalesce((
             select json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position)
                             order by i.position, i.id)
               from product_images i where i.tenant_id = p.tenant_id and i.product_id = p.id
           ), '[]'::json) as images,
           coalesce((
             select json_agg(json_build_object(
                      'id', v.id, 'sku', v.sku, 'title', v.title, 'options', v.options, 'price', v.price,
                      'compare_at_price', v.compare_at_price, 'cost', v.cost, 'stock', v.stock,
                      'reserved', v.reserved, 'low_stock_threshold', v.low_stock_threshold, 'position', v.position)
                    order by v.position, v.created_at, v.id)
               from variants v where v.tenant_id = p.tenant_id and v.product_id = p.id
           ), '[]'::json) as variants
      from products p
      left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
     where p.tenant_id = ${tenantId} and ${where}
     ${preferId}`;
}

/** productDetailQuery's rows → the product, or undefined when none matched. */
export function productDetailOf(rows: readonly unknown[]): ProductDetail | undefined {
  const p = rows[0] as ProductDetailRow | undefined;
  return p ? toProductDetail(p) : undefined;
}

/** The detail statement's row → ProductDetail (available = stock − reserved). */
function toProductDetail(p: ProductDetailRow): ProductDetail {
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
    seoTitle: p.seo_title,
    seoDescription: p.seo_description,
    status: p.status,
    category:
      p.category_id && p.category_handle && p.category_name
        ? { id: p.category_id, handle: p.category_handle, name: p.category_name }
        : null,
    tags: p.tags,
    options: p.options,
    images: p.images,
    variants: p.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      options: v.options,
      price: v.price,
      compareAtPrice: v.compare_at_price,
      cost: v.cost,
      stock: v.stock,
      reserved: v.reserved,
      available: v.stock - v.reserved,
      lowStockThreshold: v.low_stock_threshold,
      position: v.position,
    })),
    minPrice: p.min_price,
    maxPrice: p.max_price,
    inStock: p.in_stock,
    createdAt: toIso(p.created_at),
    updatedAt: toIso(p.updated_at),
  };
}

/** SKUs among `skus` already used in this store. */
export async function findTakenSkus(trx: Trx, tenantId: string, skus: string[]): Promise<string[]> {
  if (skus.length === 0) return [];
  const rows = await trx
    .selectFrom('variants')
    .select('sku')
    .where('tenant_id', '=', tenantId)
    .where('sku', 'in', skus)
    .execute();
  return rows.map((r) => r.sku);
}

/** PostgreSQL unique violation on a given constraint. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown };
  return e.code === '23505' && e.constraint === constraint;
}
