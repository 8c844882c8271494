/** Security cases for the pricing admin routes. */
import { withTenant } from '../../src/lib/db/index.js';
import { createPromotion, createRule } from '../../src/modules/pricing/rules.js';
import { defineIsolationCases } from '../support/isolation.js';
import type { TestPlatform } from '../support/platform.js';
import { insertVariant } from '../workers/fixtures/data.js';

const rulePath = async (p: TestPlatform, tenantId: string) => {
  const r = await withTenant(p.deps.db, tenantId, (trx) =>
    createRule(trx, tenantId, { name: 'cp', kind: 'cost_plus', params: { markupBp: 1000 } }),
  );
  return `/api/admin/pricing/rules/${r.id}`;
};
const promoPath = async (p: TestPlatform, tenantId: string) => {
  const r = await withTenant(p.deps.db, tenantId, (trx) =>
    createPromotion(trx, tenantId, {
      name: 'p',
      kind: 'fixed',
      value: 100,
      target: 'all',
      startsAt: '2026-01-01T00:00:00Z',
    }),
  );
  return `/api/admin/pricing/promotions/${r.id}`;
};

export default defineIsolationCases([
  {
    route: 'GET /api/admin/pricing/rules',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/pricing/rules',
  },
  {
    route: 'POST /api/admin/pricing/rules',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/pricing/rules',
    body: () => ({ name: 'cp', kind: 'cost_plus', params: { markupBp: 1000 } }),
  },
  {
    route: 'PATCH /api/admin/pricing/rules/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: (p, s) => rulePath(p, s.tenant.id),
    body: () => ({ active: false }),
  },
  {
    route: 'DELETE /api/admin/pricing/rules/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: (p, s) => rulePath(p, s.tenant.id),
  },
  {
    route: 'GET /api/admin/pricing/promotions',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/pricing/promotions',
  },
  {
    route: 'POST /api/admin/pricing/promotions',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/pricing/promotions',
    body: () => ({ name: 'p', kind: 'fixed', value: 100, target: 'all', startsAt: '2026-01-01T00:00:00Z' }),
  },
  {
    route: 'PATCH /api/admin/pricing/promotions/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: (p, s) => promoPath(p, s.tenant.id),
    body: () => ({ active: false }),
  },
  {
    route: 'DELETE /api/admin/pricing/promotions/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: (p, s) => promoPath(p, s.tenant.id),
  },
  {
    route: 'GET /api/admin/pricing/preview',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/pricing/preview',
  },
  {
    route: 'POST /api/admin/pricing/apply',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/pricing/apply',
    body: () => ({}),
  },
  {
    route: 'GET /api/admin/pricing/settings',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/pricing/settings',
  },
  {
    route: 'PATCH /api/admin/pricing/settings',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/pricing/settings',
    body: () => ({ mode: 'propose' }),
  },
  {
    route: 'GET /api/admin/pricing/variants/{id}/history',
    surface: 'admin',
    minRole: 'staff',
    resource: true,
    path: async (p, s) =>
      `/api/admin/pricing/variants/${(await insertVariant(p.deps, s.tenant.id)).variantId}/history`,
  },
]);
