/**
 * Shopper-facing catalog reads: one active product by id or handle, and the
 * category tree. Drafts and archived products do not exist for shoppers (404).
 * Costs and exact reservations are never exposed here.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import { findProductDetail } from './repository.js';

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
  price: number;
  currency: string;
  inStock: boolean;
  tags: string[];
  images: { url: string; alt: string }[];
  options: { name: string; values: string[] }[];
  variants: StoreVariant[];
  category: { handle: string; name: string } | null;
}

export async function getStoreProduct(
  trx: Trx,
  tenantId: string,
  currency: string,
  idOrHandle: string,
): Promise<StoreProduct> {
  const ref = idOrHandle.trim();
  // One statement (the route runs it with withTenantStatement).
  const p =
    ref.length > 0 && ref.length <= 100
      ? await findProductDetail(trx, tenantId, { idOrHandle: ref })
      : undefined;
  if (p?.status !== 'active') throw notFound('Product');
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
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

/** The store's categories as a tree (siblings in position, then name, order). */
export async function getCategoryTree(
  trx: Trx,
  tenantId: string,
  activeOnlyCounts = true,
): Promise<CategoryNode[]> {
  const { rows } = await sql<{
    id: string;
    parent_id: string | null;
    handle: string;
    name: string;
    description: string | null;
    position: number;
    product_count: number;
  }>`
    select c.id, c.parent_id, c.handle::text as handle, c.name, c.description, c.position,
           coalesce(n.count, 0)::int as product_count
      from categories c
      left join (
        select category_id, count(*) as count from products
         where tenant_id = ${tenantId} and category_id is not null
           and (${!activeOnlyCounts} or status = 'active')
         group by category_id
      ) n on n.category_id = c.id
     where c.tenant_id = ${tenantId}
     order by c.position, c.name, c.id`.execute(trx);
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
