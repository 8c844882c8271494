/**
 * Merchant password reset and email verification: single-use, expiring
 * tokens (only the SHA-256 stored), delivered by email through the outbox.
 * A reset revokes every session of the user. Requests never reveal whether
 * an account exists.
 */
import { hashPassword } from '../../lib/auth/password.js';
import { PLATFORM_TENANT_ID, type Trx, withPlatformAccess } from '../../lib/db/index.js';
import type { EmailTokenPurpose } from '../../lib/db/tables/auth.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { enforceRateLimit, rateLimiterFor } from '../../lib/rate-limit.js';
import { recordAudit } from '../audit/service.js';
import { enqueueEmail } from '../mail/service.js';
import { assertPasswordAcceptable } from './password-policy.js';
import { consumeUserEmailToken, insertUserEmailToken } from './repository/email-tokens.js';
import {
  findUserAccount,
  findUserByEmail,
  markUserEmailVerified,
  setUserPassword,
} from './repository/users.js';
import { hashSecret, newSecret } from './secrets.js';
import { revokeAllUserSessions } from './sessions.js';

export const RESET_TTL_SECONDS = 60 * 60;
export const VERIFY_TTL_SECONDS = 48 * 60 * 60;

const invalidLink = () => new AppError('unauthenticated', 'This link is invalid or has expired');

async function createUserToken(
  trx: Trx,
  userId: string,
  purpose: EmailTokenPurpose,
  now: Date,
  ttlSeconds: number,
): Promise<string> {
  const secret = newSecret();
  await insertUserEmailToken(trx, {
    userId,
    purpose,
    tokenHash: hashSecret(secret),
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    now,
  });
  return secret;
}

/** Marks a token used (single use: the update only succeeds once) and returns its user. */
async function consumeUserToken(
  trx: Trx,
  secret: string,
  purpose: EmailTokenPurpose,
  now: Date,
): Promise<string> {
  const userId = await consumeUserEmailToken(trx, hashSecret(secret), purpose, now);
  if (!userId) throw invalidLink();
  return userId;
}

/**
 * Sends a reset link when the email belongs to a user; does nothing visible
 * otherwise. Rate limited per email (5 per hour) so it cannot be used to flood
 * an inbox.
 */
export async function requestUserPasswordReset(deps: Deps, email: string): Promise<void> {
  const normalised = email.trim().toLowerCase();
  await enforceRateLimit(rateLimiterFor(deps), `reset:user:${normalised}`, 5, 3600);
  const now = deps.now();
  // Platform door: the email is queued on the platform (nil-tenant) outbox.
  await withPlatformAccess(deps.db, async (trx) => {
    const user = await findUserByEmail(trx, normalised);
    if (!user) return;
    const secret = await createUserToken(trx, user.id, 'reset', now, RESET_TTL_SECONDS);
    const link = `${deps.config.PUBLIC_URL}/reset-password?token=${encodeURIComponent(secret)}`;
    await enqueueEmail(trx, PLATFORM_TENANT_ID, {
      to: user.email,
      subject: 'Reset your Storeloom password',
      text: `Someone asked to reset the password of your Storeloom account.\n\nChoose a new password here (the link works once, for one hour):\n${link}\n\nIf it was not you, ignore this email.`,
    });
  });
}

/** Sets a new password from a reset link; revokes every session of the user. */
export async function confirmUserPasswordReset(
  deps: Deps,
  secret: string,
  password: string,
): Promise<{ userId: string }> {
  assertPasswordAcceptable(password);
  const hash = await hashPassword(password);
  const now = deps.now();
  return withPlatformAccess(deps.db, async (trx) => {
    const userId = await consumeUserToken(trx, secret, 'reset', now);
    await setUserPassword(trx, userId, hash, now);
    await revokeAllUserSessions(trx, userId, now);
    await recordAudit(trx, PLATFORM_TENANT_ID, {
      actorType: 'user',
      actorId: userId,
      action: 'auth.password_reset',
      targetType: 'user',
      targetId: userId,
    });
    return { userId };
  });
}

/**
 * Queues a verification email for a user in the caller's platform
 * transaction (signup calls this inside its own transaction).
 */
export async function sendUserVerificationEmail(
  trx: Trx,
  deps: Pick<Deps, 'config' | 'now'>,
  user: { id: string; email: string },
): Promise<void> {
  const secret = await createUserToken(trx, user.id, 'verify', deps.now(), VERIFY_TTL_SECONDS);
  const link = `${deps.config.PUBLIC_URL}/verify-email?token=${encodeURIComponent(secret)}`;
  await enqueueEmail(trx, PLATFORM_TENANT_ID, {
    to: user.email,
    subject: 'Confirm your email for Storeloom',
    text: `Confirm that this address belongs to you (the link works once, for 48 hours):\n${link}`,
  });
}

/** Sends a new verification email to a signed-in user who is not verified yet. */
export async function requestUserVerification(
  deps: Deps,
  userId: string,
): Promise<{ alreadyVerified: boolean }> {
  await enforceRateLimit(rateLimiterFor(deps), `verify:user:${userId}`, 5, 3600);
  return withPlatformAccess(deps.db, async (trx) => {
    const user = await findUserAccount(trx, userId);
    if (!user) throw new AppError('unauthenticated', 'Sign in again');
    if (user.emailVerifiedAt) return { alreadyVerified: true };
    await sendUserVerificationEmail(trx, deps, user);
    return { alreadyVerified: false };
  });
}

export async function confirmUserVerification(deps: Deps, secret: string): Promise<{ userId: string }> {
  const now = deps.now();
  return withPlatformAccess(deps.db, async (trx) => {
    const userId = await consumeUserToken(trx, secret, 'verify', now);
    await markUserEmailVerified(trx, userId, now);
    return { userId };
  });
}
