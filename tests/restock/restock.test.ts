/** Restock planning against the database: plan from order history, idempotent drafts, PO lifecycle through the ledger. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { draftPurchaseOrders } from '../../src/modules/restock/planning.js';
import { restockProcessor } from '../../workers/processors/restock.js';
import { addMember, createTestStore } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { insertSales, insertVariant } from '../workers/fixtures/data.js';

async function stockOf(p: TestPlatform, tenantId: string, variantId: string) {
  return withTenant(p.deps.db, tenantId, (trx) =>
    trx
      .selectFrom('variants')
      .select('stock')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', variantId)
      .executeTakeFirstOrThrow(),
  );
}

async function setup(p: TestPlatform) {
  const s = await createTestStore(p.deps);
  const opts = { host: s.host, token: s.owner.token };
  const sup = await request(p.app, 'POST', '/api/admin/restock/suppliers', {
    ...opts,
    body: { name: 'Acme Supply', email: 'orders@acme.example', leadTimeDays: 7, moq: 50, packSize: 12 },
  });
  expect(sup.status).toBe(201);
  // A variant created long ago, selling ~5/day for 60 days, with 10 in stock.
  const v = await insertVariant(p.deps, s.tenant.id, { stock: 10, threshold: 3 });
  await withTenant(p.deps.db, s.tenant.id, (trx) =>
    trx
      .updateTable('variants')
      .set({ created_at: sql`now() - interval '400 days'` })
      .where('id', '=', v.variantId)
      .execute(),
  );
  await insertSales(
    p.deps,
    s.tenant.id,
    v,
    Array.from({ length: 60 }, (_, i) => ({ daysAgo: i + 1, quantity: 4 + (i % 3) })),
  );
  const idle = await insertVariant(p.deps, s.tenant.id, { stock: 100 });
  const link = await request(p.app, 'PUT', `/api/admin/restock/variants/${v.variantId}/supplier`, {
    ...opts,
    body: { supplierId: sup.body.id, unitCost: 700 },
  });
  expect(link.status).toBe(200);
  return { s, opts, v, idle, supplierId: sup.body.id as string };
}

describe('restock planning', () => {
  it('plans from order history and drafts one PO per supplier, once per plan key', async () => {
    const p = await testPlatform();
    const { s, opts, v, idle, supplierId } = await setup(p);
    const plan = await request(p.app, 'GET', '/api/admin/restock/plan', opts);
    expect(plan.status).toBe(200);
    const item = plan.body.items.find((i: { variantId: string }) => i.variantId === v.variantId);
    expect(item).toMatchObject({ status: 'ok', supplierId, available: 10 });
    expect(item.explanation).toContain('reorder point');
    expect(item.meanDaily).toBeGreaterThan(3.5);
    expect(item.meanDaily).toBeLessThan(6.5);
    expect(item.orderQuantity % 12).toBe(0);
    expect(item.orderQuantity).toBeGreaterThanOrEqual(50);
    expect(item.reorderPoint).toBeGreaterThan(10);
    expect(plan.body.items.find((i: { variantId: string }) => i.variantId === idle.variantId)).toMatchObject({
      status: 'no_demand',
      orderQuantity: 0,
    });
    const now = new Date();
    const a = await withTenant(p.deps.db, s.tenant.id, (trx) =>
      draftPurchaseOrders(trx, s.tenant.id, 'night-1', now),
    );
    const b = await withTenant(p.deps.db, s.tenant.id, (trx) =>
      draftPurchaseOrders(trx, s.tenant.id, 'night-1', now),
    );
    expect(a.purchaseOrders).toHaveLength(1);
    expect(b.purchaseOrders).toHaveLength(0);
    // A new night with the draft still open: the draft counts as on order, nothing more is drafted.
    const c = await withTenant(p.deps.db, s.tenant.id, (trx) =>
      draftPurchaseOrders(trx, s.tenant.id, 'night-2', now),
    );
    expect(c.purchaseOrders).toHaveLength(0);
    const pos = await request(p.app, 'GET', '/api/admin/restock/purchase-orders', opts);
    expect(pos.body.items).toHaveLength(1);
    expect(pos.body.items[0]).toMatchObject({ status: 'draft', supplierId, supplierName: 'Acme Supply' });
    expect(pos.body.items[0].lines).toEqual([
      {
        variantId: v.variantId,
        sku: v.sku,
        quantity: item.orderQuantity,
        unitCost: 700,
        receivedQuantity: 0,
      },
    ]);
    expect(pos.body.items[0].total).toBe(item.orderQuantity * 700);
  });

  it('draft → ordered → received adds stock once through the ledger; illegal moves are 409', async () => {
    const p = await testPlatform();
    const { s, opts, v } = await setup(p);
    const drafted = await request(p.app, 'POST', '/api/admin/restock/plan', opts);
    expect(drafted.status).toBe(201);
    const id = drafted.body.purchaseOrders[0];
    expect(
      (await request(p.app, 'POST', `/api/admin/restock/purchase-orders/${id}/receive`, opts)).status,
    ).toBe(409);
    const ordered = await request(p.app, 'POST', `/api/admin/restock/purchase-orders/${id}/order`, opts);
    expect(ordered.body.status).toBe('ordered');
    const qty = ordered.body.lines[0].quantity;
    const [r1, r2] = await Promise.all([
      request(p.app, 'POST', `/api/admin/restock/purchase-orders/${id}/receive`, opts),
      request(p.app, 'POST', `/api/admin/restock/purchase-orders/${id}/receive`, opts),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    expect((await stockOf(p, s.tenant.id, v.variantId)).stock).toBe(10 + qty);
    const ledger = await withTenant(p.deps.db, s.tenant.id, (trx) =>
      trx
        .selectFrom('inventory_adjustments')
        .selectAll()
        .where('variant_id', '=', v.variantId)
        .where('reason', '=', 'purchase_order')
        .execute(),
    );
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ delta: qty, reference: `purchase_order:${id}`, actor_id: s.owner.id });
    expect(
      (await request(p.app, 'POST', `/api/admin/restock/purchase-orders/${id}/cancel`, opts)).status,
    ).toBe(409);
  });

  it('the nightly job drafts inside the tenant, keyed by job', async () => {
    const p = await testPlatform();
    const { s } = await setup(p);
    const worker = restockProcessor.register(p.deps);
    try {
      await p.deps.hub.queue('restock').add('plan', { tenantId: s.tenant.id, planKey: 'nightly-2026-06-01' });
      await p.deps.hub.queue('restock').add('plan', { tenantId: s.tenant.id, planKey: 'nightly-2026-06-01' });
      await expect
        .poll(
          async () =>
            (
              await withTenant(p.deps.db, s.tenant.id, (trx) =>
                trx.selectFrom('purchase_orders').select('plan_key').execute(),
              )
            ).map((r) => r.plan_key),
          { timeout: 10_000 },
        )
        .toEqual(['nightly-2026-06-01']);
    } finally {
      await worker.close();
    }
  });
});

describe('restock admin API errors', () => {
  it('validates input and roles, changing nothing', async () => {
    const p = await testPlatform();
    const { s, opts, v, supplierId } = await setup(p);
    expect(
      (await request(p.app, 'POST', '/api/admin/restock/suppliers', { ...opts, body: { name: '' } })).status,
    ).toBe(400);
    expect(
      (await request(p.app, 'POST', '/api/admin/restock/suppliers', { ...opts, body: { name: 'x', moq: 0 } }))
        .status,
    ).toBe(400);
    expect(
      (
        await request(p.app, 'PATCH', '/api/admin/restock/settings', {
          ...opts,
          body: { serviceLevelBp: 10000 },
        })
      ).status,
    ).toBe(400);
    const link = await request(p.app, 'PUT', `/api/admin/restock/variants/${v.variantId}/supplier`, {
      ...opts,
      body: { supplierId: '00000000-0000-4000-8000-000000000000', unitCost: 1 },
    });
    expect(link.status).toBe(404);
    expect((await request(p.app, 'GET', '/api/admin/restock/suppliers', opts)).body.items).toHaveLength(1);
    const staff = await addMember(p.deps, s.tenant.id, 'staff');
    expect(
      (await request(p.app, 'POST', '/api/admin/restock/plan', { host: s.host, token: staff.token })).status,
    ).toBe(403);
    expect(
      (await request(p.app, 'GET', '/api/admin/restock/plan', { host: s.host, token: staff.token })).status,
    ).toBe(200);
    const upd = await request(p.app, 'PATCH', `/api/admin/restock/suppliers/${supplierId}`, {
      ...opts,
      body: { leadTimeDays: 3 },
    });
    expect(upd.body.leadTimeDays).toBe(3);
    await request(p.app, 'POST', '/api/admin/restock/plan', opts);
    expect((await request(p.app, 'DELETE', `/api/admin/restock/suppliers/${supplierId}`, opts)).status).toBe(
      409,
    );
  });
});
