/**
 * Daily billing maintenance: suspends stores whose past-due grace period has
 * ended and stores whose trial ended without a paid subscription. The clock
 * is a parameter so tests (and the scheduler) decide what "now" is;
 * `tenantIds` limits a run to some stores (tests share one database).
 *
 * Candidates are found with a platform read (all stores), then each store is
 * re-checked and suspended inside its own tenant transaction under the
 * subscription row lock, so a payment arriving at the same moment wins
 * cleanly: either it lands first (nothing to suspend) or after (reactivates).
 */
import { sql } from 'kysely';
import { withPlatformAccess, withTenant } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { billingConfigured } from '../../lib/stripe.js';
import { forgetSite } from '../tenancy/site.js';
import { getTenantBillingState, lockSubscription, suspendTenantForBilling } from './repository.js';

export interface MaintenanceResult {
  suspended: string[];
}

function dueForSuspension(
  row: {
    status: string;
    grace_ends_at: Date | null;
    trial_ends_at: Date | null;
    stripe_subscription_id: string | null;
  },
  tenantPlan: string,
  tenantTrialEnd: Date | null,
  now: Date,
): boolean {
  if (row.status === 'past_due') return row.grace_ends_at !== null && row.grace_ends_at <= now;
  if (row.status === 'trialing' && !row.stripe_subscription_id) {
    const end = row.trial_ends_at ?? tenantTrialEnd;
    return tenantPlan === 'trial' && end !== null && end <= now;
  }
  return false;
}

export async function runBillingMaintenance(
  deps: Deps,
  now: Date = deps.now(),
  opts: { tenantIds?: string[] } = {},
): Promise<MaintenanceResult> {
  if (!billingConfigured(deps.config)) return { suspended: [] };
  // Platform read: candidates across every store (re-checked per store below).
  const candidates = await withPlatformAccess(deps.db, async (trx) => {
    const { rows } = await sql<{ id: string }>`
      select t.id
        from tenants t
        left join subscriptions s on s.tenant_id = t.id
       where t.status = 'active'
         and (
           (s.status = 'past_due' and s.grace_ends_at <= ${now})
           or (t.plan = 'trial'
               and coalesce(s.status, 'trialing') = 'trialing'
               and s.stripe_subscription_id is null
               and coalesce(s.trial_ends_at, t.trial_ends_at) <= ${now})
         )
         ${opts.tenantIds ? sql`and t.id = any(${opts.tenantIds}::uuid[])` : sql``}
       order by t.id
       limit 5000`.execute(trx);
    return rows.map((r) => r.id);
  });
  const suspended: string[] = [];
  for (const tenantId of candidates) {
    const handle = await withTenant(deps.db, tenantId, async (trx) => {
      const row = await lockSubscription(trx, tenantId);
      const tenant = await getTenantBillingState(trx, tenantId);
      const t = await trx
        .selectFrom('tenants')
        .select('trial_ends_at')
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow();
      if (!dueForSuspension(row, tenant.plan, t.trial_ends_at, now)) return undefined;
      return (await suspendTenantForBilling(trx, tenantId, now)) ? tenant.handle : undefined;
    });
    if (handle) {
      forgetSite(handle);
      suspended.push(tenantId);
      deps.logger.info({ tenantId }, 'store suspended for billing');
    }
  }
  return { suspended };
}
