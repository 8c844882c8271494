/**
 * The numbers on a store's admin overview: products, orders, revenue this
 * month (paid orders since the start of the month in the store's time zone,
 * net of refunds, minor units), open low-stock alerts. Read inside the
 * store's own tenant transaction. Robust to areas another module has not
 * migrated yet: a missing table counts as zero.
 */
import { sql } from 'kysely';
import { type Trx, withTenant } from '../../lib/db/index.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';

export interface StoreOverview {
  products: number;
  activeProducts: number;
  orders: number;
  ordersThisMonth: number;
  revenueThisMonth: number;
  openAlerts: number | null;
  customers: number;
  currency: string;
}

async function tableExists(trx: Trx, name: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`select to_regclass(${name}) is not null as ok`.execute(trx);
  return !!rows[0]?.ok;
}

export async function getStoreOverview(deps: Deps, tenant: TenantInfo): Promise<StoreOverview> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const monthStart = sql<Date>`(date_trunc('month', now() at time zone ${tenant.timezone}) at time zone ${tenant.timezone})`;
    const products = await trx
      .selectFrom('products')
      .select((eb) => [
        eb.fn.countAll<string>().as('n'),
        eb.fn.count<string>(sql`case when status = 'active' then 1 end`).as('active'),
      ])
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirstOrThrow();
    const orders = await trx
      .selectFrom('orders')
      .select((eb) => [
        eb.fn.countAll<string>().as('n'),
        eb.fn.count<string>(sql`case when placed_at >= ${monthStart} then 1 end`).as('month'),
        sql<string>`coalesce(sum(case when paid_at >= ${monthStart} then total - refunded_total else 0 end), 0)`.as(
          'revenue',
        ),
      ])
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirstOrThrow();
    const customers = await trx
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirstOrThrow();
    let openAlerts: number | null = null;
    if (await tableExists(trx, 'stock_alerts')) {
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from stock_alerts where tenant_id = ${tenant.id} and status = 'open'`.execute(
        trx,
      );
      openAlerts = Number(rows[0]?.n ?? 0);
    }
    return {
      products: Number(products.n),
      activeProducts: Number(products.active),
      orders: Number(orders.n),
      ordersThisMonth: Number(orders.month),
      revenueThisMonth: Number(orders.revenue),
      openAlerts,
      customers: Number(customers.n),
      currency: tenant.currency,
    };
  });
}
