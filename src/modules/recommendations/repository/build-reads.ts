/**
 * What a store rebuild reads: the store's products (with category and option values), its orders and its
 * view/cart events, as engine input. These read catalog and order tables for speed in one statement each;
 * they write nothing outside the recommendation tables.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { EngineBasket, EngineItem } from '../engine/types.js';

interface ProductRow {
  id: string;
  title: string;
  description: string;
  tags: string[];
  category: string | null;
  option_values: string[] | null;
  recommendable: boolean;
}

/**
 * Every product of the store; archived/draft ones are not recommendable. Out-of-stock products stay in
 * the lists: serving leaves them out while they are (as the store's setting says), so a product that
 * sells out or comes back needs no rebuild.
 */
export async function readBuildItems(trx: Trx, tenantId: string): Promise<EngineItem[]> {
  const { rows } = await sql<ProductRow>`
    select p.id, p.title, p.description, p.tags, c.name as category,
      (select array_agg(v) from jsonb_array_elements(p.options) o, jsonb_array_elements_text(o -> 'values') v)
        as option_values,
      p.status = 'active' as recommendable
    from products p
    left join categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
    where p.tenant_id = ${tenantId}
    order by p.id`.execute(trx);
  return rows.map((r) => ({
    key: r.id,
    title: r.title,
    description: r.description,
    tags: r.tags,
    category: r.category ?? undefined,
    options: r.option_values ?? undefined,
    recommendable: r.recommendable,
  }));
}

interface BasketRow {
  shopper: string | null;
  at: Date;
  products: string[];
}

/** Orders placed since `since` (not cancelled or expired), one basket each. */
export async function readBuildOrders(trx: Trx, tenantId: string, since: Date): Promise<EngineBasket[]> {
  const { rows } = await sql<BasketRow>`
    select o.customer_id as shopper, o.placed_at as at, array_agg(distinct l.product_id) as products
    from orders o
    join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
    where o.tenant_id = ${tenantId} and o.placed_at >= ${since}
      and o.status not in ('cancelled', 'expired') and l.product_id is not null
    group by o.tenant_id, o.id`.execute(trx);
  return rows.map((r) => ({ customer: r.shopper ?? '', time: new Date(r.at).getTime(), keys: r.products }));
}

/** Viewed/carted products per shopper and day since `since`: the "viewed together" sessions. */
export async function readBuildSessions(trx: Trx, tenantId: string, since: Date): Promise<EngineBasket[]> {
  const { rows } = await sql<BasketRow>`
    select coalesce(customer_id::text, 's:' || session_id) as shopper, max(occurred_at) as at,
      array_agg(distinct product_id) as products
    from recommendation_events
    where tenant_id = ${tenantId} and occurred_at >= ${since} and kind in ('view', 'cart')
    group by 1, date_trunc('day', occurred_at)
    having count(distinct product_id) >= 2`.execute(trx);
  return rows.map((r) => ({ customer: r.shopper ?? '', time: new Date(r.at).getTime(), keys: r.products }));
}

/**
 * What changed since `since` for an incremental build: products edited or created (`catalog`), and
 * products of orders placed or updated (paid, cancelled) or viewed or carted (`baskets`).
 */
export async function readChangedProducts(
  trx: Trx,
  tenantId: string,
  since: Date,
): Promise<{ catalog: string[]; baskets: string[] }> {
  const { rows } = await sql<{ id: string; catalog: boolean }>`
    select id, true as catalog from products where tenant_id = ${tenantId} and updated_at >= ${since}
    union
    select l.product_id, false from orders o
    join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
    where o.tenant_id = ${tenantId} and (o.updated_at >= ${since} or o.placed_at >= ${since})
      and l.product_id is not null
    union
    select product_id, false from recommendation_events
    where tenant_id = ${tenantId} and occurred_at >= ${since} and kind in ('view', 'cart')`.execute(trx);
  return {
    catalog: rows.filter((r) => r.catalog).map((r) => r.id),
    baskets: rows.filter((r) => !r.catalog).map((r) => r.id),
  };
}
