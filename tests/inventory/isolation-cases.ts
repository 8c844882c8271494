/** Security cases for the inventory admin routes. */
import { createTestProduct } from '../support/factories.js';
import { defineIsolationCases } from '../support/isolation.js';
import type { TestPlatform } from '../support/platform.js';

const variantId = async (p: TestPlatform, tenantId: string) =>
  (await createTestProduct(p.deps, tenantId)).variants[0]!.id;

export default defineIsolationCases([
  {
    route: 'POST /api/admin/inventory/adjustments',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/inventory/adjustments',
    body: async (p, s) => ({ variantId: await variantId(p, s.tenant.id), delta: 1, reason: 'restock' }),
  },
  {
    route: 'GET /api/admin/variants/{id}/inventory',
    surface: 'admin',
    minRole: 'staff',
    resource: true,
    path: async (p, s) => `/api/admin/variants/${await variantId(p, s.tenant.id)}/inventory`,
  },
  {
    route: 'GET /api/admin/variants/{id}/adjustments',
    surface: 'admin',
    minRole: 'staff',
    resource: true,
    path: async (p, s) => `/api/admin/variants/${await variantId(p, s.tenant.id)}/adjustments`,
  },
]);
