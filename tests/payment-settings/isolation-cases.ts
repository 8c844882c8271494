/** Security cases for the admin payment settings. */
import { defineIsolationCases } from '../support/isolation.js';

export default defineIsolationCases([
  { route: 'GET /api/admin/settings/payments', surface: 'admin', path: () => '/api/admin/settings/payments' },
  {
    route: 'PATCH /api/admin/settings/payments',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/settings/payments',
    body: () => ({ manual: { holdDays: 5 } }),
  },
]);
