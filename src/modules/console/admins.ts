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

export async function ensurePlatformAdmin(
  db: Db,
  input: { email: string; password: string; now?: Date },
): Promise<{ userId: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const now = input.now ?? new Date();
  return withPlatformAccess(db, async (trx) => {
    const existing = await trx
      .selectFrom('users')
      .select(['id'])
      .where('email', '=', email)
      .executeTakeFirst();
    if (existing) {
      await trx
        .updateTable('users')
        .set({ is_platform_admin: true, updated_at: now })
        .where('id', '=', existing.id)
        .execute();
      await recordAudit(trx, PLATFORM_TENANT_ID, {
        actorType: 'system',
        action: 'platform_admin.promoted',
        targetType: 'user',
        targetId: existing.id,
      });
      return { userId: existing.id, created: false };
    }
    assertPasswordAcceptable(input.password);
    const row = await trx
      .insertInto('users')
      .values({
        email,
        password_hash: await hashPassword(input.password),
        is_platform_admin: true,
        email_verified_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, PLATFORM_TENANT_ID, {
      actorType: 'system',
      action: 'platform_admin.created',
      targetType: 'user',
      targetId: row.id,
    });
    return { userId: row.id, created: true };
  });
}
