/** Security cases for the admin checkout settings: discount codes, shipping rates, tax rates. */
import { withTenant } from '../../src/lib/db/index.js';
import type { TestStore } from '../support/factories.js';
import { defineIsolationCases } from '../support/isolation.js';
import type { TestPlatform } from '../support/platform.js';

async function discountIn(p: TestPlatform, store: TestStore): Promise<string> {
  const t = store.tenant.id;
  const row = await withTenant(p.deps.db, t, (trx) =>
    trx
      .insertInto('discount_codes')
      .values({
        tenant_id: t,
        code: `C${Math.random().toString(36).slice(2, 10)}`,
        kind: 'fixed',
        value: 100,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

async function rateIn(p: TestPlatform, store: TestStore): Promise<string> {
  const t = store.tenant.id;
  const row = await withTenant(p.deps.db, t, (trx) =>
    trx
      .insertInto('shipping_rates')
      .values({ tenant_id: t, name: 'Std', amount: 500 })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

async function taxIn(p: TestPlatform, store: TestStore): Promise<string> {
  const t = store.tenant.id;
  await withTenant(p.deps.db, t, (trx) =>
    trx
      .insertInto('tax_rates')
      .values({ tenant_id: t, country: 'US', rate_bp: 800 })
      .onConflict((oc) => oc.doNothing())
      .execute(),
  );
  return 'US';
}

export default defineIsolationCases([
  { route: 'GET /api/admin/discount-codes', surface: 'admin', path: () => '/api/admin/discount-codes' },
  {
    route: 'POST /api/admin/discount-codes',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/discount-codes',
    body: () => ({ code: `X${Math.random().toString(36).slice(2, 8)}`, kind: 'fixed', value: 100 }),
  },
  {
    route: 'GET /api/admin/discount-codes/{id}',
    surface: 'admin',
    path: async (p, s) => `/api/admin/discount-codes/${await discountIn(p, s)}`,
    resource: true,
  },
  {
    route: 'PATCH /api/admin/discount-codes/{id}',
    surface: 'admin',
    minRole: 'admin',
    path: async (p, s) => `/api/admin/discount-codes/${await discountIn(p, s)}`,
    body: () => ({ active: false }),
    resource: true,
  },
  {
    route: 'DELETE /api/admin/discount-codes/{id}',
    surface: 'admin',
    minRole: 'admin',
    path: async (p, s) => `/api/admin/discount-codes/${await discountIn(p, s)}`,
    resource: true,
  },
  { route: 'GET /api/admin/shipping-rates', surface: 'admin', path: () => '/api/admin/shipping-rates' },
  {
    route: 'POST /api/admin/shipping-rates',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/shipping-rates',
    body: () => ({ name: 'Express', amount: 900 }),
  },
  {
    route: 'PATCH /api/admin/shipping-rates/{id}',
    surface: 'admin',
    minRole: 'admin',
    path: async (p, s) => `/api/admin/shipping-rates/${await rateIn(p, s)}`,
    body: () => ({ amount: 700 }),
    resource: true,
  },
  {
    route: 'DELETE /api/admin/shipping-rates/{id}',
    surface: 'admin',
    minRole: 'admin',
    path: async (p, s) => `/api/admin/shipping-rates/${await rateIn(p, s)}`,
    resource: true,
  },
  { route: 'GET /api/admin/tax-rates', surface: 'admin', path: () => '/api/admin/tax-rates' },
  {
    route: 'PUT /api/admin/tax-rates/{country}',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/tax-rates/GB',
    body: () => ({ rate: 2000, inclusive: true }),
  },
  {
    route: 'DELETE /api/admin/tax-rates/{country}',
    surface: 'admin',
    minRole: 'admin',
    path: async (p, s) => `/api/admin/tax-rates/${await taxIn(p, s)}`,
    resource: true,
  },
]);
