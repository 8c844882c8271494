/**
 * The auth domain's data door for the facts every surface asks about the
 * signed-in user: their email, their role in a store, whether they are a
 * platform admin. One query per fact; callers go through src/modules/auth/access.ts.
 * `users` is a platform table (no RLS); `memberships` is a tenant table, so
 * the membership read takes the tenant's transaction.
 */
import type { Db, Trx } from '../../lib/db/index.js';
import type { MembershipRole } from '../../lib/db/tables/platform.js';

/** The user's email, undefined for an unknown id. */
export async function findUserEmail(db: Db | Trx, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
  return row?.email;
}

/** True only for an existing user flagged as a platform admin. */
export async function findIsPlatformAdmin(db: Db | Trx, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('is_platform_admin')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.is_platform_admin === true;
}

/** The user's membership role in the tenant, undefined when not a member. */
export async function findMembershipRole(
  trx: Trx,
  tenantId: string,
  userId: string,
): Promise<MembershipRole | undefined> {
  const row = await trx
    .selectFrom('memberships')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}
