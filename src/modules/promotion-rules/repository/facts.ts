/**
 * Promotion rules' statements over other domains' tables (variants,
 * products, orders, order lines, the pricing engine's list prices, the
 * recommendations' bought-together neighbours): read-only, the facts the
 * proposer works from. Like pricing's ./repository/variants.ts, each moves to
 * its owner's repository once the owner exports the read.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { BundlePair } from '../engine-types.js';

export interface FactsDbRow {
  id: string;
  product_id: string;
  sku: string;
  cost: number | null;
  price: number;
  list_price: number | null;
  available: number;
  sold: number;
  last_sale_at: Date | null;
  product_created_at: Date;
}

/** Every sellable variant with stock, price, cost, units sold in the window and its last sale. */
export async function loadFactsRows(trx: Trx, tenantId: string, now: Date, windowDays: number) {
  const since = new Date(now.getTime() - windowDays * 86_400_000);
  const { rows } = await sql<FactsDbRow>`
    with sales as (
      select ol.variant_id,
             sum(ol.quantity) filter (where o.placed_at >= ${since})::int as sold,
             max(o.placed_at) as last_sale_at
        from order_lines ol
        join orders o on o.tenant_id = ol.tenant_id and o.id = ol.order_id
       where ol.tenant_id = ${tenantId}
         and o.status in ('paid', 'fulfilled', 'completed')
         and o.placed_at < ${now}
         and ol.variant_id is not null
       group by ol.variant_id
    )
    select v.id, v.product_id, v.sku, v.cost, v.price, lp.list_price,
           (v.stock - v.reserved) as available, coalesce(s.sold, 0) as sold,
           s.last_sale_at, p.created_at as product_created_at
      from variants v
      join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
      left join variant_list_prices lp on lp.tenant_id = v.tenant_id and lp.variant_id = v.id
      left join sales s on s.variant_id = v.id
     where v.tenant_id = ${tenantId} and p.status = 'active'
     order by v.id`.execute(trx);
  return rows;
}

/** Bought-together pairs (rank 1 per product): the partner's discount applies when both are in the cart. */
export async function loadBundlePairs(trx: Trx, tenantId: string): Promise<BundlePair[]> {
  const { rows } = await sql<{ product_id: string; neighbour_id: string; title: string; shoppers: number }>`
    select n.product_id, n.neighbour_id, p.title, n.shoppers
      from recommendation_neighbours n
      join products p on p.tenant_id = n.tenant_id and p.id = n.product_id
     where n.tenant_id = ${tenantId} and n.kind = 'bought_together' and n.rank = 1`.execute(trx);
  // The discount goes on the neighbour; its partner (the product it was bought with) must be in the cart.
  return rows.map((r) => ({
    productId: r.neighbour_id,
    partnerProductId: r.product_id,
    partnerTitle: r.title,
    shoppers: r.shoppers,
  }));
}

/** Product titles and SKUs by variant (for proposal and offer lists). */
export async function variantLabels(trx: Trx, tenantId: string, variantIds: readonly string[]) {
  if (variantIds.length === 0) return new Map<string, { sku: string; title: string; handle: string }>();
  const rows = await trx
    .selectFrom('variants as v')
    .innerJoin('products as p', (j) =>
      j.onRef('p.tenant_id', '=', 'v.tenant_id').onRef('p.id', '=', 'v.product_id'),
    )
    .select(['v.id', 'v.sku', 'p.title', 'p.handle'])
    .where('v.tenant_id', '=', tenantId)
    .where('v.id', 'in', [...variantIds])
    .execute();
  return new Map(rows.map((r) => [r.id, { sku: r.sku, title: r.title, handle: r.handle }]));
}

/** Available stock by variant (low-stock protection). */
export async function availableByVariant(trx: Trx, tenantId: string, variantIds: readonly string[]) {
  if (variantIds.length === 0) return new Map<string, number>();
  const rows = await trx
    .selectFrom('variants')
    .select(['id', sql<number>`stock - reserved`.as('available')])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...variantIds])
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.available)]));
}

/** Titles and handles by product (bundle offers name their partner). */
export async function productLabels(trx: Trx, tenantId: string, productIds: readonly string[]) {
  if (productIds.length === 0) return new Map<string, { title: string; handle: string }>();
  const rows = await trx
    .selectFrom('products')
    .select(['id', 'title', 'handle'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('id', 'in', [...productIds])
    .execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, handle: r.handle }]));
}

/** Price and available stock by variant (the storefront cards' sale prices). */
export async function variantPriceRows(trx: Trx, tenantId: string, variantIds: readonly string[]) {
  if (variantIds.length === 0) return [];
  const rows = await trx
    .selectFrom('variants')
    .select(['id', 'product_id', 'price', sql<number>`stock - reserved`.as('available')])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...variantIds])
    .execute();
  return rows.map((r) => ({ ...r, available: Number(r.available) }));
}
