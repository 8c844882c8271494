/** Security cases for the restock admin routes. */
import { withTenant } from '../../src/lib/db/index.js';
import { createSupplier } from '../../src/modules/restock/suppliers.js';
import { defineIsolationCases } from '../support/isolation.js';
import type { TestPlatform } from '../support/platform.js';
import { insertVariant } from '../workers/fixtures/data.js';

const supplier = (p: TestPlatform, tenantId: string) =>
  withTenant(p.deps.db, tenantId, (trx) => createSupplier(trx, tenantId, { name: 'S' }));

/** A draft purchase order in the store (a supplier, one line). */
async function purchaseOrder(p: TestPlatform, tenantId: string): Promise<string> {
  const s = await supplier(p, tenantId);
  const v = await insertVariant(p.deps, tenantId);
  return withTenant(p.deps.db, tenantId, async (trx) => {
    const po = await trx
      .insertInto('purchase_orders')
      .values({ tenant_id: tenantId, supplier_id: s.id, updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('purchase_order_lines')
      .values({
        tenant_id: tenantId,
        purchase_order_id: po.id,
        variant_id: v.variantId,
        quantity: 1,
        unit_cost: 1,
      })
      .execute();
    return po.id;
  });
}

const poCase = (action: string) => ({
  route: `POST /api/admin/restock/purchase-orders/{id}/${action}`,
  surface: 'admin' as const,
  minRole: 'admin' as const,
  resource: true,
  path: async (p: TestPlatform, s: { tenant: { id: string } }) =>
    `/api/admin/restock/purchase-orders/${await purchaseOrder(p, s.tenant.id)}/${action}`,
});

export default defineIsolationCases([
  {
    // The store's own past sales (issue #16); no body: every check answers before the file is read.
    route: 'POST /api/admin/restock/sales-history',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/restock/sales-history',
  },
  {
    route: 'GET /api/admin/restock/suppliers',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/restock/suppliers',
  },
  {
    route: 'POST /api/admin/restock/suppliers',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/restock/suppliers',
    body: () => ({ name: 'S' }),
  },
  {
    route: 'PATCH /api/admin/restock/suppliers/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, s) => `/api/admin/restock/suppliers/${(await supplier(p, s.tenant.id)).id}`,
    body: () => ({ leadTimeDays: 2 }),
  },
  {
    route: 'DELETE /api/admin/restock/suppliers/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, s) => `/api/admin/restock/suppliers/${(await supplier(p, s.tenant.id)).id}`,
  },
  {
    route: 'PUT /api/admin/restock/variants/{id}/supplier',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, s) =>
      `/api/admin/restock/variants/${(await insertVariant(p.deps, s.tenant.id)).variantId}/supplier`,
    // The supplier must belong to the store the request is made on; a foreign one is 404 anyway.
    body: () => ({ supplierId: '00000000-0000-4000-8000-000000000000', unitCost: 1 }),
  },
  {
    route: 'GET /api/admin/restock/settings',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/restock/settings',
  },
  {
    route: 'PATCH /api/admin/restock/settings',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/restock/settings',
    body: () => ({ coverDays: 14 }),
  },
  {
    route: 'GET /api/admin/restock/plan',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/restock/plan',
  },
  {
    route: 'POST /api/admin/restock/plan',
    surface: 'admin',
    minRole: 'admin',
    path: () => '/api/admin/restock/plan',
  },
  {
    route: 'GET /api/admin/restock/purchase-orders',
    surface: 'admin',
    minRole: 'staff',
    path: () => '/api/admin/restock/purchase-orders',
  },
  {
    route: 'GET /api/admin/restock/purchase-orders/{id}',
    surface: 'admin',
    minRole: 'staff',
    resource: true,
    path: async (p, s) => `/api/admin/restock/purchase-orders/${await purchaseOrder(p, s.tenant.id)}`,
  },
  poCase('order'),
  poCase('receive'),
  poCase('cancel'),
  poCase('send'),
  {
    ...poCase('receive-lines'),
    body: () => ({ lines: [{ variantId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] }),
  },
  {
    route: 'PATCH /api/admin/restock/purchase-orders/{id}',
    surface: 'admin',
    minRole: 'admin',
    resource: true,
    path: async (p, s) => `/api/admin/restock/purchase-orders/${await purchaseOrder(p, s.tenant.id)}`,
    body: () => ({ lines: [{ variantId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] }),
  },
]);
