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

/**
 * Per store, for the console's tenants list: GMV (paid orders, net of
 * refunds, all time, store currency) and the last activity (newest of the
 * last order placed and the last audit entry). Platform read.
 */
export async function summariseTenants(trx: Trx, tenantIds: string[]) {
  const out = new Map<string, { gmv: number; lastActivityAt: Date | null }>();
  if (tenantIds.length === 0) return out;
  const { rows } = await sql<{
    tenant_id: string;
    gmv: string | null;
    last_order: Date | null;
    last_audit: Date | null;
  }>`
    select t.id as tenant_id,
           (select coalesce(sum(o.total - o.refunded_total), 0) from orders o
             where o.tenant_id = t.id and o.paid_at is not null) as gmv,
           (select max(o.placed_at) from orders o where o.tenant_id = t.id) as last_order,
           (select max(a.created_at) from audit_log a where a.tenant_id = t.id) as last_audit
      from tenants t
     where t.id = any(${tenantIds}::uuid[])`.execute(trx);
  for (const r of rows) {
    const dates = [r.last_order, r.last_audit].filter((d): d is Date => d !== null).map((d) => new Date(d));
    out.set(r.tenant_id, {
      gmv: Number(r.gmv ?? 0),
      lastActivityAt: dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : null,
    });
  }
  return out;
}

/** What a store uses of its plan's entitlements (console tenant detail). Platform read. */
export async function measureUsage(trx: Trx, tenantId: string, now: Date) {
  const { rows } = await sql<{
    products: string;
    members: string;
    invitations: string;
    domains: string;
    demand: string;
  }>`
    select (select count(*) from products where tenant_id = ${tenantId}) as products,
           (select count(*) from memberships where tenant_id = ${tenantId}) as members,
           (select count(*) from staff_invitations where tenant_id = ${tenantId} and accepted_at is null
               and revoked_at is null and expires_at > ${now}) as invitations,
           (select count(*) from custom_domains where tenant_id = ${tenantId}) as domains,
           (select count(*) from price_rules where tenant_id = ${tenantId} and kind = 'demand') as demand`.execute(
    trx,
  );
  const r = rows[0];
  return {
    products: Number(r?.products ?? 0),
    staffSeats: Number(r?.members ?? 0) + Number(r?.invitations ?? 0),
    customDomains: Number(r?.domains ?? 0),
    demandRules: Number(r?.demand ?? 0),
  };
}
