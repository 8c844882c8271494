/** Security cases for the settlement admin routes (see tests/support/isolation.ts). */
import { defineIsolationCases } from '../support/isolation.js';

export default defineIsolationCases([
  {
    route: 'GET /api/admin/settlement',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/settlement',
  },
  {
    route: 'GET /api/admin/settlement/export',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/settlement/export',
  },
]);
