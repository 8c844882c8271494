/**
 * The serving reads: one indexed statement each. A product's list is its built neighbours of the asked
 * kind (merchant pins first, exclusions removed), topped up with similar products and then popular ones,
 * only active products of this store, never the product itself. (The storefront's lists are composed
 * by the serving cache from serve-parts.ts; this statement serves the JSON product route.)
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { NeighbourKind } from './build-writes.js';

export interface ServedRow {
  id: string;
  handle: string;
  title: string;
  price: number;
  reason: string;
  /** The product's first variant in stock (by position), for a one-click add; null when none is. */
  variantId: string | null;
}

export interface ServeFilter {
  limit: number;
  /** Leave out products out of stock; undefined: as the store's setting says (read in the same statement). */
  excludeOutOfStock?: boolean;
  /** Products never to return (e.g. the cart). */
  exclude: string[];
  /** A cart whose products are never returned either (read here, so the page needs no extra round trip). */
  cartId?: string | null;
}

/** Product ids in the given cart (a read of the cart's tables for serving; nothing is written there). */
export const inCart = (tenantId: string, cartId: string | null | undefined) => sql`(
  select v.product_id from cart_items ci
  join variants v on v.tenant_id = ci.tenant_id and v.id = ci.variant_id
  where ci.tenant_id = ${tenantId} and ci.cart_id = ${cartId ?? null}::uuid)`;

/** The out-of-stock rule: the caller's, or the store's setting (default: leave them out). */
export const outOfStockExcluded = (tenantId: string, given: boolean | undefined) =>
  given === undefined
    ? sql`coalesce((select s.exclude_out_of_stock from recommendation_settings s
        where s.tenant_id = ${tenantId}), true)`
    : sql`${given}`;

/** The first in-stock variant of product `id` (by position). */
export const defaultVariant = (tenantId: string, id: ReturnType<typeof sql.ref>) => sql`(
  select v.id from variants v where v.tenant_id = ${tenantId} and v.product_id = ${id}
    and v.stock > v.reserved order by v.position, v.id limit 1)`;

type ProductKind = Exclude<NeighbourKind, 'hybrid' | 'viewed_together'>;

/**
 * One product's list as a statement fragment: merchant pins first, then built neighbours of `kind`, then
 * similar ones, then popular; exclusions, the cart, the product itself and inactive products left out.
 * No row when the product is not an active product of this store; one row of nulls when nothing qualifies.
 */
function productList(tenantId: string, idOrHandle: string, kind: ProductKind, f: ServeFilter) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrHandle);
  return sql`
    with target as (
      select id from products
      where tenant_id = ${tenantId} and status = 'active'
        and ${isUuid ? sql`id = ${idOrHandle}::uuid` : sql`handle = ${idOrHandle}`}
      limit 1
    ), candidates as (
      select o.target_id as id, 0 as tier, o.position as rank, 'picked for you' as reason
      from recommendation_overrides o join target t on o.product_id = t.id
      where o.tenant_id = ${tenantId} and o.action = 'pin'
      union all
      select n.neighbour_id, case when n.kind = ${kind} then 1 else 2 end, n.rank, n.reason
      from recommendation_neighbours n join target t on n.product_id = t.id
      where n.tenant_id = ${tenantId} and n.kind in (${kind}, 'similar')
      union all
      select product_id, 3, rank, 'popular in this store' from recommendation_popular
      where tenant_id = ${tenantId} and rank <= ${f.limit * 3 + f.exclude.length + 1}
    ), ranked as (
      select distinct on (c.id) c.id, c.tier, c.rank, c.reason, p.handle, p.title, p.min_price as price
      from candidates c
      join products p on p.tenant_id = ${tenantId} and p.id = c.id
      where p.status = 'active' and (p.in_stock or not ${outOfStockExcluded(tenantId, f.excludeOutOfStock)})
        and c.id <> (select id from target) and c.id <> all(${f.exclude}::uuid[])
        and c.id not in ${inCart(tenantId, f.cartId)}
        and not exists (select 1 from recommendation_overrides x
          where x.tenant_id = ${tenantId} and x.product_id = (select id from target)
            and x.target_id = c.id and x.action = 'exclude')
      order by c.id, c.tier, c.rank
    )
    select t.id as target, r.id, r.handle, r.title, r.price, r.reason,
      ${defaultVariant(tenantId, sql.ref('r.id'))} as variant_id,
      row_number() over (order by r.tier, r.rank) as ord
    from target t left join lateral (
      select * from ranked order by tier, rank limit ${f.limit}
    ) r on true`;
}

/** undefined when the product is not an active product of this store. */
export async function readProductRecommendations(
  trx: Trx,
  tenantId: string,
  idOrHandle: string,
  kind: ProductKind,
  f: ServeFilter,
): Promise<ServedRow[] | undefined> {
  const { rows } = await sql<{ target: string } & RawRow>`
    select * from (${productList(tenantId, idOrHandle, kind, f)}) l order by ord`.execute(trx);
  if (rows.length === 0) return undefined;
  return rows.filter((r) => r.id !== null).map(toServed);
}

export type RawRow = Omit<ServedRow, 'id' | 'variantId'> & { id: string | null; variant_id: string | null };

export function toServed(r: RawRow): ServedRow {
  return {
    id: r.id!,
    handle: r.handle,
    title: r.title,
    price: Number(r.price),
    reason: r.reason,
    variantId: r.variant_id,
  };
}

export interface Shopper {
  customerId: string | null;
  sessionId: string | null;
}
