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

const alertPath = async (p: { deps: { db: import('../../src/lib/db/index.js').Db } }, tenantId: string) => {
  const { createTestProduct } = await import('../support/factories.js');
  const { sweepStockAlerts, listAlerts } = await import('../../src/modules/alerts/service.js');
  await createTestProduct(p.deps as never, tenantId, {
    variants: [
      { sku: `ISO-${Math.random().toString(36).slice(2, 10)}`, price: 100, stock: 0, lowStockThreshold: 3 },
    ],
  });
  const [a] = await withTenant(p.deps.db, tenantId, async (trx) => {
    await sweepStockAlerts(trx, tenantId);
    return listAlerts(trx, tenantId, { status: 'open' });
  });
  return `/api/admin/alerts/${a!.id}/attention`;
};

export default defineIsolationCases([
  {
    route: 'POST /api/admin/alerts/{id}/attention',
    surface: 'admin',
    minRole: 'staff',
    resource: true,
    path: (p, s) => alertPath(p, s.tenant.id),
    body: () => ({ action: 'acknowledge' }),
  },
  {
    route: 'POST /api/admin/webhooks/{id}/rotate-secret',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, s) => `${await endpointPath(p, s.tenant.id)}/rotate-secret`,
  },
  {
    route: 'GET /api/admin/webhooks/{id}/deliveries',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, s) => `${await endpointPath(p, s.tenant.id)}/deliveries`,
  },
  {
    route: 'POST /api/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, s) => `${await endpointPath(p, s.tenant.id)}/deliveries/1/redeliver`,
  },
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
