/**
 * Security cases for the recommendations admin routes and the storefront's rows fragments (the product
 * page's and the cart's).
 */
import { createTestProduct } from '../support/factories.js';
import { defineIsolationCases } from '../support/isolation.js';
import type { TestPlatform } from '../support/platform.js';
import { insertCart } from './fixtures/store.js';

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
    // The cart's "Complete your order" fragment: the cart the cookie names is looked up in the host's
    // store only (the same cookie on another store's host finds no cart: 404).
    route: 'GET /cart/recommendations',
    surface: 'storefront',
    resource: true,
    path: () => '/cart/recommendations',
    headers: async (p, s) => {
      const product = await createTestProduct(p.deps, s.tenant.id);
      return { cookie: `sl_cart=${await insertCart(p.deps, s.tenant.id, [product.variants[0]!.id])}` };
    },
  },
  {
    route: 'POST /api/admin/recommendations/rebuild',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/recommendations/rebuild',
  },
]);
