/**
 * The console's audit log, readable: the platform-wide log (audit) with each
 * user actor's and user target's email (auth) and each store's name
 * (tenancy); filters by store handle, actor email and action. Customers'
 * emails are never shown. PLATFORM ACCESS: only behind requirePlatformAdmin.
 */
import { type Db, withPlatformAccess } from '../../lib/db/index.js';
import { type AuditItem, type AuditQuery, listAuditPlatform } from '../audit/service.js';
import { findUserByEmail, findUsersByIds } from '../auth/repository/users.js';
import { findTenantByHandle, findTenantLabels } from '../tenancy/repository/tenants.js';

export interface ConsoleAuditItem extends AuditItem {
  actorEmail: string | null;
  /** The target as people name it: a user's email, a store's name, else null. */
  targetLabel: string | null;
  store: { handle: string; name: string } | null;
}

/** What each audited action means, for the console (unknown actions show as recorded). */
export const AUDIT_ACTIONS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Failed sign-in',
  'auth.password_reset': 'Reset password',
  'auth.refresh_reuse': 'Refresh token reused (session revoked)',
  'customer.registered': 'Shopper registered',
  'customer.login': 'Shopper signed in',
  'customer.login_failed': 'Shopper failed sign-in',
  'customer.password_reset': 'Shopper reset password',
  'impersonation.started': 'Support session started',
  'impersonation.ended': 'Support session ended',
  'platform_admin.created': 'Platform admin created',
  'platform_admin.promoted': 'Promoted to platform admin',
  'staff.invited': 'Invited staff',
  'staff.joined': 'Staff joined',
  'staff.removed': 'Removed staff',
  'staff.role_changed': 'Changed staff role',
  'store.created': 'Store created',
  'tenant.suspended': 'Store suspended',
  'tenant.reactivated': 'Store reactivated',
  'tenant.deleted': 'Store deleted',
  'tenant.plan_overridden': 'Plan overridden',
  'tenant.trial_extended': 'Trial extended',
};

export interface ConsoleAuditQuery extends AuditQuery {
  storeHandle?: string;
  actorEmail?: string;
}

export async function listConsoleAudit(
  db: Db,
  q: ConsoleAuditQuery,
): Promise<{ items: ConsoleAuditItem[]; nextBeforeId: number | null }> {
  const none = { items: [], nextBeforeId: null };
  let { tenantId, actorId } = q;
  if (q.storeHandle) {
    const handle = q.storeHandle.toLowerCase();
    const t = await withPlatformAccess(db, (trx) => findTenantByHandle(trx, handle));
    if (!t) return none;
    tenantId = t.id;
  }
  if (q.actorEmail) {
    const u = await findUserByEmail(db, q.actorEmail);
    if (!u) return none;
    actorId = u.id;
  }
  const page = await listAuditPlatform(db, { ...q, tenantId, actorId });
  const userIds = page.items.flatMap((i) => [
    ...(i.actorType !== 'customer' && i.actorId ? [i.actorId] : []),
    ...(i.targetType === 'user' && i.targetId ? [i.targetId] : []),
  ]);
  const users = await findUsersByIds(db, [...new Set(userIds)]);
  const storeIds = [...new Set(page.items.flatMap((i) => (i.tenantId ? [i.tenantId] : [])))];
  const stores = await withPlatformAccess(db, (trx) => findTenantLabels(trx, storeIds));
  return {
    items: page.items.map((i) => ({
      ...i,
      actorEmail: i.actorType !== 'customer' && i.actorId ? (users.get(i.actorId)?.email ?? null) : null,
      targetLabel:
        i.targetType === 'user' && i.targetId
          ? (users.get(i.targetId)?.email ?? null)
          : i.targetType === 'tenant' && i.targetId
            ? (stores.get(i.targetId)?.name ?? null)
            : null,
      store: i.tenantId ? (stores.get(i.tenantId) ?? null) : null,
    })),
    nextBeforeId: page.nextBeforeId,
  };
}
