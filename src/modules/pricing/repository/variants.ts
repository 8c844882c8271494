/**
 * Pricing's statements over other domains' tables: the facts the engine
 * prices from (variants, products, orders, order lines), existence checks of
 * categories/products/variants (the selling prices are written by the
 * catalog: src/modules/catalog/prices.ts). These are the only pricing statements that touch catalog or orders
 * tables; each moves to its owner's repository (as an exported fragment or
 * function) once the owner offers one.
 */
import { sql } from 'kysely';
import { isUuid, type Trx } from '../../../lib/db/index.js';
import type { VariantFacts } from '../engine.js';

export async function categoryExists(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const row = await trx
    .selectFrom('categories')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function productExists(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const row = await trx
    .selectFrom('products')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function variantExists(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const row = await trx
    .selectFrom('variants')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export interface FactsRow extends VariantFacts {
  sku: string;
}

interface FactsDbRow {
  id: string;
  product_id: string;
  category_id: string | null;
  sku: string;
  cost: number | null;
  price: number;
  list_price: number | null;
  base_price: number | null;
  available: number;
  sold: number;
}

/** Every variant with its category, list/base price, available stock and units sold in the window. */
export async function loadVariantFacts(
  trx: Trx,
  tenantId: string,
  now: Date,
  windowDays: number,
): Promise<FactsRow[]> {
  const since = new Date(now.getTime() - windowDays * 86_400_000);
  const { rows } = await sql<FactsDbRow>`
    with sold as (
      select ol.variant_id, sum(ol.quantity)::int as sold
        from order_lines ol
        join orders o on o.tenant_id = ol.tenant_id and o.id = ol.order_id
       where ol.tenant_id = ${tenantId}
         and o.status in ('paid', 'fulfilled', 'completed')
         and o.placed_at >= ${since} and o.placed_at < ${now}
         and ol.variant_id is not null
       group by ol.variant_id
    )
    select v.id, v.product_id, p.category_id, v.sku, v.cost, v.price,
           lp.list_price, lp.base_price, (v.stock - v.reserved) as available,
           coalesce(s.sold, 0) as sold
      from variants v
      join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
      left join variant_list_prices lp on lp.tenant_id = v.tenant_id and lp.variant_id = v.id
      left join sold s on s.variant_id = v.id
     where v.tenant_id = ${tenantId} and p.status <> 'archived'
     order by v.id`.execute(trx);
  return rows.map((r) => ({
    variantId: r.id,
    productId: r.product_id,
    categoryId: r.category_id,
    sku: r.sku,
    cost: r.cost,
    currentPrice: r.price,
    listPrice: r.list_price,
    basePrice: r.base_price,
    available: r.available,
    unitsSold: r.sold,
  }));
}

/** A variant's SKU, product title and current selling price (for the price-history page); undefined when unknown. */
export async function findVariantLabel(trx: Trx, tenantId: string, id: string) {
  if (!isUuid(id)) return undefined;
  return trx
    .selectFrom('variants as v')
    .innerJoin('products as p', (j) =>
      j.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.id', '=', 'v.product_id'),
    )
    .select(['v.id', 'v.sku', 'v.price', 'p.title', 'p.id as productId'])
    .where('v.tenant_id', '=', tenantId)
    .where('v.id', '=', id)
    .executeTakeFirst();
}
