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
  const { rows } = await sql<GmvMonthRow>`
    select o.tenant_id, t.handle, t.name,
           to_char(date_trunc('month', o.paid_at at time zone 'UTC'), 'YYYY-MM') as month,
           o.currency,
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
       ${tenantIds ? sql`and o.tenant_id = any(${[...tenantIds]}::uuid[])` : sql``}
     group by o.tenant_id, t.handle, t.name, 4, o.currency
     order by month, t.handle`.execute(trx);
  return rows;
}
