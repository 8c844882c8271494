/** Is a store suspended for non-payment? (The admin API and pages are read-only then.) */
import { withTenantStatement } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { findSuspendedReason } from '../tenancy/repository/tenants.js';

export async function isSuspendedForBilling(deps: Pick<Deps, 'db'>, tenantId: string): Promise<boolean> {
  const reason = await withTenantStatement(deps.db, tenantId, (trx) => findSuspendedReason(trx, tenantId));
  return reason === 'billing';
}
