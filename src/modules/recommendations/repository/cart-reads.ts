/**
 * "Complete your order": what goes with a cart — the bought-together and hybrid neighbours of its products
 * (their scores summed, bought-together first), topped up with popular products; never a product already
 * in the cart, one a merchant excluded for a cart product, or an inactive (or, when set, out-of-stock) one.
 * One indexed statement; reads the cart's and catalog's tables for serving and writes nothing.
 */
import { sql } from 'kysely';
import { defaultVariant, inCart, outOfStockExcluded, type RawRow } from './serve-reads.js';

/**
 * cartCompanionsQuery's rows, in its order, as ONE json array (null when
 * none): a scalar sub-select for another owner's statement (checkout's reads).
 */
export function cartCompanionsJsonSql(
  tenantId: string,
  cartId: string,
  f: { limit: number; excludeOutOfStock?: boolean },
) {
  return sql<RawRow[] | null>`(select json_agg(c) from (${cartCompanionsQuery(tenantId, cartId, f)}) c)`;
}

/**
 * The statement, for a caller that sends it with others in one round trip (checkout's opening reads it
 * for the confirmation e-mail); its rows map with `toServed`. The storefront's cart row is composed by the
 * serving cache instead (serve-cache.ts).
 */
export function cartCompanionsQuery(
  tenantId: string,
  cartId: string,
  f: { limit: number; excludeOutOfStock?: boolean },
) {
  return sql<RawRow>`
    with cart_products as ${inCart(tenantId, cartId)},
    candidates as (
      select n.neighbour_id as id, case when n.kind = 'bought_together' then 1 else 2 end as tier,
        -sum(n.score) as rank, (array_agg(n.reason order by n.score desc))[1] as reason
      from recommendation_neighbours n
      where n.tenant_id = ${tenantId} and n.kind in ('bought_together', 'hybrid')
        and n.product_id in (select product_id from cart_products)
      group by n.neighbour_id, n.kind
      union all
      select product_id, 3, rank, 'popular in this store' from recommendation_popular
      where tenant_id = ${tenantId} and rank <= ${f.limit * 3 + 20}
    ), ranked as (
      select distinct on (c.id) c.id, c.tier, c.rank, c.reason, p.handle, p.title, p.min_price as price
      from candidates c
      join products p on p.tenant_id = ${tenantId} and p.id = c.id
      where p.status = 'active' and (p.in_stock or not ${outOfStockExcluded(tenantId, f.excludeOutOfStock)})
        and c.id not in (select product_id from cart_products)
        and not exists (select 1 from recommendation_overrides x
          where x.tenant_id = ${tenantId} and x.action = 'exclude' and x.target_id = c.id
            and x.product_id in (select product_id from cart_products))
      order by c.id, c.tier, c.rank
    )
    select id, handle, title, price, reason, ${defaultVariant(tenantId, sql.ref('ranked.id'))} as variant_id
    from ranked order by tier, rank limit ${f.limit}`;
}
