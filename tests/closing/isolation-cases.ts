/** Security cases for the store-closing API (owner only; nothing of another store can be closed). */
import { defineIsolationCases } from '../support/isolation.js';

export default defineIsolationCases([
  {
    route: 'GET /api/admin/store/closing',
    surface: 'admin',
    minRole: 'owner',
    path: () => '/api/admin/store/closing',
  },
  {
    route: 'POST /api/admin/store/close',
    surface: 'admin',
    minRole: 'owner',
    path: () => '/api/admin/store/close',
    body: (_p, s) => ({ confirm: s.tenant.handle }),
  },
  {
    route: 'POST /api/admin/store/reopen',
    surface: 'admin',
    minRole: 'owner',
    path: () => '/api/admin/store/reopen',
  },
]);
