/** Kysely code for the tenants registry and custom domains. */
import type { Trx } from '../../lib/db/index.js';
import type { TenantInfo } from '../../lib/http/context.js';

const TENANT_COLUMNS = ['id', 'handle', 'name', 'status', 'plan', 'currency', 'timezone'] as const;

/** Platform read (called inside withPlatformAccess): a store by its handle. */
export async function findTenantByHandle(trx: Trx, handle: string): Promise<TenantInfo | undefined> {
  return trx.selectFrom('tenants').select(TENANT_COLUMNS).where('handle', '=', handle).executeTakeFirst();
}

/** Platform read: a store by a verified custom domain. */
export async function findTenantByDomain(trx: Trx, domain: string): Promise<TenantInfo | undefined> {
  return trx
    .selectFrom('custom_domains as d')
    .innerJoin('tenants as t', 't.id', 'd.tenant_id')
    .select(TENANT_COLUMNS.map((c) => `t.${c}` as const))
    .where('d.domain', '=', domain)
    .where('d.verified_at', 'is not', null)
    .executeTakeFirst();
}

/** Platform read: every store's id, status and time zone, oldest first (the schedulers' reconcile sweep). */
export async function listTenantsForSchedules(
  trx: Trx,
): Promise<{ id: string; status: TenantInfo['status']; timezone: string }[]> {
  return trx.selectFrom('tenants').select(['id', 'status', 'timezone']).orderBy('created_at').execute();
}

/** Tenant read (inside withTenant): the current store's own row. */
export async function getCurrentTenant(trx: Trx, tenantId: string): Promise<TenantInfo | undefined> {
  return trx.selectFrom('tenants').select(TENANT_COLUMNS).where('id', '=', tenantId).executeTakeFirst();
}
