/**
 * Shopper accounts: one account per store (email unique per store, so the
 * same address registers independently in two stores). Tokens carry the
 * store's audience (src/lib/auth/tokens.ts), so a token from one store is
 * rejected on another. Refresh sessions rotate like the merchants' (family
 * revoked on reuse); password reset by emailed single-use token.
 *
 * A guest customer row (created by checkout, no password) is claimed by a
 * later registration with the same email.
 */
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../lib/auth/password.js';
import { type IssuedToken, issueCustomerToken } from '../../lib/auth/tokens.js';
import { storeUrl } from '../../lib/config.js';
import { withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { assertUnderLimit, enforceRateLimit, rateLimiterFor } from '../../lib/rate-limit.js';
import { recordAudit } from '../audit/service.js';
import { REFRESH_TTL_SECONDS } from '../auth/cookies.js';
import { assertPasswordAcceptable } from '../auth/password-policy.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import {
  findCustomerSession,
  insertCustomerSession,
  isLive,
  markCustomerSessionRotated,
  type NewSession,
  revokeAllCustomerSessions,
  revokeCustomerFamily,
  type SessionMeta,
} from '../auth/sessions.js';
import { enqueueEmail } from '../mail/service.js';
import * as repo from './repository.js';

const WINDOW = 15 * 60;
const RESET_TTL_SECONDS = 3600;

export interface CustomerView {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  createdAt: string;
}

export interface CustomerAuth {
  customer: { id: string; email: string };
  token: IssuedToken;
  refresh: NewSession;
}

async function issue(deps: Deps, tenantId: string, customerId: string, meta: SessionMeta, familyId?: string) {
  const refresh = await withTenant(deps.db, tenantId, (trx) =>
    insertCustomerSession(trx, {
      tenantId,
      customerId,
      kind: 'refresh',
      familyId,
      now: deps.now(),
      ttlSeconds: REFRESH_TTL_SECONDS,
      meta,
    }),
  );
  const token = await issueCustomerToken(
    deps.keys,
    tenantId,
    customerId,
    deps.config.ACCESS_TOKEN_TTL_SECONDS,
  );
  return { refresh, token };
}

export async function registerCustomer(
  deps: Deps,
  tenant: TenantInfo,
  input: { email: string; password: string; name?: string },
  meta: SessionMeta,
): Promise<CustomerAuth> {
  if (meta.ip)
    await enforceRateLimit(
      rateLimiterFor(deps),
      `customer-signup:ip:${meta.ip}`,
      deps.config.RATE_SIGNUPS_PER_IP,
      3600,
    );
  assertPasswordAcceptable(input.password);
  const email = input.email.trim().toLowerCase();
  const hash = await hashPassword(input.password);
  const now = deps.now();
  const customer = await withTenant(deps.db, tenant.id, async (trx) => {
    const existing = await repo.findCustomerByEmail(trx, tenant.id, email, { lock: true });
    if (existing?.password_hash)
      throw new AppError('email_taken', 'An account with this email already exists');
    const values = { passwordHash: hash, name: input.name ?? null, now };
    const row = existing
      ? await repo.claimGuestCustomer(trx, tenant.id, existing.id, values)
      : await repo.insertCustomer(trx, tenant.id, { email, ...values });
    // A concurrent registration won the insert.
    if (!row) throw new AppError('email_taken', 'An account with this email already exists');
    await recordAudit(trx, tenant.id, {
      actorType: 'customer',
      actorId: row.id,
      action: 'customer.registered',
      targetType: 'customer',
      targetId: row.id,
      ip: meta.ip,
    });
    // Merchant webhooks (customer.created); a re-registration of a claimed guest is written once.
    await enqueueOutbox(trx, tenant.id, {
      topic: 'customer.created',
      payload: { customerId: row.id, email },
      dedupeKey: `customer.created:${row.id}`,
    });
    return row;
  });
  const { refresh, token } = await issue(deps, tenant.id, customer.id, meta);
  return { customer, token, refresh };
}

export async function loginCustomer(
  deps: Deps,
  tenant: TenantInfo,
  input: { email: string; password: string },
  meta: SessionMeta,
): Promise<CustomerAuth> {
  const limiter = rateLimiterFor(deps);
  const email = input.email.trim().toLowerCase();
  const failKey = `login:fail:customer:${tenant.id}:${email}`;
  if (meta.ip) await enforceRateLimit(limiter, `login:ip:${meta.ip}`, deps.config.RATE_LOGIN_PER_IP, WINDOW);
  await assertUnderLimit(limiter, failKey, deps.config.RATE_LOGIN_FAILS_PER_ACCOUNT);
  const row = await withTenant(deps.db, tenant.id, (trx) => repo.findCustomerByEmail(trx, tenant.id, email));
  const ok = await verifyPassword(input.password, row?.password_hash ?? (await dummyPasswordHash()));
  if (!row?.password_hash || !ok) {
    await limiter.hit(failKey, deps.config.RATE_LOGIN_FAILS_PER_ACCOUNT, WINDOW);
    await withTenant(deps.db, tenant.id, (trx) =>
      recordAudit(trx, tenant.id, {
        actorType: 'anonymous',
        action: 'customer.login_failed',
        targetType: 'customer',
        targetId: row?.id,
        ip: meta.ip,
        data: { email: email.slice(0, 320) },
      }),
    );
    throw new AppError('invalid_credentials', 'The email or password is not correct');
  }
  await limiter.reset(failKey);
  await withTenant(deps.db, tenant.id, (trx) =>
    recordAudit(trx, tenant.id, {
      actorType: 'customer',
      actorId: row.id,
      action: 'customer.login',
      targetType: 'customer',
      targetId: row.id,
      ip: meta.ip,
    }),
  );
  const { refresh, token } = await issue(deps, tenant.id, row.id, meta);
  return { customer: { id: row.id, email: row.email }, token, refresh };
}

export async function getCustomer(deps: Deps, tenantId: string, customerId: string): Promise<CustomerView> {
  const row = await withTenant(deps.db, tenantId, (trx) =>
    repo.findCustomerProfile(trx, tenantId, customerId),
  );
  if (!row) throw new AppError('unauthenticated', 'Sign in to your account');
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: !!row.email_verified_at,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const badRefresh = () => new AppError('unauthenticated', 'The session has expired; sign in again');

export async function refreshCustomer(
  deps: Deps,
  tenantId: string,
  secret: string,
  meta: SessionMeta,
): Promise<{ token: IssuedToken; refresh: NewSession }> {
  const now = deps.now();
  const outcome = await withTenant(deps.db, tenantId, async (trx) => {
    const row = await findCustomerSession(trx, tenantId, secret, 'refresh', true);
    if (!row || row.revoked_at) return { kind: 'invalid' as const };
    if (row.rotated_at) {
      await revokeCustomerFamily(trx, tenantId, row.family_id, now);
      return { kind: 'invalid' as const };
    }
    if (!isLive(row, now)) return { kind: 'invalid' as const };
    await markCustomerSessionRotated(trx, tenantId, row.id, now);
    const next = await insertCustomerSession(trx, {
      tenantId,
      customerId: row.customer_id,
      kind: 'refresh',
      familyId: row.family_id,
      now,
      ttlSeconds: REFRESH_TTL_SECONDS,
      meta,
    });
    return { kind: 'ok' as const, next, customerId: row.customer_id };
  });
  if (outcome.kind !== 'ok') throw badRefresh();
  const token = await issueCustomerToken(
    deps.keys,
    tenantId,
    outcome.customerId,
    deps.config.ACCESS_TOKEN_TTL_SECONDS,
  );
  return { token, refresh: outcome.next };
}

export async function logoutCustomer(deps: Deps, tenantId: string, secret: string): Promise<void> {
  await withTenant(deps.db, tenantId, async (trx) => {
    const row = await findCustomerSession(trx, tenantId, secret, 'refresh', true);
    if (row) await revokeCustomerFamily(trx, tenantId, row.family_id, deps.now());
  });
}

/** Emails a reset link when the shopper exists in this store; silent otherwise. */
export async function requestCustomerPasswordReset(
  deps: Deps,
  tenant: TenantInfo,
  emailIn: string,
): Promise<void> {
  const email = emailIn.trim().toLowerCase();
  await enforceRateLimit(rateLimiterFor(deps), `reset:customer:${tenant.id}:${email}`, 5, 3600);
  const now = deps.now();
  await withTenant(deps.db, tenant.id, async (trx) => {
    const c = await repo.findCustomerByEmail(trx, tenant.id, email);
    if (!c?.password_hash) return;
    const secret = newSecret();
    const expiresAt = new Date(now.getTime() + RESET_TTL_SECONDS * 1000);
    await repo.insertResetToken(trx, tenant.id, c.id, hashSecret(secret), expiresAt, now);
    const link = `${storeUrl(deps.config, tenant.handle)}/account/reset-password?token=${encodeURIComponent(secret)}`;
    await enqueueEmail(trx, tenant.id, {
      to: c.email,
      subject: `Reset your password at ${tenant.name}`,
      text: `Choose a new password for your account at ${tenant.name} (the link works once, for one hour):\n${link}\n\nIf it was not you, ignore this email.`,
    });
  });
}

export async function confirmCustomerPasswordReset(
  deps: Deps,
  tenantId: string,
  secret: string,
  password: string,
): Promise<void> {
  assertPasswordAcceptable(password);
  const hash = await hashPassword(password);
  const now = deps.now();
  await withTenant(deps.db, tenantId, async (trx) => {
    const customerId = await repo.useResetToken(trx, tenantId, hashSecret(secret), now);
    if (!customerId) throw new AppError('unauthenticated', 'This link is invalid or has expired');
    await repo.setCustomerPassword(trx, tenantId, customerId, hash, now);
    await revokeAllCustomerSessions(trx, tenantId, customerId, now);
    await recordAudit(trx, tenantId, {
      actorType: 'customer',
      actorId: customerId,
      action: 'customer.password_reset',
      targetType: 'customer',
      targetId: customerId,
    });
  });
}
