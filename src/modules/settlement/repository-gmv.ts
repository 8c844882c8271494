/**
 * GMV by store and month, for the console's money report: paid orders of
 * every store — card (Stripe) and manual payments alike — with refunds and the
 * platform's fee. A composed platform read over orders, stripe_payments,
 * tenants and plans (each owned elsewhere), kept here in one flagged place
 * because it is a settlement question; run inside withPlatformAccess.
 *
 * The fee of a card order is the application fee Stripe took; a manual
 * order's fee is what the store owes: total × the fee in basis points of the
 * plan in force when the order was placed (subscription_changes), rounded half up (the same rule as entitlements' applicationFee). Months are
 * calendar months in UTC. Money is integer minor units per currency.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export interface GmvMonthRow {
  tenant_id: string;
  handle: string;
  name: string;
  /** First day of the month, 'YYYY-MM'. */
  month: string;
  currency: string;
  orders: number;
  gross: number;
  refunds: number;
  platform_fee: number;
  manual_gross: number;
}

export async function listGmvByStoreMonth(
  trx: Trx,
  range: { from: Date; to: Date },
  tenantIds?: readonly string[],
): Promise<GmvMonthRow[]> {
  const ids = tenantIds ? sql`and o.tenant_id = any(${[...tenantIds]}::uuid[])` : sql``;
  const purgedIds = tenantIds ? sql`and g.store_id = any(${[...tenantIds]}::uuid[])` : sql``;
  const { rows } = await sql<GmvMonthRow>`
    select * from (
    select o.tenant_id, t.handle::text as handle, t.name,
           to_char(date_trunc('month', o.paid_at at time zone 'UTC'), 'YYYY-MM') as month,
           o.currency::text as currency,
           count(*)::int as orders,
           sum(o.total)::bigint as gross,
           sum(o.refunded_total)::bigint as refunds,
           sum(coalesce(sp.application_fee,
                        floor((o.total * coalesce(p.transaction_fee_bp, 0) + 5000) / 10000)))::bigint as platform_fee,
           sum(case when o.payment_provider = 'manual' then o.total else 0 end)::bigint as manual_gross
      from orders o
      join tenants t on t.id = o.tenant_id
      -- The plan in force when the order was placed (the last subscription change
      -- at or before it); a store with no history then is on its current plan.
      left join lateral (
        select sc.plan from subscription_changes sc
         where sc.tenant_id = o.tenant_id and sc.changed_at <= o.placed_at
         order by sc.changed_at desc, sc.id desc
         limit 1
      ) held on true
      left join plans p on p.id = coalesce(held.plan, t.plan)
      left join stripe_payments sp
             on sp.tenant_id = o.tenant_id and sp.order_id = o.id and sp.status = 'succeeded'
     where o.paid_at >= ${range.from} and o.paid_at < ${range.to}
       ${ids}
     group by o.tenant_id, t.handle, t.name, 4, o.currency
    union all
    -- Purged stores: their months as archived at the purge (archiveStoreGmv), named by the tombstone.
    select g.store_id, tb.handle::text, tb.name, g.month::text, g.currency::text,
           g.orders, g.gross, g.refunds, g.platform_fee, g.manual_gross
      from purged_store_gmv_months g
      join store_tombstones tb on tb.store_id = g.store_id
     where g.month >= to_char(${range.from}::timestamptz at time zone 'UTC', 'YYYY-MM')
       and g.month <= to_char((${range.to}::timestamptz - interval '1 microsecond') at time zone 'UTC', 'YYYY-MM')
       ${purgedIds}
    ) m
     order by month, handle`.execute(trx);
  return rows;
}

/**
 * In the purge's transaction: the store's paid orders summed per month, kept
 * on the platform (amounts only) so past months' GMV and fees do not change
 * when its orders go. Every month up to `now`; a second copy adds nothing.
 */
export async function archiveStoreGmv(trx: Trx, tenantId: string, now: Date): Promise<number> {
  const rows = await listGmvByStoreMonth(trx, { from: new Date(0), to: new Date(now.getTime() + 1) }, [
    tenantId,
  ]);
  if (rows.length === 0) return 0;
  await trx
    .insertInto('purged_store_gmv_months')
    .values(
      rows.map((r) => ({
        store_id: tenantId,
        month: r.month,
        currency: r.currency,
        orders: r.orders,
        gross: r.gross,
        refunds: r.refunds,
        platform_fee: r.platform_fee,
        manual_gross: r.manual_gross,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  return rows.length;
}
