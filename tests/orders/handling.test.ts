/**
 * Order handling in the admin: shipping by line (partial fulfilment), refunds
 * by line or amount with restock (never more than paid, never restocking more
 * than refunded), notes, resent confirmations, search/filters and the audit
 * entries each action leaves.
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { addVariant, checkoutReq, createCart, shopWithVariant, variantLevels } from '../checkout/support.js';
import type { TestStore } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

function adminCall(p: TestPlatform, store: TestStore) {
  return (method: string, path: string, body?: unknown) =>
    request(p.app, method, path, { host: store.host, token: store.owner.token, body });
}

/** A paid order with two lines: 3 × A at 1000 and 2 × B at 500. */
async function paidTwoLineOrder(p: TestPlatform) {
  const { store, variantId: a } = await shopWithVariant(p, { stock: 10, price: 1000 });
  const b = await addVariant(p, store, { stock: 10, price: 500 });
  const cartId = await createCart(p, store, [
    { variantId: a, quantity: 3 },
    { variantId: b, quantity: 2 },
  ]);
  const placed = await checkoutReq(p, store, cartId);
  expect(placed.status).toBe(201);
  const id = placed.body.order.id as string;
  const call = adminCall(p, store);
  expect((await call('POST', `/api/admin/orders/${id}/mark-paid`)).status).toBe(200);
  const detail = (await call('GET', `/api/admin/orders/${id}`)).body;
  const lineOf = (v: string) => detail.lines.find((l: { variantId: string }) => l.variantId === v);
  return { store, id, call, a, b, lineA: lineOf(a), lineB: lineOf(b), total: detail.total as number };
}

async function auditActions(p: TestPlatform, tenantId: string) {
  const rows = await withTenant(p.deps.db, tenantId, (trx) =>
    trx
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute(),
  );
  return rows.map((r) => ({ action: r.action, summary: (r.data as { summary?: string }).summary }));
}

describe('fulfilment by line', () => {
  it('ships in two parts with tracking; the order is fulfilled with the last one', async () => {
    const p = await testPlatform();
    const { store, id, call, lineA, lineB } = await paidTwoLineOrder(p);
    let res = await call('POST', `/api/admin/orders/${id}/fulfil`, {
      carrier: 'UPS',
      trackingNumber: 'TRK-1',
      trackingUrl: 'https://track.example/TRK-1',
      lines: [{ lineId: lineA.id, quantity: 2 }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'paid', fulfilmentStatus: 'partial', trackingNumber: 'TRK-1' });
    expect(res.body.shipments).toEqual([
      expect.objectContaining({
        carrier: 'UPS',
        trackingNumber: 'TRK-1',
        lines: [{ lineId: lineA.id, quantity: 2 }],
      }),
    ]);

    // More than is left to ship on a line → 400 on that line; nothing changes.
    res = await call('POST', `/api/admin/orders/${id}/fulfil`, {
      lines: [{ lineId: lineA.id, quantity: 2 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('lines.0.quantity');
    res = await call('POST', `/api/admin/orders/${id}/fulfil`, { trackingUrl: 'javascript:alert(1)' });
    expect(res.status).toBe(400);

    res = await call('POST', `/api/admin/orders/${id}/fulfil`, {
      carrier: 'DHL',
      trackingNumber: 'TRK-2',
      lines: [
        { lineId: lineA.id, quantity: 1 },
        { lineId: lineB.id, quantity: 2 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'fulfilled',
      fulfilmentStatus: 'fulfilled',
      trackingNumber: 'TRK-2',
    });
    expect(res.body.lines.map((l: { fulfilledQuantity: number }) => l.fulfilledQuantity).sort()).toEqual([
      2, 3,
    ]);
    expect(res.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'placed',
      'paid',
      'shipment',
      'fulfilled',
    ]);
    expect((await call('POST', `/api/admin/orders/${id}/fulfil`)).status).toBe(409);

    const shipments = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('order_fulfilments')
        .select(['carrier', 'tracking_number'])
        .where('order_id', '=', id)
        .orderBy('created_at')
        .execute(),
    );
    expect(shipments).toEqual([
      { carrier: 'UPS', tracking_number: 'TRK-1' },
      { carrier: 'DHL', tracking_number: 'TRK-2' },
    ]);
    const audit = await auditActions(p, store.tenant.id);
    expect(audit.filter((a) => a.action === 'order.fulfilled').map((a) => a.summary)).toEqual([
      expect.stringMatching(/^Shipped part of order #\d+ \(tracking TRK-1\)$/),
      expect.stringMatching(/^Fulfilled order #\d+ \(tracking TRK-2\)$/),
    ]);
  });

  it('an unpaid order cannot be shipped; a line of another order is refused', async () => {
    const p = await testPlatform();
    const first = await paidTwoLineOrder(p);
    const { variantId } = await shopWithVariant(p, { store: first.store, stock: 5 });
    const cartId = await createCart(p, first.store, [{ variantId, quantity: 1 }]);
    const other = (await checkoutReq(p, first.store, cartId)).body.order.id;
    expect((await first.call('POST', `/api/admin/orders/${other}/fulfil`)).status).toBe(409);
    await first.call('POST', `/api/admin/orders/${other}/mark-paid`);
    const res = await first.call('POST', `/api/admin/orders/${other}/fulfil`, {
      lines: [{ lineId: first.lineA.id, quantity: 1 }],
    });
    expect(res.status).toBe(400);
  });
});

describe('refunds by line', () => {
  it('refunds one line with restock through the ledger, then refuses more than was paid', async () => {
    const p = await testPlatform();
    const { store, id, call, a, lineA, total } = await paidTwoLineOrder(p);
    expect(await variantLevels(p, store.tenant.id, a)).toEqual({ stock: 7, reserved: 0 });

    // Restock more units than refunded → 400, nothing written.
    let res = await call('POST', `/api/admin/orders/${id}/refund`, {
      lines: [{ lineId: lineA.id, quantity: 1, restock: 2 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('lines.0.restock');

    res = await call('POST', `/api/admin/orders/${id}/refund`, {
      lines: [{ lineId: lineA.id, quantity: 2, restock: true }],
      reason: 'Damaged in transit',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'partially_refunded', refunded: 2000 });
    const line = res.body.lines.find((l: { id: string }) => l.id === lineA.id);
    expect(line).toMatchObject({ refundedQuantity: 2, restockedQuantity: 2 });
    expect(await variantLevels(p, store.tenant.id, a)).toEqual({ stock: 9, reserved: 0 });
    const ledger = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('inventory_adjustments')
        .select(['reason', 'delta'])
        .where('variant_id', '=', a)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow(),
    );
    expect(ledger).toEqual({ reason: 'return', delta: 2 });

    // More units than the line has left → 400; more money than was paid → 400.
    res = await call('POST', `/api/admin/orders/${id}/refund`, {
      lines: [{ lineId: lineA.id, quantity: 2 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('lines.0.quantity');
    res = await call('POST', `/api/admin/orders/${id}/refund`, { amount: total - 2000 + 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('amount');
    expect((await call('POST', `/api/admin/orders/${id}/refund`, {})).status).toBe(400);

    const refunds = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('order_refunds')
        .select(['amount', 'provider', 'reason', 'lines'])
        .where('order_id', '=', id)
        .execute(),
    );
    expect(refunds).toEqual([
      {
        amount: 2000,
        provider: 'manual',
        reason: 'Damaged in transit',
        lines: [{ lineId: lineA.id, quantity: 2, restock: true }],
      },
    ]);
    const audit = await auditActions(p, store.tenant.id);
    expect(audit.map((x) => x.action)).toEqual(['order.marked_paid', 'order.refunded']);
    expect(audit[1]?.summary).toMatch(/^Refunded \$20\.00 for 2 items on order #\d+$/);
  });

  it('refunds without restock leave stock alone, and a partial restock is allowed', async () => {
    const p = await testPlatform();
    const { store, id, call, b, lineB } = await paidTwoLineOrder(p);
    const res = await call('POST', `/api/admin/orders/${id}/refund`, {
      amount: 300,
      lines: [{ lineId: lineB.id, quantity: 2, restock: 1 }],
    });
    expect(res.status).toBe(200);
    expect(res.body.refunded).toBe(300);
    expect(await variantLevels(p, store.tenant.id, b)).toEqual({ stock: 9, reserved: 0 });
  });
});

describe('notes, confirmation and search', () => {
  it('adds a note, resends the confirmation through the outbox, and finds orders by number, email and name', async () => {
    const p = await testPlatform();
    const { store, id, call } = await paidTwoLineOrder(p);
    let res = await call('POST', `/api/admin/orders/${id}/notes`, { message: 'Gift wrap please' });
    expect(res.status).toBe(200);
    expect(res.body.timeline.at(-1)).toMatchObject({ type: 'note', message: 'Gift wrap please' });
    expect((await call('POST', `/api/admin/orders/${id}/notes`, { message: '  ' })).status).toBe(400);

    res = await call('POST', `/api/admin/orders/${id}/resend-confirmation`);
    expect(res.status).toBe(200);
    const mails = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.selectFrom('outbox').select('payload').where('topic', '=', 'email.send').execute(),
    );
    const resent = mails.filter((m) =>
      (m.payload as { subject: string }).subject.startsWith(`Order #${res.body.number} at`),
    );
    expect(resent.length).toBe(2); // the original confirmation and the resent one

    const number = res.body.number;
    for (const q of [String(number), `#${number}`, 'ADA@example', 'ada shop']) {
      const list = await call('GET', `/api/admin/orders?q=${encodeURIComponent(q)}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([id]);
      expect(list.body.total).toBe(1);
    }
    expect((await call('GET', '/api/admin/orders?q=nobody')).body.items).toEqual([]);
    expect((await call('GET', '/api/admin/orders?payment=paid&fulfilment=unfulfilled')).body.total).toBe(1);
    expect((await call('GET', '/api/admin/orders?payment=unpaid')).body.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await call('GET', `/api/admin/orders?from=${today}&to=${today}`)).body.total).toBe(1);
    expect((await call('GET', '/api/admin/orders?from=2001-01-01&to=2001-01-02')).body.total).toBe(0);
    expect((await call('GET', '/api/admin/orders?from=yesterday')).status).toBe(400);
    expect((await call('GET', '/api/admin/orders?sort=sideways')).status).toBe(400);
  });
});
