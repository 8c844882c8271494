/**
 * The serving reads: one indexed statement each. A product's list is its built neighbours of the asked
 * kind (merchant pins first, exclusions removed), topped up with similar products and then popular ones,
 * only active products of this store, never the product itself. "For you" sums the hybrid neighbours of
 * the shopper's recent views, carts and orders, topped up with popular products.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { NeighbourKind } from './build-writes.js';
import { setVersion } from './serve-version.js';

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

/**
 * The product page's two lists ("bought together" and "similar") in ONE statement; empty lists when the
 * product is not an active product of this store. Each row also carries the store's set version and the
 * given cart's product ids (read once by the planner), so the serving cache learns both in the same trip.
 */
export async function readProductPageLists(
  trx: Trx,
  tenantId: string,
  productId: string,
  f: { together: number; similar: number; cartId?: string | null; withCart?: string | null },
): Promise<{ together: ServedRow[]; similar: ServedRow[]; version?: string; cart: string[] }> {
  const base = { exclude: [], cartId: f.cartId };
  const { rows } = await sql<{ list: 'together' | 'similar'; version: string; cart: string[] } & RawRow>`
    select l.*, ${setVersion(tenantId)} as version, array${inCart(tenantId, f.withCart)} as cart from (
      select 'together' as list, a.* from (${productList(tenantId, productId, 'bought_together', { ...base, limit: f.together })}) a
      union all
      select 'similar' as list, b.* from (${productList(tenantId, productId, 'similar', { ...base, limit: f.similar })}) b
    ) l
    order by list desc, ord`.execute(trx);
  const of = (list: string) => rows.filter((r) => r.list === list && r.id !== null).map(toServed);
  return {
    together: of('together'),
    similar: of('similar'),
    version: rows[0]?.version,
    cart: rows[0]?.cart ?? [],
  };
}

/** The store's set version and the product ids in the given cart (empty without one), in one statement. */
export async function readServeState(
  trx: Trx,
  tenantId: string,
  cartId: string | null | undefined,
): Promise<{ version: string; cart: string[] }> {
  const { rows } = await sql<{ version: string; cart: string[] }>`
    select ${setVersion(tenantId)} as version, array${inCart(tenantId, cartId)} as cart`.execute(trx);
  return { version: rows[0]!.version, cart: rows[0]!.cart ?? [] };
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

/** "For you": neighbours of the shopper's recent products, then popular products. */
export async function readForYou(trx: Trx, tenantId: string, shopper: Shopper, f: ServeFilter) {
  const { rows } = await sql<RawRow>`
    with recent as (
      select product_id, max(occurred_at) as at from recommendation_events
      where tenant_id = ${tenantId}
        and (customer_id = ${shopper.customerId}::uuid or session_id = ${shopper.sessionId}::text)
      group by product_id order by at desc limit 20
    ), ordered as (
      select l.product_id, max(o.placed_at) as at from orders o
      join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
      where o.tenant_id = ${tenantId} and o.customer_id = ${shopper.customerId}::uuid
        and l.product_id is not null
      group by l.product_id order by at desc limit 20
    ), history as (select product_id from recent union select product_id from ordered),
    candidates as (
      select n.neighbour_id as id, 1 as tier, -sum(n.score) as rank,
        (array_agg(n.reason order by n.score desc))[1] as reason
      from recommendation_neighbours n join history h on n.product_id = h.product_id
      where n.tenant_id = ${tenantId} and n.kind = 'hybrid'
      group by n.neighbour_id
      union all
      select product_id, 2, rank, 'popular in this store' from recommendation_popular
      where tenant_id = ${tenantId} and rank <= ${f.limit * 3 + f.exclude.length + 20}
    ), ranked as (
      select distinct on (c.id) c.id, c.tier, c.rank, c.reason, p.handle, p.title, p.min_price as price
      from candidates c
      join products p on p.tenant_id = ${tenantId} and p.id = c.id
      where p.status = 'active' and (p.in_stock or not ${outOfStockExcluded(tenantId, f.excludeOutOfStock)})
        and c.id <> all(${f.exclude}::uuid[]) and c.id not in (select product_id from recent)
        and c.id not in ${inCart(tenantId, f.cartId)}
      order by c.id, c.tier, c.rank
    )
    select id, handle, title, price, reason, ${defaultVariant(tenantId, sql.ref('ranked.id'))} as variant_id
    from ranked order by tier, rank limit ${f.limit}`.execute(trx);
  return rows.map(toServed);
}
