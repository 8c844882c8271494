/** Security cases for the alerts and webhooks admin routes. */
import { withTenant } from '../../src/lib/db/index.js';
import { createEndpoint } from '../../src/modules/webhooks/service.js';
import { defineIsolationCases } from '../support/isolation.js';

const endpointPath = async (
  p: { deps: { db: import('../../src/lib/db/index.js').Db } },
  tenantId: string,
) => {
  const ep = await withTenant(p.deps.db, tenantId, (trx) =>
    createEndpoint(trx, tenantId, { url: 'https://merchant.example/hook', events: [] }),
  );
  return `/api/admin/webhooks/${ep.id}`;
};

export default defineIsolationCases([
  { route: 'GET /api/admin/alerts', surface: 'admin', minRole: 'staff', path: () => '/api/admin/alerts' },
  { route: 'GET /api/admin/webhooks', surface: 'admin', minRole: 'admin', path: () => '/api/admin/webhooks' },
  {
    route: 'POST /api/admin/webhooks',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/webhooks',
    body: () => ({ url: 'https://merchant.example/hook' }),
  },
  {
    route: 'PATCH /api/admin/webhooks/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: (p, s) => endpointPath(p, s.tenant.id),
    body: () => ({ active: false }),
  },
  {
    route: 'DELETE /api/admin/webhooks/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: (p, s) => endpointPath(p, s.tenant.id),
  },
]);
