/**
 * Factories: each test builds its own users and stores directly in the
 * database (through the platform path, as provisioning does), so tests never
 * share data and can run in parallel.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../src/lib/auth/password.js';
import { issueCustomerToken, issueUserToken } from '../../src/lib/auth/tokens.js';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import type { MembershipRole } from '../../src/lib/db/tables/platform.js';
import type { Deps, TenantInfo } from '../../src/lib/http/context.js';
import { storeHost } from './platform.js';

export const uniq = (prefix = 't') => `${prefix}${randomBytes(5).toString('hex')}`;

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export async function createTestUser(
  deps: Deps,
  opts: { email?: string; platformAdmin?: boolean } = {},
): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = opts.email ?? `${uniq('u')}@example.test`;
  const hash = await passwordHash;
  const row = await withPlatformAccess(deps.db, (trx) =>
    trx
      .insertInto('users')
      .values({
        email,
        password_hash: hash,
        is_platform_admin: opts.platformAdmin ?? false,
        email_verified_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  const { accessToken } = await issueUserToken(deps.keys, row.id, 900);
  return { id: row.id, email, password: TEST_PASSWORD, token: accessToken };
}

export interface TestStore {
  tenant: TenantInfo;
  host: string;
  owner: TestUser;
}

export async function createTestStore(
  deps: Deps,
  opts: { handle?: string; currency?: string; status?: 'active' | 'suspended'; plan?: string } = {},
): Promise<TestStore> {
  const owner = await createTestUser(deps);
  const handle = opts.handle ?? uniq('s');
  const tenant = await withPlatformAccess(deps.db, async (trx) => {
    const t = await trx
      .insertInto('tenants')
      .values({
        handle,
        name: `Store ${handle}`,
        currency: opts.currency ?? 'USD',
        status: opts.status ?? 'active',
        plan: opts.plan ?? 'trial',
        updated_at: new Date(),
      })
      .returning(['id', 'handle', 'name', 'status', 'plan', 'currency', 'timezone'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('memberships')
      .values({ tenant_id: t.id, user_id: owner.id, role: 'owner' })
      .execute();
    return t;
  });
  return { tenant, host: storeHost(handle), owner };
}

export async function addMember(deps: Deps, tenantId: string, role: MembershipRole): Promise<TestUser> {
  const user = await createTestUser(deps);
  await withTenant(deps.db, tenantId, (trx) =>
    trx.insertInto('memberships').values({ tenant_id: tenantId, user_id: user.id, role }).execute(),
  );
  return user;
}

export async function createTestCustomer(
  deps: Deps,
  tenantId: string,
): Promise<{ id: string; email: string; token: string }> {
  const email = `${uniq('c')}@example.test`;
  const row = await withTenant(deps.db, tenantId, (trx) =>
    trx
      .insertInto('customers')
      .values({ tenant_id: tenantId, email, updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  const { accessToken } = await issueCustomerToken(deps.keys, tenantId, row.id, 900);
  return { id: row.id, email, token: accessToken };
}

/**
 * A product in `tenantId` through the catalog's own createProduct (active,
 * one variant with a unique SKU, price 1999, stock 10 unless overridden).
 */
export async function createTestProduct(
  deps: Deps,
  tenantId: string,
  overrides: Partial<import('../../src/modules/catalog/schemas.js').CreateProductInput> = {},
): Promise<import('../../src/modules/catalog/repository.js').ProductDetail> {
  const { createProduct } = await import('../../src/modules/catalog/service.js');
  const input = {
    title: overrides.title ?? `Product ${uniq('p')}`,
    status: 'active' as const,
    variants: [{ sku: uniq('SKU-'), price: 1999, stock: 10 }],
    ...overrides,
  };
  return withTenant(deps.db, tenantId, (trx) => createProduct(trx, tenantId, input));
}
