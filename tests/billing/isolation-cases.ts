/** Security cases for the billing admin routes (see tests/support/isolation.ts). */
import { defineIsolationCases } from '../support/isolation.js';

export default defineIsolationCases([
  { route: 'GET /api/admin/billing', surface: 'admin', minRole: 'admin', path: () => '/api/admin/billing' },
  {
    route: 'POST /api/admin/billing/checkout',
    surface: 'admin',
    minRole: 'owner',
    path: () => '/api/admin/billing/checkout',
    body: () => ({ plan: 'starter' }),
  },
  {
    route: 'POST /api/admin/billing/portal',
    surface: 'admin',
    minRole: 'owner',
    path: () => '/api/admin/billing/portal',
  },
]);
