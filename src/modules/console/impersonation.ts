/**
 * !!! SECURITY CHOKE POINT — support impersonation !!!
 *
 * A platform admin signs in to a store's admin AS ITS OWNER to help them:
 * a reason is required, the session lasts at most IMPERSONATION_MAX_MINUTES,
 * every start and end is in the store's audit log, and every admin page shows
 * a banner (src/web/console/impersonation-banner.tsx) with the admin and the
 * time left. The console mints a single-use token valid 60 s for that one
 * store; the store host redeems it (`redeemImpersonation`) for a page session
 * whose expiry is the impersonation's. Only the token's hash is stored.
 */
import { storeUrl } from '../../lib/config.js';
import { withPlatformAccess, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { recordAudit } from '../audit/service.js';
import { findUserAccount } from '../auth/repository/users.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import { insertUserSession, revokeUserFamily, type SessionMeta } from '../auth/sessions.js';
import { listMembers } from '../tenancy/repository/memberships.js';
import { findTenantRow } from '../tenancy/repository/tenants.js';
import {
  attachSession,
  redeemImpersonation as claim,
  endImpersonationRow,
  findLiveBySession,
  insertImpersonation,
} from './repository/impersonations.js';

export const IMPERSONATION_MINUTES = [15, 30, 60] as const;
export const IMPERSONATION_MAX_MINUTES = 60;
const TOKEN_TTL_MS = 60_000;

export interface Actor {
  userId: string;
  ip?: string;
}

/** Starts an impersonation; returns the URL that opens the store's admin as its owner. */
export async function startImpersonation(
  deps: Deps,
  tenantId: string,
  actor: Actor,
  input: { reason: string; minutes: number },
): Promise<{ url: string; expiresAt: string }> {
  const reason = input.reason.trim();
  if (reason.length < 3 || reason.length > 500)
    throw new AppError('validation_failed', 'Give a reason of 3 to 500 characters', {
      issues: [{ path: 'reason', message: 'Give a reason of 3 to 500 characters' }],
    });
  const minutes = Math.min(Math.max(Math.trunc(input.minutes) || 0, 1), IMPERSONATION_MAX_MINUTES);
  const token = newSecret();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  // Platform access: the console reaches any store; the row and audit are the store's.
  const handle = await withPlatformAccess(deps.db, async (trx) => {
    const t = await findTenantRow(trx, tenantId);
    if (!t || t.status === 'deleted') throw notFound('Tenant');
    const owner = (await listMembers(trx, tenantId, 'owner'))[0];
    if (!owner) throw new AppError('invalid_state', 'This store has no owner to sign in as');
    const row = await insertImpersonation(trx, {
      tenantId,
      adminUserId: actor.userId,
      ownerUserId: owner.user_id,
      reason,
      tokenHash: hashSecret(token),
      expiresAt,
      now,
    });
    await recordAudit(trx, tenantId, {
      actorType: 'platform_admin',
      actorId: actor.userId,
      action: 'impersonation.started',
      targetType: 'user',
      targetId: owner.user_id,
      ip: actor.ip,
      data: { reason, minutes, impersonationId: row.id },
    });
    return t.handle;
  });
  const url = `${storeUrl(deps.config, handle)}/admin/impersonate?token=${encodeURIComponent(token)}`;
  return { url, expiresAt: expiresAt.toISOString() };
}

/**
 * Store host: exchanges the token for a page session of the owner that ends
 * when the impersonation does. Undefined for any invalid, used or old token.
 */
export async function redeemImpersonation(
  deps: Deps,
  tenantId: string,
  token: string,
  meta: SessionMeta,
): Promise<{ session: Awaited<ReturnType<typeof insertUserSession>>; ttlSeconds: number } | undefined> {
  const now = deps.now();
  return withTenant(deps.db, tenantId, async (trx) => {
    const row = await claim(trx, tenantId, hashSecret(token), now, new Date(now.getTime() - TOKEN_TTL_MS));
    if (!row) return undefined;
    const ttlSeconds = Math.max(1, Math.floor((new Date(row.expires_at).getTime() - now.getTime()) / 1000));
    const session = await insertUserSession(trx, {
      userId: row.owner_user_id,
      kind: 'page',
      site: `store:${tenantId}`,
      now,
      ttlSeconds,
      meta,
    });
    await attachSession(trx, tenantId, row.id, session.id);
    return { session, ttlSeconds };
  });
}

export interface LiveImpersonation {
  id: string;
  adminEmail: string;
  reason: string;
  expiresAt: string;
  minutesLeft: number;
}

/** The live impersonation behind a page session (for the admin banner), if any. */
export async function findLiveImpersonation(
  deps: Deps,
  tenantId: string,
  sessionId: string,
): Promise<LiveImpersonation | undefined> {
  const now = deps.now();
  const row = await withTenant(deps.db, tenantId, (trx) => findLiveBySession(trx, tenantId, sessionId, now));
  if (!row) return undefined;
  const admin = await findUserAccount(deps.db, row.admin_user_id);
  const expires = new Date(row.expires_at);
  return {
    id: row.id,
    adminEmail: admin?.email ?? 'a platform admin',
    reason: row.reason,
    expiresAt: expires.toISOString(),
    minutesLeft: Math.max(0, Math.ceil((expires.getTime() - now.getTime()) / 60_000)),
  };
}

/** Ends the impersonation behind this page session: row ended, session family revoked, audited. */
export async function endImpersonation(
  deps: Deps,
  tenantId: string,
  session: { id: string; familyId: string },
  ip?: string,
): Promise<boolean> {
  const now = deps.now();
  return withTenant(deps.db, tenantId, async (trx) => {
    const row = await findLiveBySession(trx, tenantId, session.id, now);
    if (!row) return false;
    await endImpersonationRow(trx, tenantId, row.id, now);
    await revokeUserFamily(trx, session.familyId, now);
    await recordAudit(trx, tenantId, {
      actorType: 'platform_admin',
      actorId: row.admin_user_id,
      action: 'impersonation.ended',
      targetType: 'user',
      targetId: row.owner_user_id,
      ip,
      data: { impersonationId: row.id },
    });
    return true;
  });
}
