/** Security cases for the payments admin routes (see tests/support/isolation.ts). */
import { defineIsolationCases } from '../support/isolation.js';

export default defineIsolationCases([
  {
    route: 'POST /api/admin/payments/connect',
    surface: 'admin',
    minRole: 'owner',
    path: () => '/api/admin/payments/connect',
  },
  {
    route: 'GET /api/admin/payments/status',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/payments/status',
  },
]);
