/**
 * Staff invitations: a single-use token `<tenant id>.<secret>` (7 days) is
 * emailed through the outbox; accepting it on the apex (POST
 * /api/staff/invitations/accept) signs in an existing account by its
 * password, or creates the account. Seats (members + live invitations) are
 * limited by the store's plan (billing).
 */
import { hashPassword, verifyPassword } from '../../lib/auth/password.js';
import { storeUrl } from '../../lib/config.js';
import { isUuid, type Trx, withTenant } from '../../lib/db/index.js';
import type { MembershipRole } from '../../lib/db/tables/platform.js';
import { AppError } from '../../lib/errors.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { billingConfigured } from '../../lib/stripe.js';
import { recordAudit } from '../audit/service.js';
import { assertPasswordAcceptable } from '../auth/password-policy.js';
import { findUserByEmail, insertUser } from '../auth/repository/users.js';
import { hashSecret, newSecret, splitTenantSecret } from '../auth/secrets.js';
import { assertCanAddStaff } from '../entitlements/service.js';
import { enqueueEmail } from '../mail/service.js';
import { countMembers, findMember, insertMembership } from '../tenancy/repository/memberships.js';
import { getCurrentTenant } from '../tenancy/repository/tenants.js';
import * as repo from './repository.js';
import { type Actor, assertMayGrant, type PendingInvitation, toPendingInvitation } from './service.js';

export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

/** Refuses an address that already belongs to a member of the store. */
async function assertNotMember(trx: Trx, tenantId: string, email: string): Promise<void> {
  const user = await findUserByEmail(trx, email);
  if (user && (await findMember(trx, tenantId, user.id)))
    throw new AppError('conflict', 'This person is already a member of the store');
}

export async function inviteStaff(
  deps: Deps,
  tenant: TenantInfo,
  actor: Actor,
  input: { email: string; role: MembershipRole },
): Promise<PendingInvitation> {
  // Admins may invite staff; admins and owners are invited by an owner.
  assertMayGrant(actor, input.role === 'staff' ? [] : [input.role]);
  const email = input.email.trim().toLowerCase();
  const now = deps.now();
  const secret = newSecret();
  const token = `${tenant.id}.${secret}`;
  return withTenant(deps.db, tenant.id, async (trx) => {
    await assertNotMember(trx, tenant.id, email);
    // One live invitation per address: a new one replaces the previous.
    await repo.revokeOpenInvitations(trx, tenant.id, email, now);
    // Plan limit (billing): members + live invitations within the plan's staff seats, else 409.
    await assertCanAddStaff(trx, tenant.id, {
      billingConfigured: billingConfigured(deps.config),
      countSeatsTaken: async () =>
        (await countMembers(trx, tenant.id)) + (await repo.countLiveInvitations(trx, tenant.id, now)),
    });
    const row = await repo.insertInvitation(trx, {
      tenantId: tenant.id,
      email,
      role: input.role,
      tokenHash: hashSecret(secret),
      invitedBy: actor.userId,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_SECONDS * 1000),
      now,
    });
    const link = `${deps.config.PUBLIC_URL}/staff/accept?token=${encodeURIComponent(token)}`;
    await enqueueEmail(trx, tenant.id, {
      to: email,
      subject: `You are invited to help run ${tenant.name}`,
      text:
        `You have been invited to ${tenant.name} (${storeUrl(deps.config, tenant.handle)}) as ${input.role}.\n\n` +
        `Accept the invitation here (the link works once, for 7 days):\n${link}`,
    });
    await recordAudit(trx, tenant.id, {
      actorType: 'user',
      actorId: actor.userId,
      action: 'staff.invited',
      targetType: 'invitation',
      targetId: row.id,
      ip: actor.ip,
      data: { email, role: input.role },
    });
    return toPendingInvitation(row);
  });
}

const invalidInvitation = () => new AppError('unauthenticated', 'This invitation is invalid or has expired');

/** The invitee's account: an existing one proves its password; otherwise it is created (email verified: the link reached it). */
async function signInOrCreateInvitee(
  trx: Trx,
  email: string,
  input: { password: string; name?: string },
  now: Date,
): Promise<{ id: string; email: string }> {
  const user = await findUserByEmail(trx, email);
  if (user) {
    if (!(await verifyPassword(input.password, user.password_hash)))
      throw new AppError('invalid_credentials', 'The password of your existing account is not correct');
    return user;
  }
  assertPasswordAcceptable(input.password);
  return insertUser(trx, {
    email,
    passwordHash: await hashPassword(input.password),
    name: input.name ?? null,
    emailVerifiedAt: now,
    now,
  });
}

/**
 * Accepts an invitation. The token names its store, so the work runs inside
 * that store's tenant transaction. An existing account must prove its
 * password (401 invalid_credentials otherwise); a new account is created with
 * the given password.
 */
export async function acceptInvitation(
  deps: Deps,
  input: { token: string; password: string; name?: string },
  ip?: string,
): Promise<{ userId: string; email: string; tenantId: string; handle: string; role: MembershipRole }> {
  const parts = splitTenantSecret(input.token);
  if (!parts || !isUuid(parts.tenantId)) throw invalidInvitation();
  const now = deps.now();
  const tenant = await withTenant(deps.db, parts.tenantId, (trx) => getCurrentTenant(trx, parts.tenantId));
  if (!tenant || tenant.status === 'deleted') throw invalidInvitation();
  return withTenant(deps.db, tenant.id, async (trx) => {
    const inv = await repo.lockInvitationByHash(trx, tenant.id, hashSecret(parts.secret));
    if (!inv || inv.accepted_at || inv.revoked_at || new Date(inv.expires_at) <= now)
      throw invalidInvitation();
    const user = await signInOrCreateInvitee(trx, inv.email, input, now);
    await insertMembership(trx, {
      tenantId: tenant.id,
      userId: user.id,
      role: inv.role,
      ignoreExisting: true,
    });
    await repo.markInvitationAccepted(trx, tenant.id, inv.id, user.id, now);
    await recordAudit(trx, tenant.id, {
      actorType: 'user',
      actorId: user.id,
      action: 'staff.joined',
      targetType: 'user',
      targetId: user.id,
      ip,
      data: { role: inv.role, invitationId: inv.id },
    });
    const membership = await findMember(trx, tenant.id, user.id);
    if (!membership) throw new Error('membership vanished inside its own transaction');
    return {
      userId: user.id,
      email: user.email,
      tenantId: tenant.id,
      handle: tenant.handle,
      role: membership.role,
    };
  });
}
