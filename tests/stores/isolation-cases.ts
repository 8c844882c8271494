/** Security cases for the store settings and content-page admin routes. */
import { createStorePage } from '../../src/modules/stores/admin-service.js';
import { defineIsolationCases } from '../support/isolation.js';
import type { TestPlatform } from '../support/platform.js';

let n = 0;
const pagePath = async (p: TestPlatform, tenantId: string) => {
  const page = await createStorePage(p.deps.db, tenantId, {
    slug: `iso-page-${++n}-${Date.now()}`,
    title: 'Isolation',
    body: 'x',
  });
  return `/api/admin/store/pages/${page.id}`;
};

export default defineIsolationCases([
  {
    route: 'GET /api/admin/store/settings',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/store/settings',
  },
  {
    route: 'PATCH /api/admin/store/settings',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/store/settings',
    body: () => ({ tagline: 'Isolation check' }),
  },
  {
    route: 'GET /api/admin/store/pages',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/store/pages',
  },
  {
    route: 'POST /api/admin/store/pages',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/store/pages',
    body: () => ({ slug: `iso-new-${++n}-${Date.now()}`, title: 'New', body: 'Hello' }),
  },
  {
    route: 'GET /api/admin/store/pages/{id}',
    surface: 'admin',
    minRole: 'staff',
    resource: true,
    path: (p, s) => pagePath(p, s.tenant.id),
  },
  {
    route: 'PATCH /api/admin/store/pages/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: (p, s) => pagePath(p, s.tenant.id),
    body: () => ({ title: 'Changed' }),
  },
  {
    route: 'DELETE /api/admin/store/pages/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: (p, s) => pagePath(p, s.tenant.id),
  },
]);
