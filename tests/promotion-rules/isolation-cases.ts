/** Security cases for the promotion-rules admin routes. */
import { withTenant } from '../../src/lib/db/index.js';
import { createPromotionRule } from '../../src/modules/promotion-rules/service.js';
import { defineIsolationCases } from '../support/isolation.js';
import type { TestPlatform } from '../support/platform.js';
import { insertVariant } from '../workers/fixtures/data.js';

const BODY = {
  name: 'Slow',
  kind: 'slow_mover' as const,
  params: { idleDays: 30, discountBp: 1000 },
};

const rulePath = async (p: TestPlatform, tenantId: string) => {
  const r = await createPromotionRule(p.deps.db, tenantId, BODY, new Date());
  return `/api/admin/promotion-rules/${r.id}`;
};

/** An open proposal in the store (a rule plus one inserted proposal row). */
const proposalId = async (p: TestPlatform, tenantId: string) => {
  const r = await createPromotionRule(p.deps.db, tenantId, BODY, new Date());
  const v = await insertVariant(p.deps, tenantId, { price: 1000, cost: 100, stock: 5 });
  const row = await withTenant(p.deps.db, tenantId, (trx) =>
    trx
      .insertInto('promotion_proposals')
      .values({
        tenant_id: tenantId,
        rule_id: r.id,
        run_key: 'iso',
        variant_id: v.variantId,
        product_id: v.productId,
        discount_bp: 1000,
        list_price: 1000,
        promo_price: 900,
        floor_price: 110,
        explanation: 'test',
        duration_days: 7,
        baseline_units: 0,
        baseline_revenue: 0,
        expected_units: 0,
        expected_revenue: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
};

export default defineIsolationCases([
  { route: 'GET /api/admin/promotion-rules', surface: 'admin', path: () => '/api/admin/promotion-rules' },
  {
    route: 'POST /api/admin/promotion-rules',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/promotion-rules',
    body: () => BODY,
  },
  {
    route: 'GET /api/admin/promotion-rules/{id}',
    surface: 'admin',
    resource: true,
    path: (p, s) => rulePath(p, s.tenant.id),
  },
  {
    route: 'PATCH /api/admin/promotion-rules/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: (p, s) => rulePath(p, s.tenant.id),
    body: () => ({ active: false }),
  },
  {
    route: 'DELETE /api/admin/promotion-rules/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: (p, s) => rulePath(p, s.tenant.id),
  },
  {
    route: 'GET /api/admin/promotion-proposals',
    surface: 'admin',
    path: () => '/api/admin/promotion-proposals',
  },
  {
    route: 'POST /api/admin/promotion-proposals/run',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/promotion-proposals/run',
  },
  {
    route: 'POST /api/admin/promotion-proposals/{id}/approve',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, s) => `/api/admin/promotion-proposals/${await proposalId(p, s.tenant.id)}/approve`,
    body: () => ({}),
  },
  {
    route: 'POST /api/admin/promotion-proposals/{id}/reject',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, s) => `/api/admin/promotion-proposals/${await proposalId(p, s.tenant.id)}/reject`,
  },
  { route: 'GET /api/admin/promotion-offers', surface: 'admin', path: () => '/api/admin/promotion-offers' },
  {
    route: 'GET /api/admin/promotion-settings',
    surface: 'admin',
    path: () => '/api/admin/promotion-settings',
  },
  {
    route: 'PATCH /api/admin/promotion-settings',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/promotion-settings',
    body: () => ({ maxStack: 2 }),
  },
]);
