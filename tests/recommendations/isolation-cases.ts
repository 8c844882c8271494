/** Security cases for the recommendations admin routes and the product page's rows fragment. */
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
    // The product page's rows fragment: a handle is looked up in the host's store only.
    route: 'GET /products/{handle}/recommendations',
    surface: 'storefront',
    resource: true,
    path: async (p, s) =>
      `/products/${(await createTestProduct(p.deps, s.tenant.id)).handle}/recommendations`,
  },
  {
    route: 'POST /api/admin/recommendations/rebuild',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/recommendations/rebuild',
  },
]);
