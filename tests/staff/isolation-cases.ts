/** Security cases for the staff admin routes (run by tests/security/isolation.test.ts). */
import { addMember, uniq } from '../support/factories.js';
import { defineIsolationCases } from '../support/isolation.js';

export default defineIsolationCases([
  { route: 'GET /api/admin/staff', surface: 'admin', minRole: 'staff', path: () => '/api/admin/staff' },
  {
    route: 'POST /api/admin/staff/invitations',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/staff/invitations',
    body: () => ({ email: `${uniq('inv')}@example.test`, role: 'staff' }),
  },
  {
    route: 'PATCH /api/admin/staff/{userId}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, store) => `/api/admin/staff/${(await addMember(p.deps, store.tenant.id, 'staff')).id}`,
    body: () => ({ role: 'staff' }),
  },
  {
    route: 'DELETE /api/admin/staff/{userId}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, store) => `/api/admin/staff/${(await addMember(p.deps, store.tenant.id, 'staff')).id}`,
  },
]);
