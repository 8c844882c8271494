/**
 * Console view of billing: plan, subscription status and MRR per store and in
 * total. MRR counts the monthly price of stores whose subscription is active
 * or past due (still billed); trials, developer and canceled stores count 0.
 */
import { sql } from 'kysely';
import { withPlatformAccess } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { billingConfigured } from '../../lib/stripe.js';

export interface ConsoleBillingRow {
  tenantId: string;
  handle: string;
  name: string;
  plan: string;
  status: string;
  storeStatus: string;
  mrr: number;
}

export async function getConsoleBilling(
  deps: Deps,
): Promise<{ configured: boolean; currency: string; totalMrr: number; items: ConsoleBillingRow[] }> {
  // Platform read: the console is for platform admins only (requirePlatformAdmin).
  const rows = await withPlatformAccess(deps.db, async (trx) => {
    const { rows } = await sql<{
      id: string;
      handle: string;
      name: string;
      plan: string;
      sub_status: string | null;
      status: string;
      mrr: string;
    }>`
      select t.id, t.handle, t.name, t.plan, s.status as sub_status, t.status,
             case when s.status in ('active', 'past_due') then coalesce(p.monthly_price, 0) else 0 end as mrr
        from tenants t
        left join subscriptions s on s.tenant_id = t.id
        left join plans p on p.id = t.plan
       where t.status <> 'deleted'
       order by t.created_at desc, t.id
       limit 5000`.execute(trx);
    return rows;
  });
  const configured = billingConfigured(deps.config);
  const items = rows.map((r) => ({
    tenantId: r.id,
    handle: r.handle,
    name: r.name,
    plan: configured ? r.plan : 'developer',
    status: configured ? (r.sub_status ?? 'trialing') : 'developer',
    storeStatus: r.status,
    mrr: Number(r.mrr),
  }));
  return { configured, currency: 'USD', totalMrr: items.reduce((s, i) => s + i.mrr, 0), items };
}
