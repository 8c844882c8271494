/**
 * Staff and roles of one store: owner > admin > staff. Listing needs staff;
 * inviting and changing/removing members needs admin, and anything that
 * grants, changes or removes the owner or admin role needs the owner. A store
 * always keeps at least one owner. Role changes and removals are audit-logged
 * in the store's own audit log.
 *
 * Invitations: a single-use token `<tenant id>.<secret>` (7 days) is emailed
 * through the outbox; accepting it on the apex (POST /api/staff/invitations/accept)
 * signs in an existing account by its password, or creates the account.
 */
import { hashPassword, verifyPassword } from '../../lib/auth/password.js';
import { ROLE_RANK } from '../../lib/auth/principal.js';
import { storeUrl } from '../../lib/config.js';
import { isUuid, type Trx, withTenant } from '../../lib/db/index.js';
import type { MembershipRole } from '../../lib/db/tables/platform.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { billingConfigured } from '../../lib/stripe.js';
import { recordAudit } from '../audit/service.js';
import { assertPasswordAcceptable } from '../auth/password-policy.js';
import { hashSecret, newSecret, splitTenantSecret } from '../auth/secrets.js';
import { assertCanAddStaff } from '../billing/plans.js';
import { enqueueEmail } from '../mail/service.js';

export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

export interface Actor {
  userId: string;
  role: MembershipRole;
  ip?: string;
}

export interface StaffMember {
  userId: string;
  email: string;
  name: string | null;
  role: MembershipRole;
  joinedAt: string;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: MembershipRole;
  expiresAt: string;
  createdAt: string;
}

export async function listStaff(
  deps: Deps,
  tenantId: string,
): Promise<{ members: StaffMember[]; invitations: PendingInvitation[] }> {
  const now = deps.now();
  return withTenant(deps.db, tenantId, async (trx) => {
    const members = await trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
      .where('m.tenant_id', '=', tenantId)
      .orderBy('m.created_at')
      .execute();
    const invitations = await trx
      .selectFrom('staff_invitations')
      .select(['id', 'email', 'role', 'expires_at', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
    return {
      members: members.map((m) => ({
        userId: m.user_id,
        email: m.email,
        name: m.name,
        role: m.role,
        joinedAt: new Date(m.created_at).toISOString(),
      })),
      invitations: invitations.map((i) => ({
        id: i.id,
        email: i.email,
        role: i.role,
        expiresAt: new Date(i.expires_at).toISOString(),
        createdAt: new Date(i.created_at).toISOString(),
      })),
    };
  });
}

function assertMayGrant(actor: Actor, roles: MembershipRole[]): void {
  if (ROLE_RANK[actor.role] < ROLE_RANK.admin)
    throw new AppError('forbidden', 'This needs the admin role or higher');
  if (roles.some((r) => r === 'owner' || r === 'admin') && actor.role !== 'owner')
    throw new AppError('forbidden', 'Only an owner can grant, change or remove the owner and admin roles');
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
    const existing = await trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.user_id')
      .where('m.tenant_id', '=', tenant.id)
      .where('u.email', '=', email)
      .executeTakeFirst();
    if (existing) throw new AppError('conflict', 'This person is already a member of the store');
    // One live invitation per address: a new one replaces the previous.
    await trx
      .updateTable('staff_invitations')
      .set({ revoked_at: now })
      .where('tenant_id', '=', tenant.id)
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    // Plan limit (billing): members + live invitations within the plan's staff seats, else 409.
    await assertCanAddStaff(trx, tenant.id, { billingConfigured: billingConfigured(deps.config), now });
    const row = await trx
      .insertInto('staff_invitations')
      .values({
        tenant_id: tenant.id,
        email,
        role: input.role,
        token_hash: hashSecret(secret),
        invited_by: actor.userId,
        expires_at: new Date(now.getTime() + INVITATION_TTL_SECONDS * 1000),
        created_at: now,
      })
      .returning(['id', 'email', 'role', 'expires_at', 'created_at'])
      .executeTakeFirstOrThrow();
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
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      expiresAt: new Date(row.expires_at).toISOString(),
      createdAt: new Date(row.created_at).toISOString(),
    };
  });
}

const invalidInvitation = () => new AppError('unauthenticated', 'This invitation is invalid or has expired');

/**
 * Accepts an invitation. The token names its store, so the work runs inside
 * that store's tenant transaction. An existing account must prove its
 * password (401 invalid_credentials otherwise); a new account is created with
 * the given password (email counts as verified: the link reached it).
 */
export async function acceptInvitation(
  deps: Deps,
  input: { token: string; password: string; name?: string },
  ip?: string,
): Promise<{ userId: string; email: string; tenantId: string; handle: string; role: MembershipRole }> {
  const parts = splitTenantSecret(input.token);
  if (!parts || !isUuid(parts.tenantId)) throw invalidInvitation();
  const now = deps.now();
  const tenant = await withTenant(deps.db, parts.tenantId, (trx) =>
    trx
      .selectFrom('tenants')
      .select(['id', 'handle', 'status'])
      .where('id', '=', parts.tenantId)
      .executeTakeFirst(),
  );
  if (!tenant || tenant.status === 'deleted') throw invalidInvitation();
  return withTenant(deps.db, tenant.id, async (trx) => {
    const inv = await trx
      .selectFrom('staff_invitations')
      .selectAll()
      .where('tenant_id', '=', tenant.id)
      .where('token_hash', '=', hashSecret(parts.secret))
      .forUpdate()
      .executeTakeFirst();
    if (!inv || inv.accepted_at || inv.revoked_at || new Date(inv.expires_at) <= now)
      throw invalidInvitation();
    let user = await trx
      .selectFrom('users')
      .select(['id', 'email', 'password_hash'])
      .where('email', '=', inv.email)
      .executeTakeFirst();
    if (user) {
      if (!(await verifyPassword(input.password, user.password_hash)))
        throw new AppError('invalid_credentials', 'The password of your existing account is not correct');
    } else {
      assertPasswordAcceptable(input.password);
      const created = await trx
        .insertInto('users')
        .values({
          email: inv.email,
          password_hash: await hashPassword(input.password),
          name: input.name ?? null,
          email_verified_at: now,
          updated_at: now,
        })
        .returning(['id', 'email', 'password_hash'])
        .executeTakeFirstOrThrow();
      user = created;
    }
    await trx
      .insertInto('memberships')
      .values({ tenant_id: tenant.id, user_id: user.id, role: inv.role })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing())
      .execute();
    await trx
      .updateTable('staff_invitations')
      .set({ accepted_at: now, accepted_by: user.id })
      .where('tenant_id', '=', tenant.id)
      .where('id', '=', inv.id)
      .execute();
    await recordAudit(trx, tenant.id, {
      actorType: 'user',
      actorId: user.id,
      action: 'staff.joined',
      targetType: 'user',
      targetId: user.id,
      ip,
      data: { role: inv.role, invitationId: inv.id },
    });
    const membership = await trx
      .selectFrom('memberships')
      .select('role')
      .where('tenant_id', '=', tenant.id)
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    return {
      userId: user.id,
      email: user.email,
      tenantId: tenant.id,
      handle: tenant.handle,
      role: membership.role,
    };
  });
}

async function lockMembers(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('memberships')
    .select(['user_id', 'role'])
    .where('tenant_id', '=', tenantId)
    .forUpdate()
    .execute();
}

export async function changeStaffRole(
  deps: Deps,
  tenantId: string,
  actor: Actor,
  targetUserId: string,
  role: MembershipRole,
): Promise<StaffMember> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const members = await lockMembers(trx, tenantId);
    const target = members.find((m) => m.user_id === targetUserId);
    if (!target) throw notFound('Member');
    assertMayGrant(
      actor,
      [target.role, role].filter((r) => r !== 'staff'),
    );
    const owners = members.filter((m) => m.role === 'owner').length;
    if (target.role === 'owner' && role !== 'owner' && owners <= 1)
      throw new AppError('invalid_state', 'The store must keep at least one owner');
    if (target.role !== role) {
      await trx
        .updateTable('memberships')
        .set({ role })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', targetUserId)
        .execute();
      await recordAudit(trx, tenantId, {
        actorType: 'user',
        actorId: actor.userId,
        action: 'staff.role_changed',
        targetType: 'user',
        targetId: targetUserId,
        ip: actor.ip,
        data: { from: target.role, to: role },
      });
    }
    const row = await trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
      .where('m.tenant_id', '=', tenantId)
      .where('m.user_id', '=', targetUserId)
      .executeTakeFirstOrThrow();
    return {
      userId: row.user_id,
      email: row.email,
      name: row.name,
      role: row.role,
      joinedAt: new Date(row.created_at).toISOString(),
    };
  });
}

export async function removeStaff(
  deps: Deps,
  tenantId: string,
  actor: Actor,
  targetUserId: string,
): Promise<void> {
  await withTenant(deps.db, tenantId, async (trx) => {
    const members = await lockMembers(trx, tenantId);
    const target = members.find((m) => m.user_id === targetUserId);
    if (!target) throw notFound('Member');
    assertMayGrant(actor, target.role === 'staff' ? [] : [target.role]);
    if (target.role === 'owner' && members.filter((m) => m.role === 'owner').length <= 1)
      throw new AppError('invalid_state', 'The store must keep at least one owner');
    await trx
      .deleteFrom('memberships')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', targetUserId)
      .execute();
    await recordAudit(trx, tenantId, {
      actorType: 'user',
      actorId: actor.userId,
      action: 'staff.removed',
      targetType: 'user',
      targetId: targetUserId,
      ip: actor.ip,
      data: { role: target.role },
    });
  });
}
