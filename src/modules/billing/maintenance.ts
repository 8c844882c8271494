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
import { withPlatformAccess, withTenant } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { billingConfigured } from '../../lib/stripe.js';
import { findTenantBillingState, suspendTenantForBilling } from '../tenancy/repository/tenants.js';
import { forgetSite } from '../tenancy/site.js';
import { listSuspensionCandidates, lockSubscription } from './repository.js';

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
  const candidates = await withPlatformAccess(deps.db, (trx) =>
    listSuspensionCandidates(trx, now, opts.tenantIds),
  );
  const suspended: string[] = [];
  for (const tenantId of candidates) {
    const handle = await withTenant(deps.db, tenantId, async (trx) => {
      const row = await lockSubscription(trx, tenantId);
      const tenant = await findTenantBillingState(trx, tenantId);
      if (!dueForSuspension(row, tenant.plan, tenant.trial_ends_at, now)) return undefined;
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
