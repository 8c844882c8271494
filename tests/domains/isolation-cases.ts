/** Security cases for the custom-domain admin routes (see tests/support/isolation.ts). */
import { defineIsolationCases } from '../support/isolation.js';

export default defineIsolationCases([
  { route: 'GET /api/admin/domain', surface: 'admin', minRole: 'staff', path: () => '/api/admin/domain' },
  {
    route: 'POST /api/admin/domain',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/domain',
    body: () => ({ domain: 'shop.example.test' }),
  },
  {
    route: 'POST /api/admin/domain/verify',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/domain/verify',
  },
  { route: 'DELETE /api/admin/domain', surface: 'admin', minRole: 'admin', path: () => '/api/admin/domain' },
]);
