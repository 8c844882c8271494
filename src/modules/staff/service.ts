/**
 * Staff and roles of one store: owner > admin > staff. Listing needs staff;
 * inviting and changing/removing members needs admin, and anything that
 * grants, changes or removes the owner or admin role needs the owner. A store
 * always keeps at least one owner. Role changes and removals are audit-logged
 * in the store's own audit log. Invitations: ./invitations.ts.
 *
 * Memberships are tenancy's rows, users auth's, invitations ./repository.ts;
 * each function here is one unit of work in the store's withTenant.
 */
import { ROLE_RANK } from '../../lib/auth/principal.js';
import { type Trx, withTenant } from '../../lib/db/index.js';
import type { MembershipRole } from '../../lib/db/tables/platform.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { recordAudit } from '../audit/service.js';
import { findUsersByIds } from '../auth/repository/users.js';
import {
  deleteMember,
  findMember,
  listMembers,
  lockMembers,
  type MemberRow,
  setMemberRole,
} from '../tenancy/repository/memberships.js';
import { listLiveInvitations } from './repository.js';

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

export function toPendingInvitation(i: {
  id: string;
  email: string;
  role: MembershipRole;
  expires_at: Date;
  created_at: Date;
}): PendingInvitation {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    expiresAt: new Date(i.expires_at).toISOString(),
    createdAt: new Date(i.created_at).toISOString(),
  };
}

/** Members with their account's email and name. */
async function withAccounts(trx: Trx, members: MemberRow[]): Promise<StaffMember[]> {
  const users = await findUsersByIds(
    trx,
    members.map((m) => m.user_id),
  );
  return members.flatMap((m) => {
    const u = users.get(m.user_id);
    if (!u) return [];
    return [
      {
        userId: m.user_id,
        email: u.email,
        name: u.name,
        role: m.role,
        joinedAt: new Date(m.created_at).toISOString(),
      },
    ];
  });
}

export async function listStaff(
  deps: Deps,
  tenantId: string,
): Promise<{ members: StaffMember[]; invitations: PendingInvitation[] }> {
  const now = deps.now();
  return withTenant(deps.db, tenantId, async (trx) => {
    const members = await withAccounts(trx, await listMembers(trx, tenantId));
    const invitations = await listLiveInvitations(trx, tenantId, now);
    return { members, invitations: invitations.map(toPendingInvitation) };
  });
}

export function assertMayGrant(actor: Actor, roles: MembershipRole[]): void {
  if (ROLE_RANK[actor.role] < ROLE_RANK.admin)
    throw new AppError('forbidden', 'This needs the admin role or higher');
  if (roles.some((r) => r === 'owner' || r === 'admin') && actor.role !== 'owner')
    throw new AppError('forbidden', 'Only an owner can grant, change or remove the owner and admin roles');
}

const keepOneOwner = () => new AppError('invalid_state', 'The store must keep at least one owner');

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
    if (target.role === 'owner' && role !== 'owner' && owners <= 1) throw keepOneOwner();
    if (target.role !== role) {
      await setMemberRole(trx, tenantId, targetUserId, role);
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
    const row = await findMember(trx, tenantId, targetUserId);
    const [member] = row ? await withAccounts(trx, [row]) : [];
    if (!member) throw notFound('Member');
    return member;
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
      throw keepOneOwner();
    await deleteMember(trx, tenantId, targetUserId);
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
