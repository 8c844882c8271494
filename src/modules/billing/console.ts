/**
 * Console view of billing: plan, subscription status and MRR per store and in
 * total. MRR counts the monthly price of stores whose subscription is active
 * or past due (still billed); trials, developer and canceled stores count 0.
 */
import { withPlatformAccess } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { billingConfigured } from '../../lib/stripe.js';
import { listConsoleBillingRows } from './repository.js';

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
  const rows = await withPlatformAccess(deps.db, listConsoleBillingRows);
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
