/**
 * A signed-in shopper's own account: profile (name), password change (current
 * password required; every other session ends), and e-mail verification
 * links. A verify token names the address it proves: for the current address
 * it marks the account verified; for a new address it is an email change that
 * takes effect only when the link sent to that new address is opened
 * (src/flows/verify-customer-email.ts). Links are sent through the outbox.
 */
import { hashPassword, verifyPassword } from '../../lib/auth/password.js';
import { storeUrl } from '../../lib/config.js';
import { withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { Deps, TenantInfo } from '../../lib/http/context.js';
import { enforceRateLimit, rateLimiterFor } from '../../lib/rate-limit.js';
import { recordAudit } from '../audit/service.js';
import { VERIFY_TTL_SECONDS } from '../auth/email-flows.js';
import { assertPasswordAcceptable } from '../auth/password-policy.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import { revokeAllCustomerSessions } from '../auth/sessions.js';
import { enqueueEmail } from '../mail/service.js';
import * as accounts from './repository/accounts.js';
import * as repo from './repository.js';

export interface AccountProfile {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  /** A new address waiting for its link to be opened. */
  pendingEmail: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function getAccountProfile(deps: Deps, tenantId: string, customerId: string): Promise<AccountProfile> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const c = await repo.findCustomerProfile(trx, tenantId, customerId);
    if (!c) throw new AppError('not_found', 'Account not found');
    return {
      id: c.id,
      email: c.email,
      name: c.name,
      emailVerified: c.email_verified_at !== null,
      pendingEmail: await accounts.findPendingEmail(trx, tenantId, customerId, c.email, deps.now()),
    };
  });
}

export async function updateCustomerName(deps: Deps, tenantId: string, customerId: string, name: string) {
  const clean = name.trim().slice(0, 200);
  await withTenant(deps.db, tenantId, (trx) =>
    accounts.setCustomerName(trx, tenantId, customerId, clean || null, deps.now()),
  );
}

/**
 * Changes the password after checking the current one; ends every session of
 * the shopper (the page signs them in again). Wrong current password → 401
 * invalid_credentials; a weak new one → the password policy's 400.
 */
export async function changeCustomerPassword(
  deps: Deps,
  tenantId: string,
  customerId: string,
  current: string,
  next: string,
): Promise<void> {
  await enforceRateLimit(rateLimiterFor(deps), `customer-password:${tenantId}:${customerId}`, 10, 900);
  const row = await withTenant(deps.db, tenantId, (trx) =>
    accounts.findCustomerPasswordHash(trx, tenantId, customerId),
  );
  if (!row?.password_hash || !(await verifyPassword(current, row.password_hash)))
    throw new AppError('invalid_credentials', 'The current password is not right');
  assertPasswordAcceptable(next);
  const hash = await hashPassword(next);
  const now = deps.now();
  await withTenant(deps.db, tenantId, async (trx) => {
    await repo.setCustomerPassword(trx, tenantId, customerId, hash, now);
    await revokeAllCustomerSessions(trx, tenantId, customerId, now);
    await recordAudit(trx, tenantId, {
      actorType: 'customer',
      actorId: customerId,
      action: 'customer.password_changed',
      targetType: 'customer',
      targetId: customerId,
    });
  });
}

/**
 * Emails a verification link for `email` (default: the account's current
 * address). A different address is an email change: refused with 409
 * email_taken when another account of this store has it. Rate-limited per
 * account.
 */
export async function sendCustomerVerification(
  deps: Deps,
  tenant: TenantInfo,
  customerId: string,
  emailIn?: string,
): Promise<{ email: string }> {
  const now = deps.now();
  const result = await withTenant(deps.db, tenant.id, async (trx) => {
    const c = await repo.findCustomerProfile(trx, tenant.id, customerId);
    if (!c) throw new AppError('not_found', 'Account not found');
    const email = (emailIn ?? c.email).trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 254)
      throw new AppError('validation_failed', 'Enter an e-mail address like name@example.com', {
        issues: [{ path: 'email', message: 'Enter an e-mail address like name@example.com.' }],
      });
    if (email === c.email && c.email_verified_at) return { email, send: false };
    if (await accounts.emailTakenByOther(trx, tenant.id, customerId, email))
      throw new AppError('email_taken', 'Another account uses this e-mail address');
    return { email, send: true };
  });
  if (!result.send) return { email: result.email };
  await enforceRateLimit(rateLimiterFor(deps), `customer-verify:${tenant.id}:${customerId}`, 5, 3600);
  const secret = newSecret();
  const link = `${storeUrl(deps.config, tenant.handle)}/account/verify?token=${encodeURIComponent(secret)}`;
  await withTenant(deps.db, tenant.id, async (trx) => {
    await accounts.insertVerifyToken(trx, tenant.id, {
      customerId,
      email: result.email,
      tokenHash: hashSecret(secret),
      expiresAt: new Date(now.getTime() + VERIFY_TTL_SECONDS * 1000),
      now,
    });
    await enqueueEmail(trx, tenant.id, {
      to: result.email,
      subject: `Confirm your e-mail address at ${tenant.name}`,
      text: `Open this link to confirm ${result.email} for your account at ${tenant.name} (it works once, for 48 hours):\n${link}\n\nOrders you placed as a guest with this address will then appear in your account.\nIf it was not you, ignore this email.`,
    });
  });
  return { email: result.email };
}
