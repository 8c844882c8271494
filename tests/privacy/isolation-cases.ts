/** Security cases for the shopper data export / erasure routes (another store's customer → 404). */
import { createTestCustomer } from '../support/factories.js';
import { defineIsolationCases } from '../support/isolation.js';

export default defineIsolationCases([
  { route: 'GET /api/store/account/data', surface: 'customer', path: () => '/api/store/account/data' },
  {
    route: 'POST /api/store/account/erase',
    surface: 'customer',
    path: () => '/api/store/account/erase',
    body: () => ({ confirm: true }),
  },
  {
    route: 'GET /api/admin/customers/{id}/data',
    surface: 'admin',
    resource: true,
    path: async (p, s) => `/api/admin/customers/${(await createTestCustomer(p.deps, s.tenant.id)).id}/data`,
  },
  {
    route: 'POST /api/admin/customers/{id}/erase',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, s) => `/api/admin/customers/${(await createTestCustomer(p.deps, s.tenant.id)).id}/erase`,
    body: () => ({ confirm: true }),
  },
]);
