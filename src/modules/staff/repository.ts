/**
 * The one door to `staff_invitations` (tenant-owned; inside the store's
 * withTenant). Memberships themselves belong to tenancy
 * (tenancy/repository/memberships.ts); users to auth.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { MembershipRole } from '../../lib/db/tables/platform.js';

const INVITATION_COLUMNS = ['id', 'email', 'role', 'expires_at', 'created_at'] as const;

/** Live invitations (not accepted, not revoked, not expired), newest first. */
export async function listLiveInvitations(trx: Trx, tenantId: string, now: Date) {
  return trx
    .selectFrom('staff_invitations')
    .select(INVITATION_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revokes the open invitations of one address (a new invitation replaces the previous). */
export async function revokeOpenInvitations(trx: Trx, tenantId: string, email: string, now: Date) {
  await trx
    .updateTable('staff_invitations')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertInvitation(
  trx: Trx,
  inv: {
    tenantId: string;
    email: string;
    role: MembershipRole;
    tokenHash: string;
    invitedBy: string;
    expiresAt: Date;
    now: Date;
  },
) {
  return trx
    .insertInto('staff_invitations')
    .values({
      tenant_id: inv.tenantId,
      email: inv.email,
      role: inv.role,
      token_hash: inv.tokenHash,
      invited_by: inv.invitedBy,
      expires_at: inv.expiresAt,
      created_at: inv.now,
    })
    .returning(INVITATION_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** The invitation with this token hash, locked for acceptance. */
export async function lockInvitationByHash(trx: Trx, tenantId: string, tokenHash: string) {
  return trx
    .selectFrom('staff_invitations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function markInvitationAccepted(
  trx: Trx,
  tenantId: string,
  id: string,
  userId: string,
  now: Date,
) {
  await trx
    .updateTable('staff_invitations')
    .set({ accepted_at: now, accepted_by: userId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Live invitations count towards the plan's staff seats. */
export async function countLiveInvitations(trx: Trx, tenantId: string, now: Date): Promise<number> {
  const r = await trx
    .selectFrom('staff_invitations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return r.n;
}
