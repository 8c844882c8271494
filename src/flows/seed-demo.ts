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
import { findUserByEmail, insertUser, platformAdminExists } from '../modules/auth/repository/users.js';
import { getTemplate } from '../modules/stores/templates.js';
import { findTenantSummaryByHandle } from '../modules/tenancy/repository/tenants.js';
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
    adminExists: await platformAdminExists(trx),
    demoExists: !!(await findTenantSummaryByHandle(trx, DEMO_HANDLE)),
    merchantEmailTaken: !!(await findUserByEmail(trx, 'merchant@demo.localhost')),
  }));

  if (!adminExists) {
    const password = randomBytes(9).toString('base64url');
    const email = 'admin@storeloom.localhost';
    const passwordHash = await hashPassword(password);
    const now = new Date();
    await withPlatformAccess(deps.db, (trx) =>
      insertUser(trx, { email, passwordHash, isPlatformAdmin: true, emailVerifiedAt: now, now }),
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
