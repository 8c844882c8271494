/** Orders: the state machine through the admin API, the timeline, refunds, and the shopper's view. */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { checkoutReq, createCart, placedOrder, shopWithVariant, variantLevels } from '../checkout/support.js';
import { addMember, createTestCustomer, createTestStore } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

function adminCall(p: TestPlatform, store: { host: string; owner: { token: string } }) {
  return (method: string, path: string, body?: unknown) =>
    request(p.app, method, path, { host: store.host, token: store.owner.token, body });
}

async function ledger(p: TestPlatform, tenantId: string, variantId: string) {
  return withTenant(p.deps.db, tenantId, (trx) =>
    trx
      .selectFrom('inventory_adjustments')
      .select(['reason', 'delta', 'reserved_delta'])
      .where('variant_id', '=', variantId)
      .orderBy('id')
      .execute(),
  );
}

async function outboxTopics(p: TestPlatform, tenantId: string): Promise<string[]> {
  const rows = await withTenant(p.deps.db, tenantId, (trx) =>
    trx.selectFrom('outbox').select('topic').where('tenant_id', '=', tenantId).orderBy('id').execute(),
  );
  return rows.map((r) => r.topic);
}

describe('order lifecycle', () => {
  it('pending → paid → fulfilled → completed, consuming the reservation on payment', async () => {
    const p = await testPlatform();
    const { store, variantId, order } = await placedOrder(p, { stock: 10, quantity: 2, price: 1500 });
    const call = adminCall(p, store);

    let res = await call('POST', `/api/admin/orders/${order.id}/mark-paid`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('paid');
    expect(res.body.paidAt).not.toBeNull();
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 8, reserved: 0 });
    expect((await ledger(p, store.tenant.id, variantId)).at(-1)).toEqual({
      reason: 'sale',
      delta: -2,
      reserved_delta: -2,
    });

    res = await call('POST', `/api/admin/orders/${order.id}/mark-paid`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_state');

    res = await call('POST', `/api/admin/orders/${order.id}/complete`);
    expect(res.status).toBe(409);

    res = await call('POST', `/api/admin/orders/${order.id}/fulfil`, { trackingNumber: '1Z999' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'fulfilled', trackingNumber: '1Z999' });

    res = await call('POST', `/api/admin/orders/${order.id}/cancel`);
    expect(res.status).toBe(409);

    res = await call('POST', `/api/admin/orders/${order.id}/complete`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('completed');

    const detail = await call('GET', `/api/admin/orders/${order.id}`);
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'placed',
      'paid',
      'fulfilled',
      'completed',
    ]);
    expect(detail.body.lines).toEqual([
      expect.objectContaining({ variantId, quantity: 2, unitPrice: 1500, total: 3000 }),
    ]);
    expect(detail.body.shippingAddress).toMatchObject({ country: 'US', city: 'Springfield' });
    const topics = await outboxTopics(p, store.tenant.id);
    for (const t of ['order.placed', 'order.paid', 'order.fulfilled', 'order.completed'])
      expect(topics).toContain(t);
  });

  it('fulfil works without a body', async () => {
    const p = await testPlatform();
    const { store, order } = await placedOrder(p);
    const call = adminCall(p, store);
    await call('POST', `/api/admin/orders/${order.id}/mark-paid`);
    const res = await request(p.app, 'POST', `/api/admin/orders/${order.id}/fulfil`, {
      host: store.host,
      token: store.owner.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.trackingNumber).toBeNull();
  });

  it('cancel releases the reservation and returns the discount use', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 4 });
    const call = adminCall(p, store);
    const code = await call('POST', '/api/admin/discount-codes', {
      code: 'ONCE',
      kind: 'fixed',
      value: 100,
      usageLimit: 1,
    });
    const cartId = await createCart(p, store, [{ variantId, quantity: 4 }]);
    const placed = await checkoutReq(p, store, cartId, {
      body: {
        email: 'a@example.test',
        shippingAddress: { name: 'A', line1: 'B', city: 'C', postalCode: '1', country: 'US' },
        discountCode: 'ONCE',
      },
    });
    expect(placed.status).toBe(201);
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 4, reserved: 4 });
    const res = await call('POST', `/api/admin/orders/${placed.body.order.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 4, reserved: 0 });
    expect((await ledger(p, store.tenant.id, variantId)).at(-1)).toEqual({
      reason: 'reservation_release',
      delta: 0,
      reserved_delta: -4,
    });
    expect((await call('GET', `/api/admin/discount-codes/${code.body.id}`)).body.usedCount).toBe(0);
    expect(await outboxTopics(p, store.tenant.id)).toContain('order.cancelled');
    expect((await call('POST', `/api/admin/orders/${placed.body.order.id}/mark-paid`)).status).toBe(409);
  });

  it('refunds partially then fully, restocking once, never beyond the total', async () => {
    const p = await testPlatform();
    const { store, variantId, order } = await placedOrder(p, { stock: 10, quantity: 2, price: 1000 });
    const call = adminCall(p, store);
    expect((await call('POST', `/api/admin/orders/${order.id}/refund`, { amount: 100 })).status).toBe(409);
    await call('POST', `/api/admin/orders/${order.id}/mark-paid`);

    let res = await call('POST', `/api/admin/orders/${order.id}/refund`, { amount: 500 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'partially_refunded', refunded: 500 });

    res = await call('POST', `/api/admin/orders/${order.id}/refund`, { amount: 1501 });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('amount');

    for (const amount of [0, -5, 1.5, '10']) {
      expect((await call('POST', `/api/admin/orders/${order.id}/refund`, { amount })).status).toBe(400);
    }

    res = await call('POST', `/api/admin/orders/${order.id}/refund`, { amount: 1500, restock: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'refunded', refunded: 2000 });
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 10, reserved: 0 });
    expect((await ledger(p, store.tenant.id, variantId)).at(-1)).toEqual({
      reason: 'return',
      delta: 2,
      reserved_delta: 0,
    });
    expect((await call('POST', `/api/admin/orders/${order.id}/refund`, { amount: 1 })).status).toBe(409);
    const types = (await call('GET', `/api/admin/orders/${order.id}`)).body.timeline.map(
      (e: { type: string }) => e.type,
    );
    expect(types).toEqual(['placed', 'paid', 'refunded', 'restocked', 'refunded']);
  });

  it('racing refunds never pass the total', async () => {
    const p = await testPlatform();
    const { store, order } = await placedOrder(p, { quantity: 1, price: 1000 });
    const call = adminCall(p, store);
    await call('POST', `/api/admin/orders/${order.id}/mark-paid`);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call('POST', `/api/admin/orders/${order.id}/refund`, { amount: 300 })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    const detail = await call('GET', `/api/admin/orders/${order.id}`);
    expect(detail.body.refunded).toBe(900);
  });

  it('mark-paid is only for manual payments', async () => {
    const p = await testPlatform();
    const { store, order } = await placedOrder(p);
    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx.updateTable('orders').set({ payment_provider: 'stripe' }).where('id', '=', order.id).execute(),
    );
    const res = await adminCall(p, store)('POST', `/api/admin/orders/${order.id}/mark-paid`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_state');
  });

  it('refund needs the admin role; staff can run the other transitions', async () => {
    const p = await testPlatform();
    const { store, order } = await placedOrder(p);
    const staff = await addMember(p.deps, store.tenant.id, 'staff');
    const asStaff = (path: string, body?: unknown) =>
      request(p.app, 'POST', path, { host: store.host, token: staff.token, body });
    expect((await asStaff(`/api/admin/orders/${order.id}/mark-paid`)).status).toBe(200);
    expect((await asStaff(`/api/admin/orders/${order.id}/refund`, { amount: 1 })).status).toBe(403);
  });
});

describe('admin order list', () => {
  it('filters by status and pages with a cursor', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const { variantId } = await shopWithVariant(p, { store, stock: 50 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
      ids.push((await checkoutReq(p, store, cartId)).body.order.id);
    }
    const call = adminCall(p, store);
    await call('POST', `/api/admin/orders/${ids[0]}/mark-paid`);

    const first = await call('GET', '/api/admin/orders?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((o: { number: number }) => o.number)).toEqual([1005, 1004]);
    const second = await call('GET', `/api/admin/orders?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((o: { number: number }) => o.number)).toEqual([1003, 1002]);
    const third = await call('GET', `/api/admin/orders?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.items.map((o: { number: number }) => o.number)).toEqual([1001]);
    expect(third.body.nextCursor).toBeNull();

    const paid = await call('GET', '/api/admin/orders?status=paid');
    expect(paid.body.items.map((o: { id: string }) => o.id)).toEqual([ids[0]]);

    for (const q of [
      'status=shipped',
      'cursor=garbage!!',
      'limit=0',
      'limit=101',
      'limit=abc',
      'unknown=1',
    ]) {
      const bad = await call('GET', `/api/admin/orders?${q}`);
      expect(bad.status, q).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
    }
    expect((await call('GET', '/api/admin/orders/not-a-uuid')).status).toBe(400);
    expect((await call('GET', '/api/admin/orders/3f1c1d7e-5b1a-4c55-9a0e-0c6f1f7a9b11')).status).toBe(404);
  });
});

describe('shopper orders', () => {
  it("lists only the shopper's own orders in this store and hides others' orders", async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 20 });
    const ada = await createTestCustomer(p.deps, store.tenant.id);
    const bob = await createTestCustomer(p.deps, store.tenant.id);
    const adaCart = await createCart(p, store, [{ variantId, quantity: 1 }], ada.token);
    const adaOrder = (await checkoutReq(p, store, adaCart, { token: ada.token })).body.order;
    const bobCart = await createCart(p, store, [{ variantId, quantity: 1 }], bob.token);
    const bobOrder = (await checkoutReq(p, store, bobCart, { token: bob.token })).body.order;
    const guestCart = await createCart(p, store, [{ variantId, quantity: 1 }]);
    await checkoutReq(p, store, guestCart);

    const list = await request(p.app, 'GET', '/api/store/orders', { host: store.host, token: ada.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([adaOrder.id]);
    expect(list.body.nextCursor).toBeNull();

    const mine = await request(p.app, 'GET', `/api/store/orders/${adaOrder.id}`, {
      host: store.host,
      token: ada.token,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.lines).toHaveLength(1);
    const theirs = await request(p.app, 'GET', `/api/store/orders/${bobOrder.id}`, {
      host: store.host,
      token: ada.token,
    });
    expect(theirs.status).toBe(404);
    const merchantToken = await request(p.app, 'GET', '/api/store/orders', {
      host: store.host,
      token: store.owner.token,
    });
    expect(merchantToken.status).toBe(401);
    const badCursor = await request(p.app, 'GET', '/api/store/orders?cursor=%%%', {
      host: store.host,
      token: ada.token,
    });
    expect(badCursor.status).toBe(400);
  });
});
