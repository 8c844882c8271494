/**
 * Purchase orders (issue #12 point 7): edit a draft, send it (ordered + an
 * email to the supplier through the outbox), receive it in parts (stock
 * through the inventory ledger, never past what was ordered), audited.
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { createTestProduct, createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

type P = Awaited<ReturnType<typeof testPlatform>>;

async function draftPo(p: P) {
  const store = await createTestStore(p.deps);
  const t = store.tenant.id;
  const auth = { host: store.host, token: store.owner.token };
  const product = await createTestProduct(p.deps, t, {
    variants: [
      { sku: 'PO-A', price: 1000, stock: 1 },
      { sku: 'PO-B', price: 1000, stock: 0 },
    ],
  });
  const sup = await request(p.app, 'POST', '/api/admin/restock/suppliers', {
    ...auth,
    body: { name: 'Acme Mugs', email: 'orders@acme.example' },
  });
  expect(sup.status).toBe(201);
  const [a, b] = product.variants;
  const poId = await withTenant(p.deps.db, t, async (trx) => {
    const po = await trx
      .insertInto('purchase_orders')
      .values({ tenant_id: t, supplier_id: sup.body.id, total: 0, updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('purchase_order_lines')
      .values([
        { tenant_id: t, purchase_order_id: po.id, variant_id: a!.id, quantity: 10, unit_cost: 300 },
        { tenant_id: t, purchase_order_id: po.id, variant_id: b!.id, quantity: 4, unit_cost: 500 },
      ])
      .execute();
    return po.id;
  });
  return { store, t, auth, a: a!, b: b!, poId };
}

const stockOf = (p: P, t: string, id: string) =>
  withTenant(p.deps.db, t, (trx) =>
    trx
      .selectFrom('variants')
      .select('stock')
      .where('tenant_id', '=', t)
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  ).then((r) => r.stock);

describe('purchase orders', () => {
  it('edits a draft, sends it by email, receives it in parts through the ledger', async () => {
    const p = await testPlatform();
    const { t, auth, a, b, poId } = await draftPo(p);
    const path = `/api/admin/restock/purchase-orders/${poId}`;
    const edited = await request(p.app, 'PATCH', path, {
      ...auth,
      body: { lines: [{ variantId: a.id, quantity: 12, unitCost: 250 }], note: 'Blue glaze only' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ total: 12 * 250 + 4 * 500, note: 'Blue glaze only' });
    const sent = await request(p.app, 'POST', `${path}/send`, auth);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'ordered', sentTo: 'orders@acme.example' });
    const mail = await withTenant(p.deps.db, t, (trx) =>
      trx
        .selectFrom('outbox')
        .select('payload')
        .where('tenant_id', '=', t)
        .where('topic', '=', 'email.send')
        .execute(),
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]!.payload).toMatchObject({ to: 'orders@acme.example' });
    expect(String(mail[0]!.payload.text)).toContain('PO-A: 12 ×');
    expect(String(mail[0]!.payload.text)).toContain('Blue glaze only');
    // Sent POs are no longer editable.
    expect(
      (await request(p.app, 'PATCH', path, { ...auth, body: { lines: [{ variantId: a.id, quantity: 1 }] } }))
        .status,
    ).toBe(409);

    const part = await request(p.app, 'POST', `${path}/receive-lines`, {
      ...auth,
      body: { lines: [{ variantId: a.id, quantity: 5 }] },
    });
    expect(part.status).toBe(200);
    expect(part.body.status).toBe('ordered');
    expect(part.body.lines.find((l: { sku: string }) => l.sku === 'PO-A').receivedQuantity).toBe(5);
    expect(await stockOf(p, t, a.id)).toBe(1 + 5);
    // More than outstanding: 409, nothing booked.
    const over = await request(p.app, 'POST', `${path}/receive-lines`, {
      ...auth,
      body: {
        lines: [
          { variantId: b.id, quantity: 4 },
          { variantId: a.id, quantity: 8 },
        ],
      },
    });
    expect(over.status).toBe(409);
    expect(await stockOf(p, t, b.id)).toBe(0);
    const rest = await request(p.app, 'POST', `${path}/receive`, auth);
    expect(rest.status).toBe(200);
    expect(rest.body.status).toBe('received');
    expect(await stockOf(p, t, a.id)).toBe(1 + 12);
    expect(await stockOf(p, t, b.id)).toBe(4);
    const ledger = await withTenant(p.deps.db, t, (trx) =>
      trx
        .selectFrom('inventory_adjustments')
        .select(['variant_id', 'delta', 'reason', 'reference'])
        .where('tenant_id', '=', t)
        .where('reason', '=', 'purchase_order')
        .execute(),
    );
    expect(ledger.map((l) => l.delta).sort((x, y) => x - y)).toEqual([4, 5, 7]);
    expect(ledger.every((l) => l.reference === `purchase_order:${poId}`)).toBe(true);
    const audit = await withTenant(p.deps.db, t, (trx) =>
      trx.selectFrom('audit_log').select('action').where('tenant_id', '=', t).execute(),
    );
    expect(audit.map((x) => x.action)).toEqual(
      expect.arrayContaining([
        'supplier.created',
        'purchase_order.edited',
        'purchase_order.sent',
        'purchase_order.partially_received',
        'purchase_order.received',
      ]),
    );
  });

  it('refuses to send to a supplier without email, and a receipt of a line not on the PO', async () => {
    const p = await testPlatform();
    const { t, auth, poId } = await draftPo(p);
    await withTenant(p.deps.db, t, (trx) =>
      trx.updateTable('suppliers').set({ email: null }).where('tenant_id', '=', t).execute(),
    );
    const path = `/api/admin/restock/purchase-orders/${poId}`;
    const res = await request(p.app, 'POST', `${path}/send`, auth);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('no email address');
    expect((await request(p.app, 'POST', `${path}/order`, auth)).status).toBe(200);
    const bad = await request(p.app, 'POST', `${path}/receive-lines`, {
      ...auth,
      body: { lines: [{ variantId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] },
    });
    expect(bad.status).toBe(400);
  });
});
