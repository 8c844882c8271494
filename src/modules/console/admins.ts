/**
 * Platform admins: users with is_platform_admin. Created by
 * `npm run admin:create -- --email … --password …` (scripts/admin-create.ts)
 * and by the embedded default's seed. Idempotent: an existing user with that
 * email is promoted (its password is kept).
 */
import { hashPassword } from '../../lib/auth/password.js';
import { type Db, PLATFORM_TENANT_ID, withPlatformAccess } from '../../lib/db/index.js';
import { recordAudit } from '../audit/service.js';
import { assertPasswordAcceptable } from '../auth/password-policy.js';
import { findUserByEmail, insertUser, promoteToPlatformAdmin } from '../auth/repository/users.js';

export async function ensurePlatformAdmin(
  db: Db,
  input: { email: string; password: string; now?: Date },
): Promise<{ userId: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const now = input.now ?? new Date();
  return withPlatformAccess(db, async (trx) => {
    const existing = await findUserByEmail(trx, email);
    if (existing) {
      await promoteToPlatformAdmin(trx, existing.id, now);
      await recordAudit(trx, PLATFORM_TENANT_ID, {
        actorType: 'system',
        action: 'platform_admin.promoted',
        targetType: 'user',
        targetId: existing.id,
      });
      return { userId: existing.id, created: false };
    }
    assertPasswordAcceptable(input.password);
    const row = await insertUser(trx, {
      email,
      passwordHash: await hashPassword(input.password),
      isPlatformAdmin: true,
      emailVerifiedAt: now,
      now,
    });
    await recordAudit(trx, PLATFORM_TENANT_ID, {
      actorType: 'system',
      action: 'platform_admin.created',
      targetType: 'user',
      targetId: row.id,
    });
    return { userId: row.id, created: true };
  });
}
