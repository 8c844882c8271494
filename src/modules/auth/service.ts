/**
 * Merchant (and platform admin) authentication: credential checks with rate
 * limits and audit, refresh sessions with rotation and family revocation, and
 * the store list shown after login. Used by the JSON API (./routes.ts) and by
 * the sign-in pages (src/web/platform/login.tsx, src/web/admin, src/web/console).
 */

import { dummyPasswordHash, verifyPassword } from '../../lib/auth/password.js';
import { type IssuedToken, issueUserToken } from '../../lib/auth/tokens.js';
import { withPlatformAccess } from '../../lib/db/index.js';
import type { MembershipRole } from '../../lib/db/tables/platform.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { assertUnderLimit, enforceRateLimit, rateLimiterFor } from '../../lib/rate-limit.js';
import { recordPlatformAudit } from '../audit/service.js';
import { listStoresOfUser } from '../tenancy/repository/memberships.js';
import { REFRESH_TTL_SECONDS } from './cookies.js';
import { findUserAccount, findUserByEmail, type UserAccount } from './repository/users.js';
import {
  findUserSessionForUpdate,
  insertUserSession,
  isLive,
  markUserSessionRotated,
  type NewSession,
  revokeUserFamily,
  type SessionMeta,
} from './sessions.js';

export const LOGIN_WINDOW_SECONDS = 15 * 60;

export interface Credentials {
  email: string;
  password: string;
}

export interface AuthedUser {
  id: string;
  email: string;
  isPlatformAdmin: boolean;
  emailVerified: boolean;
}

const failKey = (email: string) => `login:fail:user:${email.trim().toLowerCase()}`;

/**
 * Checks credentials under the login rate limits; audit-logs the outcome.
 * Unknown email and wrong password take the same work (a dummy hash is
 * compared) and raise the same 401 invalid_credentials.
 */
export async function verifyUserCredentials(
  deps: Deps,
  creds: Credentials,
  meta: SessionMeta,
): Promise<AuthedUser> {
  const limiter = rateLimiterFor(deps);
  // Per IP: every attempt counts. Skipped only when the caller's IP is unknown
  // (in-process requests); a real socket always has one.
  if (meta.ip)
    await enforceRateLimit(
      limiter,
      `login:ip:${meta.ip}`,
      deps.config.RATE_LOGIN_PER_IP,
      LOGIN_WINDOW_SECONDS,
    );
  // Per account: failures count; once at the limit every attempt is refused.
  await assertUnderLimit(limiter, failKey(creds.email), deps.config.RATE_LOGIN_FAILS_PER_ACCOUNT);

  const user = await findUserByEmail(deps.db, creds.email.trim());
  const ok = await verifyPassword(creds.password, user?.password_hash ?? (await dummyPasswordHash()));
  if (!user || !ok) {
    await limiter.hit(failKey(creds.email), deps.config.RATE_LOGIN_FAILS_PER_ACCOUNT, LOGIN_WINDOW_SECONDS);
    await recordPlatformAudit(deps.db, {
      actorType: 'anonymous',
      actorId: null,
      action: 'auth.login_failed',
      targetType: 'user',
      targetId: user?.id,
      ip: meta.ip,
      data: { email: creds.email.trim().toLowerCase().slice(0, 320) },
    });
    throw new AppError('invalid_credentials', 'The email or password is not correct');
  }
  await limiter.reset(failKey(creds.email));
  await recordPlatformAudit(deps.db, {
    actorType: user.is_platform_admin ? 'platform_admin' : 'user',
    actorId: user.id,
    action: 'auth.login',
    targetType: 'user',
    targetId: user.id,
    ip: meta.ip,
  });
  return {
    id: user.id,
    email: user.email,
    isPlatformAdmin: user.is_platform_admin,
    emailVerified: !!user.email_verified_at,
  };
}

/**
 * The signed-in user's account: email, platform-admin flag, verification.
 * Pages and routes that show or use "the current user's email" call this
 * (one query: auth/repository/users.ts findUserAccount).
 */
export async function getUserAccount(
  deps: Pick<Deps, 'db'>,
  userId: string,
): Promise<UserAccount | undefined> {
  return findUserAccount(deps.db, userId);
}

export interface UserStore {
  id: string;
  handle: string;
  name: string;
  role: MembershipRole;
  status: string;
}

/**
 * The stores a user belongs to. PLATFORM ACCESS: memberships are tenant-owned
 * and this list spans tenants, so it cannot go through withTenant. Safe
 * because the user id comes from a verified credential or token, never from
 * request input, and only that user's own memberships are read.
 */
export async function listUserStores(deps: Deps, userId: string): Promise<UserStore[]> {
  const rows = await withPlatformAccess(deps.db, (trx) => listStoresOfUser(trx, userId));
  return rows.map((r) => ({ id: r.id, handle: r.handle, name: r.name, role: r.role, status: r.status }));
}

export interface LoginResult {
  token: IssuedToken;
  user: AuthedUser;
  stores: UserStore[];
  refresh: NewSession;
}

export async function loginUser(deps: Deps, creds: Credentials, meta: SessionMeta): Promise<LoginResult> {
  const user = await verifyUserCredentials(deps, creds, meta);
  const refresh = await startUserRefreshSession(deps, user.id, meta);
  const token = await issueUserToken(deps.keys, user.id, deps.config.ACCESS_TOKEN_TTL_SECONDS);
  return { token, user, stores: await listUserStores(deps, user.id), refresh };
}

export async function startUserRefreshSession(
  deps: Deps,
  userId: string,
  meta: SessionMeta,
): Promise<NewSession> {
  return insertUserSession(deps.db, {
    userId,
    kind: 'refresh',
    now: deps.now(),
    ttlSeconds: REFRESH_TTL_SECONDS,
    meta,
  });
}

const badRefresh = () => new AppError('unauthenticated', 'The session has expired; sign in again');

/**
 * Rotates a refresh token: the presented one is marked rotated and a new one
 * of the same family is issued. A rotated (already used) token presented again
 * means it was copied: the whole family is revoked and the caller must sign in.
 */
export async function refreshUser(
  deps: Deps,
  secret: string,
  meta: SessionMeta,
): Promise<{ token: IssuedToken; refresh: NewSession; userId: string }> {
  const now = deps.now();
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const row = await findUserSessionForUpdate(trx, secret, 'refresh');
    if (!row || row.revoked_at) return { kind: 'invalid' as const };
    if (row.rotated_at) {
      await revokeUserFamily(trx, row.family_id, now);
      return { kind: 'reuse' as const, row };
    }
    if (!isLive(row, now)) return { kind: 'invalid' as const };
    await markUserSessionRotated(trx, row.id, now);
    const next = await insertUserSession(trx, {
      userId: row.user_id,
      kind: 'refresh',
      familyId: row.family_id,
      now,
      ttlSeconds: REFRESH_TTL_SECONDS,
      meta,
    });
    return { kind: 'ok' as const, next, userId: row.user_id };
  });
  if (outcome.kind === 'reuse') {
    await recordPlatformAudit(deps.db, {
      actorType: 'anonymous',
      action: 'auth.refresh_reuse',
      targetType: 'user',
      targetId: outcome.row.user_id,
      ip: meta.ip,
      data: { familyId: outcome.row.family_id },
    });
    throw badRefresh();
  }
  if (outcome.kind === 'invalid') throw badRefresh();
  const token = await issueUserToken(deps.keys, outcome.userId, deps.config.ACCESS_TOKEN_TTL_SECONDS);
  return { token, refresh: outcome.next, userId: outcome.userId };
}

/** Revokes the family of the presented refresh token (unknown tokens are ignored). */
export async function logoutUser(deps: Deps, secret: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await findUserSessionForUpdate(trx, secret, 'refresh');
    if (row) await revokeUserFamily(trx, row.family_id, deps.now());
  });
}
