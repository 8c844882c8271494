/**
 * Read-only counts over OTHER modules' tables for the overviews (the console's
 * tenant detail, a store's admin overview). Console owns no table; these
 * statements are here, in one flagged place, until catalog, orders, customers
 * and alerts export their own counters — then each moves to its owner.
 * Money is integer minor units.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

/** Rows of one tenant in a tenant-keyed table (inside withTenant or withPlatformAccess). */
export async function countTenantRows(
  trx: Trx,
  table: 'products' | 'orders' | 'customers',
  tenantId: string,
): Promise<number> {
  const r = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Products: all and active. */
export async function countProductsByStatus(trx: Trx, tenantId: string) {
  const r = await trx
    .selectFrom('products')
    .select((eb) => [
      eb.fn.countAll<string>().as('n'),
      eb.fn.count<string>(sql`case when status = 'active' then 1 end`).as('active'),
    ])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return { all: Number(r.n), active: Number(r.active) };
}

/** Orders: all, placed this month, and revenue this month (paid, net of refunds) in the store's time zone. */
export async function summariseOrdersThisMonth(trx: Trx, tenantId: string, timezone: string) {
  const monthStart = sql<Date>`(date_trunc('month', now() at time zone ${timezone}) at time zone ${timezone})`;
  const r = await trx
    .selectFrom('orders')
    .select((eb) => [
      eb.fn.countAll<string>().as('n'),
      eb.fn.count<string>(sql`case when placed_at >= ${monthStart} then 1 end`).as('month'),
      sql<string>`coalesce(sum(case when paid_at >= ${monthStart} then total - refunded_total else 0 end), 0)`.as(
        'revenue',
      ),
    ])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return { all: Number(r.n), thisMonth: Number(r.month), revenueThisMonth: Number(r.revenue) };
}

/** Open low-stock alerts; null when the alerts area is not migrated (a missing table). */
export async function countOpenAlerts(trx: Trx, tenantId: string): Promise<number | null> {
  const exists = await sql<{ ok: boolean }>`select to_regclass('stock_alerts') is not null as ok`.execute(
    trx,
  );
  if (!exists.rows[0]?.ok) return null;
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from stock_alerts where tenant_id = ${tenantId} and status = 'open'`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}
