/**
 * The embedded default's seed: a platform admin and the demo store `demo`,
 * provisioned by the same flow as a real signup (apparel template: theme,
 * pages, categories, 20+ products with stock). Idempotent: a second start
 * finds both and creates nothing. Credentials are returned (and printed)
 * only when they were created in this run.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../lib/auth/password.js';
import { withPlatformAccess } from '../lib/db/index.js';
import type { Deps } from '../lib/http/context.js';
import { getTemplate } from '../modules/stores/templates.js';
import { provisionStore } from './provision-store.js';

export interface SeedResult {
  handle: string;
  createdCredentials?: { label: string; email: string; password: string }[];
}

export const DEMO_HANDLE = 'demo';
export const DEMO_TEMPLATE = 'apparel';

export async function seedDemo(deps: Deps): Promise<SeedResult> {
  const created: { label: string; email: string; password: string }[] = [];
  const { adminExists, demoExists, merchantEmailTaken } = await withPlatformAccess(deps.db, async (trx) => ({
    adminExists: !!(await trx
      .selectFrom('users')
      .select('id')
      .where('is_platform_admin', '=', true)
      .executeTakeFirst()),
    demoExists: !!(await trx
      .selectFrom('tenants')
      .select('id')
      .where('handle', '=', DEMO_HANDLE)
      .executeTakeFirst()),
    merchantEmailTaken: !!(await trx
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'merchant@demo.localhost')
      .executeTakeFirst()),
  }));

  if (!adminExists) {
    const password = randomBytes(9).toString('base64url');
    const email = 'admin@storeloom.localhost';
    await withPlatformAccess(deps.db, async (trx) =>
      trx
        .insertInto('users')
        .values({
          email,
          password_hash: await hashPassword(password),
          is_platform_admin: true,
          email_verified_at: new Date(),
          updated_at: new Date(),
        })
        .execute(),
    );
    created.push({ label: 'Platform admin', email, password });
  }

  if (!demoExists) {
    const template = await getTemplate(DEMO_TEMPLATE);
    if (!template) throw new Error(`The demo template "${DEMO_TEMPLATE}" is missing from tenant-templates/`);
    const password = randomBytes(9).toString('base64url');
    // An earlier seed may have left the merchant without its store: use a fresh address then.
    const email = merchantEmailTaken
      ? `merchant+${randomBytes(3).toString('hex')}@demo.localhost`
      : 'merchant@demo.localhost';
    await provisionStore(deps, { email, password, storeName: 'Demo Store', handle: DEMO_HANDLE, template });
    created.push({ label: 'Demo merchant', email, password });
  }
  return { handle: DEMO_HANDLE, createdCredentials: created.length ? created : undefined };
}
