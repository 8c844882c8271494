/**
 * The embedded default's seed: a platform admin and the demo store `demo`.
 * Idempotent: a second start finds both and creates nothing. Credentials are
 * returned (and printed) only when they were created in this run.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../lib/auth/password.js';
import { withPlatformAccess } from '../lib/db/index.js';
import type { Deps } from '../lib/http/context.js';

export interface SeedResult {
  handle: string;
  createdCredentials?: { label: string; email: string; password: string }[];
}

export const DEMO_HANDLE = 'demo';

export async function seedDemo(deps: Deps): Promise<SeedResult> {
  const created: { label: string; email: string; password: string }[] = [];
  await withPlatformAccess(deps.db, async (trx) => {
    const admin = await trx
      .selectFrom('users')
      .select('id')
      .where('is_platform_admin', '=', true)
      .executeTakeFirst();
    if (!admin) {
      const password = randomBytes(9).toString('base64url');
      const email = 'admin@storeloom.localhost';
      await trx
        .insertInto('users')
        .values({
          email,
          password_hash: await hashPassword(password),
          is_platform_admin: true,
          email_verified_at: new Date(),
          updated_at: new Date(),
        })
        .execute();
      created.push({ label: 'Platform admin', email, password });
    }
    const demo = await trx
      .selectFrom('tenants')
      .select('id')
      .where('handle', '=', DEMO_HANDLE)
      .executeTakeFirst();
    if (!demo) {
      const password = randomBytes(9).toString('base64url');
      const email = 'merchant@demo.localhost';
      const user = await trx
        .insertInto('users')
        .values({
          email,
          password_hash: await hashPassword(password),
          email_verified_at: new Date(),
          updated_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const tenant = await trx
        .insertInto('tenants')
        .values({ handle: DEMO_HANDLE, name: 'Demo Store', updated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('memberships')
        .values({ tenant_id: tenant.id, user_id: user.id, role: 'owner' })
        .execute();
      created.push({ label: 'Demo merchant', email, password });
    }
  });
  return { handle: DEMO_HANDLE, createdCredentials: created.length ? created : undefined };
}
