/**
 * Shopper-facing catalog reads, each opening its own tenant transaction: the
 * product listing and search, one active product by id or handle, and the
 * category tree. The JSON API and the storefront pages both call these (one
 * door per read). Drafts and archived products do not exist for shoppers
 * (404). Costs and exact reservations are never exposed here.
 */
import { type Db, type Trx, withTenant, withTenantStatement } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import {
  closestActiveTitle,
  listCategoryRowsWithCounts,
  type ProductDetail,
  productDetailOf,
  productDetailQuery,
  selectStoreProductPage,
} from './repository.js';
import type { StoreProductPage, StoreProductQuery } from './store-types.js';

export type {
  PriceBand,
  StoreFacets,
  StoreProductCard,
  StoreProductPage,
  StoreProductQuery,
  StoreSort,
} from './store-types.js';

/** The store whose catalog is read: its id and the currency prices are shown in. */
export interface StoreRef {
  id: string;
  currency: string;
}

/** One page of active products (and facets unless `facets` is false): one statement, one round trip. */
export function searchStoreProducts(
  db: Db,
  store: StoreRef,
  query: StoreProductQuery,
): Promise<StoreProductPage> {
  return withTenantStatement(db, store.id, (trx) =>
    selectStoreProductPage(trx, store.id, store.currency, query),
  );
}

/** "Did you mean": the active product title nearest a query that found nothing, if any is near. */
export function suggestSearch(db: Db, storeId: string, q: string): Promise<string | null> {
  return withTenantStatement(db, storeId, (trx) => closestActiveTitle(trx, storeId, q));
}

/** One active product by id or handle (404 otherwise): one statement, one round trip. */
export async function getStoreProduct(db: Db, store: StoreRef, idOrHandle: string): Promise<StoreProduct> {
  const read = storeProductRead(store, idOrHandle);
  if (!read.query) return read.product([]);
  const query = read.query;
  const { rows } = await withTenantStatement(db, store.id, (trx) => query.execute(trx));
  return read.product(rows);
}

/**
 * getStoreProduct as a statement and its mapping, for a flow that sends the statement with other
 * modules' in ONE round trip (the product page's first view): `query` is null when the reference cannot
 * name a product; `product` maps the rows, throwing the 404 for a missing or inactive product.
 */
export function storeProductRead(
  store: StoreRef,
  idOrHandle: string,
): { query: ReturnType<typeof productDetailQuery> | null; product(rows: readonly unknown[]): StoreProduct } {
  const ref = idOrHandle.trim();
  const query =
    ref.length > 0 && ref.length <= 100 ? productDetailQuery(store.id, { idOrHandle: ref }) : null;
  return { query: query ?? null, product: (rows) => toStoreProduct(productDetailOf(rows), store.currency) };
}

/** The store's categories as a tree; counts of active products unless `activeOnlyCounts` is false. */
export function getCategoryTree(db: Db, tenantId: string, activeOnlyCounts = true): Promise<CategoryNode[]> {
  return withTenant(db, tenantId, (trx) => readCategoryTree(trx, tenantId, activeOnlyCounts));
}

export interface StoreVariant {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  price: number;
  compareAtPrice: number | null;
  currency: string;
  inStock: boolean;
  available: number;
}

export interface StoreProduct {
  id: string;
  handle: string;
  title: string;
  description: string;
  /** The merchant's <title> / meta description for the product page (null: derive them). */
  seoTitle: string | null;
  seoDescription: string | null;
  price: number;
  currency: string;
  inStock: boolean;
  tags: string[];
  images: { url: string; alt: string }[];
  options: { name: string; values: string[] }[];
  variants: StoreVariant[];
  category: { handle: string; name: string } | null;
}

function toStoreProduct(p: ProductDetail | undefined, currency: string): StoreProduct {
  if (p?.status !== 'active') throw notFound('Product');
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
    seoTitle: p.seoTitle,
    seoDescription: p.seoDescription,
    price: p.minPrice,
    currency,
    inStock: p.inStock,
    tags: p.tags,
    images: p.images.map((i) => ({ url: i.url, alt: i.alt })),
    options: p.options,
    variants: p.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      options: v.options,
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      currency,
      inStock: v.available > 0,
      available: v.available,
    })),
    category: p.category ? { handle: p.category.handle, name: p.category.name } : null,
  };
}

// A type alias (not an interface) so it is assignable to Hono's JSON types.
export type CategoryNode = {
  id: string;
  handle: string;
  name: string;
  description: string | null;
  position: number;
  /** Active products directly in this category. */
  productCount: number;
  children: CategoryNode[];
};

/** The category tree in the caller's transaction (siblings in position, then name, order). */
export async function readCategoryTree(
  trx: Trx,
  tenantId: string,
  activeOnlyCounts = true,
): Promise<CategoryNode[]> {
  const rows = await listCategoryRowsWithCounts(trx, tenantId, activeOnlyCounts);
  const nodes = new Map<string, CategoryNode>();
  for (const r of rows) {
    nodes.set(r.id, {
      id: r.id,
      handle: r.handle,
      name: r.name,
      description: r.description,
      position: r.position,
      productCount: r.product_count,
      children: [],
    });
  }
  const roots: CategoryNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
