/** Security cases for the recommendations admin routes. */
import { createTestProduct } from '../support/factories.js';
import { defineIsolationCases } from '../support/isolation.js';
import type { TestPlatform } from '../support/platform.js';

const overridesPath = async (p: TestPlatform, s: { tenant: { id: string } }) =>
  `/api/admin/products/${(await createTestProduct(p.deps, s.tenant.id)).id}/recommendation-overrides`;

export default defineIsolationCases([
  {
    route: 'GET /api/admin/products/{idOrHandle}/recommendation-overrides',
    surface: 'admin',
    minRole: 'staff',
    resource: true,
    path: overridesPath,
  },
  {
    route: 'PUT /api/admin/products/{idOrHandle}/recommendation-overrides',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: overridesPath,
    body: () => ({ pin: [], exclude: [] }),
  },
  {
    route: 'POST /api/admin/recommendations/rebuild',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/recommendations/rebuild',
  },
]);
