/**
 * The one door to `custom_domains` writes and the domain lists (Host
 * resolution's read by domain is tenancy's: tenancy/repository/tenants.ts).
 * Store reads/writes run inside the store's withTenant; the periodic re-check
 * and the TLS question are platform reads (withPlatformAccess).
 */
import { type Selectable, sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { CustomDomainsTable } from '../../lib/db/tables/platform.js';

export type DomainRow = Selectable<CustomDomainsTable>;

export async function findStoreDomain(trx: Trx, tenantId: string): Promise<DomainRow | undefined> {
  return trx
    .selectFrom('custom_domains')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .executeTakeFirst();
}

export async function lockStoreDomains(trx: Trx, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`custom-domain:${tenantId}`}))`.execute(trx);
}

/** Inserts the store's domain; a domain another store holds fails with `custom_domains_domain_key`. */
export async function insertDomain(trx: Trx, tenantId: string, domain: string): Promise<DomainRow> {
  return trx
    .insertInto('custom_domains')
    .values({ tenant_id: tenantId, domain })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteDomain(trx: Trx, tenantId: string, domain: string): Promise<void> {
  await trx
    .deleteFrom('custom_domains')
    .where('tenant_id', '=', tenantId)
    .where('domain', '=', domain)
    .execute();
}

export async function recordDomainCheck(
  trx: Trx,
  tenantId: string,
  domain: string,
  check: { ok: boolean; error: string | null; now: Date },
): Promise<DomainRow> {
  return trx
    .updateTable('custom_domains')
    .set((eb) => ({
      last_checked_at: check.now,
      last_check_error: check.error,
      // First success stamps verified_at; a failure un-verifies (the domain stops resolving).
      verified_at: check.ok ? eb.fn.coalesce('verified_at', sql<Date>`${check.now}::timestamptz`) : null,
    }))
    .where('tenant_id', '=', tenantId)
    .where('domain', '=', domain)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Platform read: domains due for a re-check (never checked first, then oldest check), with the store handle. */
export async function listDomainsToRecheck(trx: Trx, olderThan: Date, limit: number) {
  return trx
    .selectFrom('custom_domains as d')
    .innerJoin('tenants as t', 't.id', 'd.tenant_id')
    .select(['d.tenant_id', 'd.domain', 'd.verification_token', 'd.verified_at', 't.handle'])
    .where('t.status', '!=', 'deleted')
    .where((eb) => eb.or([eb('d.last_checked_at', 'is', null), eb('d.last_checked_at', '<', olderThan)]))
    .orderBy(sql`d.last_checked_at nulls first`)
    .limit(limit)
    .execute();
}

/** Did this error come from another store already holding the domain? */
export function isDomainTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === 'custom_domains_domain_key';
}
