/**
 * Read-only numbers for the admin dashboard (orders' own tables): paid sales
 * per day in the store's time zone (net of refunds), top products by units
 * sold, and the latest orders. Added for the dashboard; no writes.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { OrderStatus } from '../../../lib/db/tables/commerce.js';

export interface DailySales {
  /** YYYY-MM-DD in the store's time zone. */
  day: string;
  sales: number;
  orders: number;
}

/** One row per day of the last `days` days (today included), zeros where nothing sold. */
export async function dailyPaidSales(
  trx: Trx,
  tenantId: string,
  timezone: string,
  days: number,
): Promise<DailySales[]> {
  const { rows } = await sql<{ day: string; sales: string; orders: string }>`
    with span as (
      select generate_series((now() at time zone ${timezone})::date - ${days - 1}::int,
                             (now() at time zone ${timezone})::date, interval '1 day')::date as day
    )
    select span.day::text as day,
           coalesce(sum(o.total - o.refunded_total), 0)::text as sales,
           count(o.id)::text as orders
      from span
      left join orders o on o.tenant_id = ${tenantId} and o.paid_at is not null
                        and (o.paid_at at time zone ${timezone})::date = span.day
     group by span.day order by span.day`.execute(trx);
  return rows.map((r) => ({ day: r.day, sales: Number(r.sales), orders: Number(r.orders) }));
}

export interface TopProduct {
  productId: string | null;
  title: string;
  units: number;
  revenue: number;
}

export async function topProductsSince(
  trx: Trx,
  tenantId: string,
  since: Date,
  limit: number,
): Promise<TopProduct[]> {
  const { rows } = await sql<{ product_id: string | null; title: string; units: string; revenue: string }>`
    select l.product_id, min(l.title) as title, sum(l.quantity)::text as units, sum(l.total)::text as revenue
      from order_lines l
      join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
     where l.tenant_id = ${tenantId} and o.paid_at >= ${since}
     group by l.product_id
     order by sum(l.quantity) desc, min(l.title)
     limit ${limit}`.execute(trx);
  return rows.map((r) => ({
    productId: r.product_id,
    title: r.title,
    units: Number(r.units),
    revenue: Number(r.revenue),
  }));
}

export interface RecentOrder {
  id: string;
  number: number;
  email: string;
  status: OrderStatus;
  total: number;
  placedAt: string;
}

function toRecentOrder(r: {
  id: string;
  number: number;
  email: string;
  status: OrderStatus;
  total: number;
  placed_at: Date | string;
}): RecentOrder {
  return {
    id: r.id,
    number: r.number,
    email: r.email,
    status: r.status,
    total: r.total,
    placedAt: new Date(r.placed_at).toISOString(),
  };
}

export async function latestOrders(trx: Trx, tenantId: string, limit: number): Promise<RecentOrder[]> {
  const rows = await trx
    .selectFrom('orders')
    .select(['id', 'number', 'email', 'status', 'total', 'placed_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('placed_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRecentOrder);
}

/**
 * Per-customer order figures as a SQL fragment the customers module joins
 * (orders owns this SQL): orders placed, lifetime value (paid, net of
 * refunds) and the last order time, by customer_id.
 */
export function customerOrderStatsSql(tenantId: string) {
  return sql<{ customer_id: string; orders: number; spent: number; last_order_at: Date | null }>`
    select customer_id, count(*)::int as orders,
           coalesce(sum(total - refunded_total) filter (where paid_at is not null), 0)::bigint as spent,
           max(placed_at) as last_order_at
      from orders where tenant_id = ${tenantId} and customer_id is not null
     group by customer_id`;
}

/** A customer's orders, newest first (admin customer page). */
export async function ordersOfCustomer(
  trx: Trx,
  tenantId: string,
  customerId: string,
  limit: number,
): Promise<RecentOrder[]> {
  const rows = await trx
    .selectFrom('orders')
    .select(['id', 'number', 'email', 'status', 'total', 'placed_at'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('placed_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRecentOrder);
}
