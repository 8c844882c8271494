/**
 * The one door to the tenants registry (`tenants`) and custom domains.
 * Platform reads/writes run inside withPlatformAccess; a store's own row is
 * read inside its withTenant.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { TenantInfo } from '../../../lib/http/context.js';

const TENANT_COLUMNS = ['id', 'handle', 'name', 'status', 'plan', 'currency', 'timezone'] as const;

/** Platform read (called inside withPlatformAccess): a store by its handle. */
export async function findTenantByHandle(trx: Trx, handle: string): Promise<TenantInfo | undefined> {
  return trx.selectFrom('tenants').select(TENANT_COLUMNS).where('handle', '=', handle).executeTakeFirst();
}

/**
 * Platform read: a store by a verified custom domain whose plan includes
 * custom domains (a downgraded store keeps its domain row, but it stops
 * resolving). Composed with the `plans` catalog (entitlements') for speed.
 */
export async function findTenantByDomain(trx: Trx, domain: string): Promise<TenantInfo | undefined> {
  return trx
    .selectFrom('custom_domains as d')
    .innerJoin('tenants as t', 't.id', 'd.tenant_id')
    .innerJoin('plans as p', 'p.id', 't.plan')
    .select(TENANT_COLUMNS.map((c) => `t.${c}` as const))
    .where('d.domain', '=', domain)
    .where('d.verified_at', 'is not', null)
    .where('p.custom_domain', '=', true)
    .executeTakeFirst();
}

/** Platform read: the store's servable custom domain (verified, plan includes it), if any. */
export async function findPrimaryDomain(trx: Trx, tenantId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('custom_domains as d')
    .innerJoin('tenants as t', 't.id', 'd.tenant_id')
    .innerJoin('plans as p', 'p.id', 't.plan')
    .select('d.domain')
    .where('d.tenant_id', '=', tenantId)
    .where('d.verified_at', 'is not', null)
    .where('p.custom_domain', '=', true)
    .orderBy('d.verified_at')
    .executeTakeFirst();
  return row?.domain;
}

/** Tenant read (inside withTenant): the current store's own row. */
export async function getCurrentTenant(trx: Trx, tenantId: string): Promise<TenantInfo | undefined> {
  return trx.selectFrom('tenants').select(TENANT_COLUMNS).where('id', '=', tenantId).executeTakeFirst();
}

/** A store as signup sees it: enough to answer an identical retry (created_at bounds the replay window). */
export interface TenantSummary {
  id: string;
  handle: string;
  name: string;
  currency: string;
  created_at: Date;
}

/** Platform read (inside withPlatformAccess): a store by handle, with its creation time. */
export async function findTenantSummaryByHandle(
  trx: Trx,
  handle: string,
): Promise<TenantSummary | undefined> {
  return trx
    .selectFrom('tenants')
    .select(['id', 'handle', 'name', 'currency', 'created_at'])
    .where('handle', '=', handle)
    .executeTakeFirst();
}

/** Platform read: the id of the store with this id (any status), as stored; undefined when none. */
export async function findTenantId(trx: Trx, tenantId: string): Promise<string | undefined> {
  return (await trx.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst())?.id;
}

export interface NewTenant {
  handle: string;
  name: string;
  currency: string;
  plan: string;
  trialEndsAt: Date;
  now: Date;
}

/**
 * Platform write (inside withPlatformAccess): the tenant row of a new store.
 * A taken handle fails with the unique violation `tenants_handle_key`.
 */
export async function insertTenant(trx: Trx, t: NewTenant) {
  return trx
    .insertInto('tenants')
    .values({
      handle: t.handle,
      name: t.name,
      currency: t.currency,
      plan: t.plan,
      trial_ends_at: t.trialEndsAt,
      updated_at: t.now,
    })
    .returning(['id', 'handle', 'name', 'currency'])
    .executeTakeFirstOrThrow();
}

/** The full row of a store (console detail, tenant status). */
export async function findTenantRow(trx: Trx, tenantId: string) {
  return trx.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
}

/** Locks a store's row for a status change (console suspension). */
export async function lockTenantStatus(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('tenants')
    .select(['id', 'handle', 'status'])
    .where('id', '=', tenantId)
    .forUpdate()
    .executeTakeFirst();
}

/** Suspends (with a reason) or reactivates a store. */
export async function setTenantSuspension(
  trx: Trx,
  tenantId: string,
  change: { suspend: true; reason: string | null; now: Date } | { suspend: false; now: Date },
): Promise<void> {
  const { now } = change;
  await trx
    .updateTable('tenants')
    .set(
      change.suspend
        ? { status: 'suspended', suspended_reason: change.reason, suspended_at: now, updated_at: now }
        : { status: 'active', suspended_reason: null, suspended_at: null, updated_at: now },
    )
    .where('id', '=', tenantId)
    .execute();
}

export interface TenantListFilter {
  q?: string;
  status?: 'active' | 'suspended' | 'deleted';
  plan?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** Keyset position: rows strictly before (created_at, id). */
  before?: { createdAt: Date; id: string };
  limit: number;
}

/** Platform read: stores newest first, keyset-paginated on (created_at, id). */
export async function listTenantRows(trx: Trx, f: TenantListFilter) {
  let q = trx
    .selectFrom('tenants')
    .select(['id', 'handle', 'name', 'status', 'plan', 'currency', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    q = q.where((eb) => eb.or([eb('handle', 'ilike', like), eb('name', 'ilike', like)]));
  }
  if (f.status) q = q.where('status', '=', f.status);
  if (f.plan) q = q.where('plan', '=', f.plan);
  if (f.createdFrom) q = q.where('created_at', '>=', f.createdFrom);
  if (f.createdTo) q = q.where('created_at', '<', f.createdTo);
  if (f.before) q = q.where(sql<boolean>`(created_at, id) < (${f.before.createdAt}, ${f.before.id}::uuid)`);
  return q.execute();
}

/** The store's display name and time zone live on its tenant row. */
export async function updateStoreIdentity(
  trx: Trx,
  tenantId: string,
  patch: { name?: string; timezone?: string; currency?: string },
): Promise<void> {
  await trx
    .updateTable('tenants')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', tenantId)
    .execute();
}

/** Why the store is suspended (null when it is not, or for no recorded reason). */
export async function findSuspendedReason(trx: Trx, tenantId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('tenants')
    .select('suspended_reason')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  return row?.suspended_reason ?? null;
}

// ── Billing state on the tenant row (written by the billing module's services) ──

export interface TenantBillingState {
  handle: string;
  status: 'active' | 'suspended' | 'deleted';
  plan: string;
  suspended_reason: string | null;
  trial_ends_at: Date | null;
}

export async function findTenantBillingState(trx: Trx, tenantId: string): Promise<TenantBillingState> {
  return trx
    .selectFrom('tenants')
    .select(['handle', 'status', 'plan', 'suspended_reason', 'trial_ends_at'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
}

/** The store's plan id, or undefined when there is no such store. */
export async function findTenantPlan(trx: Trx, tenantId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('tenants').select('plan').where('id', '=', tenantId).executeTakeFirst();
  return row?.plan;
}

export async function setTenantPlan(trx: Trx, tenantId: string, plan: string): Promise<void> {
  await trx.updateTable('tenants').set({ plan, updated_at: new Date() }).where('id', '=', tenantId).execute();
}

/** Suspends an ACTIVE store for billing; a store suspended for another reason is left alone. */
export async function suspendTenantForBilling(trx: Trx, tenantId: string, now: Date): Promise<boolean> {
  const r = await trx
    .updateTable('tenants')
    .set({ status: 'suspended', suspended_reason: 'billing', suspended_at: now, updated_at: now })
    .where('id', '=', tenantId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Lifts a billing suspension (and only a billing suspension). */
export async function reactivateTenantFromBilling(trx: Trx, tenantId: string, now: Date): Promise<boolean> {
  const r = await trx
    .updateTable('tenants')
    .set({ status: 'active', suspended_reason: null, suspended_at: null, updated_at: now })
    .where('id', '=', tenantId)
    .where('status', '=', 'suspended')
    .where('suspended_reason', '=', 'billing')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Platform read: every store's id, status and time zone, oldest first (the schedulers' reconcile sweep). */
export async function listTenantsForSchedules(
  trx: Trx,
): Promise<{ id: string; status: TenantInfo['status']; timezone: string }[]> {
  return trx.selectFrom('tenants').select(['id', 'status', 'timezone']).orderBy('created_at').execute();
}

/** Platform write (console): the end of a store's trial. */
export async function setTenantTrialEnd(
  trx: Trx,
  tenantId: string,
  trialEndsAt: Date,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('tenants')
    .set({ trial_ends_at: trialEndsAt, updated_at: now })
    .where('id', '=', tenantId)
    .execute();
}

/** Platform read: names and handles of these stores (the console's audit log). */
export async function findTenantLabels(trx: Trx, ids: string[]) {
  if (ids.length === 0) return new Map<string, { handle: string; name: string }>();
  const rows = await trx
    .selectFrom('tenants')
    .select(['id', 'handle', 'name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { handle: r.handle, name: r.name }]));
}
