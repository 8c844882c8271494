/**
 * Catalog reads shared by the admin and store surfaces: product detail,
 * category lookups. Every query names the tenant explicitly (RLS is the
 * backstop, not the filter). Money columns are integer minor units.
 */
import { isUuid, type Trx } from '../../lib/db/index.js';
import type { ProductOption, ProductStatus } from '../../lib/db/tables/commerce.js';

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

const toIso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** Loads a product with its category, images and variants. `by` is an id or a handle. */
export async function findProductDetail(
  trx: Trx,
  tenantId: string,
  by: { id: string } | { handle: string },
): Promise<ProductDetail | undefined> {
  let q = trx
    .selectFrom('products as p')
    .leftJoin('categories as c', (j) =>
      j.onRef('c.tenant_id', '=', 'p.tenant_id').onRef('c.id', '=', 'p.category_id'),
    )
    .select([
      'p.id',
      'p.handle',
      'p.title',
      'p.description',
      'p.status',
      'p.tags',
      'p.options',
      'p.min_price',
      'p.max_price',
      'p.in_stock',
      'p.created_at',
      'p.updated_at',
      'c.id as category_id',
      'c.handle as category_handle',
      'c.name as category_name',
    ])
    .where('p.tenant_id', '=', tenantId);
  if ('id' in by) {
    if (!isUuid(by.id)) return undefined;
    q = q.where('p.id', '=', by.id);
  } else {
    q = q.where('p.handle', '=', by.handle);
  }
  const p = await q.executeTakeFirst();
  if (!p) return undefined;
  const [images, variants] = await Promise.all([
    trx
      .selectFrom('product_images')
      .select(['id', 'url', 'alt', 'position'])
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', p.id)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    trx
      .selectFrom('variants')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', p.id)
      .orderBy('position')
      .orderBy('created_at')
      .execute(),
  ]);
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
    status: p.status,
    category:
      p.category_id && p.category_handle && p.category_name
        ? { id: p.category_id, handle: p.category_handle, name: p.category_name }
        : null,
    tags: p.tags,
    options: p.options,
    images,
    variants: variants.map((v) => ({
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
