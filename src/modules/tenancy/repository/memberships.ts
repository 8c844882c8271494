/**
 * The one door to `memberships`: which users belong to which store, and as
 * what (owner > admin > staff). Tenant-owned rows: inside a store's
 * withTenant, except the cross-store reads marked PLATFORM, which run inside
 * withPlatformAccess for one user's own memberships.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { MembershipRole } from '../../../lib/db/tables/platform.js';

export interface MemberRow {
  user_id: string;
  role: MembershipRole;
  created_at: Date;
}

/** Adds a member; `ignoreExisting` leaves an existing membership (and its role) as it is. */
export async function insertMembership(
  trx: Trx,
  m: { tenantId: string; userId: string; role: MembershipRole; ignoreExisting?: boolean },
): Promise<void> {
  let q = trx.insertInto('memberships').values({ tenant_id: m.tenantId, user_id: m.userId, role: m.role });
  if (m.ignoreExisting) q = q.onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing());
  await q.execute();
}

export async function findMember(trx: Trx, tenantId: string, userId: string): Promise<MemberRow | undefined> {
  return trx
    .selectFrom('memberships')
    .select(['user_id', 'role', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Members of a store, earliest first (optionally one role only). */
export async function listMembers(trx: Trx, tenantId: string, role?: MembershipRole): Promise<MemberRow[]> {
  let q = trx
    .selectFrom('memberships')
    .select(['user_id', 'role', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at');
  if (role) q = q.where('role', '=', role);
  return q.execute();
}

/** Locks every membership of a store (role changes keep "at least one owner" under the lock). */
export async function lockMembers(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('memberships')
    .select(['user_id', 'role'])
    .where('tenant_id', '=', tenantId)
    .forUpdate()
    .execute();
}

export async function setMemberRole(trx: Trx, tenantId: string, userId: string, role: MembershipRole) {
  await trx
    .updateTable('memberships')
    .set({ role })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteMember(trx: Trx, tenantId: string, userId: string): Promise<void> {
  await trx
    .deleteFrom('memberships')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export async function countMembers(trx: Trx, tenantId: string): Promise<number> {
  const r = await trx
    .selectFrom('memberships')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return r.n;
}

/**
 * PLATFORM read (inside withPlatformAccess): the stores a user belongs to,
 * deleted ones left out, by handle. Only for a user id from a verified
 * credential or token.
 */
export async function listStoresOfUser(trx: Trx, userId: string) {
  return trx
    .selectFrom('memberships as m')
    .innerJoin('tenants as t', 't.id', 'm.tenant_id')
    .select(['t.id', 't.handle', 't.name', 't.status', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('t.status', '!=', 'deleted')
    .orderBy('t.handle')
    .execute();
}

/** The email of the store's first owner (where store notifications go), if any. */
export async function findOwnerEmail(trx: Trx, tenantId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .where('m.tenant_id', '=', tenantId)
    .where('m.role', '=', 'owner')
    .orderBy('m.created_at')
    .executeTakeFirst();
  return row?.email;
}
