/** Security cases for the catalog admin routes (products, categories, CSV). */
import { withTenant } from '../../src/lib/db/index.js';
import { createCategory } from '../../src/modules/catalog/service.js';
import { createTestProduct, uniq } from '../support/factories.js';
import { defineIsolationCases } from '../support/isolation.js';
import type { TestPlatform } from '../support/platform.js';

const productPath = async (p: TestPlatform, tenantId: string) =>
  `/api/admin/products/${(await createTestProduct(p.deps, tenantId)).id}`;

const categoryPath = async (p: TestPlatform, tenantId: string) => {
  const cat = await withTenant(p.deps.db, tenantId, (trx) =>
    createCategory(trx, tenantId, { handle: uniq('cat'), name: 'Category' }),
  );
  return `/api/admin/categories/${cat.id}`;
};

export default defineIsolationCases([
  { route: 'GET /api/admin/products', surface: 'admin', minRole: 'staff', path: () => '/api/admin/products' },
  {
    route: 'POST /api/admin/products',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/products',
    body: () => ({ title: 'Iso', variants: [{ sku: uniq('ISO-'), price: 100 }] }),
  },
  {
    route: 'GET /api/admin/products/{id}',
    surface: 'admin',
    minRole: 'staff',
    resource: true,
    path: (p, s) => productPath(p, s.tenant.id),
  },
  {
    route: 'PATCH /api/admin/products/{id}',
    surface: 'admin',
    minRole: 'staff',
    resource: true,
    path: (p, s) => productPath(p, s.tenant.id),
    body: () => ({ title: 'Renamed' }),
  },
  {
    route: 'GET /api/admin/products/export.csv',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/products/export.csv',
  },
  {
    route: 'POST /api/admin/products/import',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/products/import',
    body: () => `title,sku,price\nIso,${uniq('ISO-')},100\n`,
  },
  {
    route: 'GET /api/admin/categories',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/categories',
  },
  {
    route: 'POST /api/admin/categories',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/categories',
    body: () => ({ handle: uniq('cat'), name: 'Category' }),
  },
  {
    route: 'GET /api/admin/categories/{id}',
    surface: 'admin',
    minRole: 'staff',
    resource: true,
    path: (p, s) => categoryPath(p, s.tenant.id),
  },
  {
    route: 'PATCH /api/admin/categories/{id}',
    surface: 'admin',
    minRole: 'staff',
    resource: true,
    path: (p, s) => categoryPath(p, s.tenant.id),
    body: () => ({ name: 'Renamed' }),
  },
  {
    route: 'DELETE /api/admin/categories/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: (p, s) => categoryPath(p, s.tenant.id),
  },
]);
