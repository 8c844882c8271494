/**
 * Returns: request within the window (more than bought → 400, nothing
 * written), approve / reject, receive with restock (exactly the returned
 * units), refund capped at what was paid for the lines; each step in the
 * order's timeline; illegal transitions → 409; return.refunded event.
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { DEFAULT_CARE_SETTINGS, updateCareSettings } from '../../src/modules/care-settings/service.js';
import { variantLevels } from '../checkout/support.js';
import { paidOrder } from '../support/care.js';
import { createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

describe('returns', () => {
  it('goes from request to refund with restock; stock and refund checked in the database', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const o = await paidOrder(p, store, { quantity: 3, price: 1000, stock: 10 });
    const shopper = { host: store.host, token: o.customer.token };
    const admin = { host: store.host, token: store.owner.token };
    const path = `/api/store/orders/${o.orderId}/returns`;

    const tooMany = await request(p.app, 'POST', path, {
      ...shopper,
      body: { lines: [{ orderLineId: o.lineId, quantity: 4, reason: 'damaged' }] },
    });
    expect(tooMany.status).toBe(400);
    const badReason = await request(p.app, 'POST', path, {
      ...shopper,
      body: { lines: [{ orderLineId: o.lineId, quantity: 1, reason: 'because' }] },
    });
    expect(badReason.status).toBe(400);
    expect((await request(p.app, 'GET', '/api/admin/returns', admin)).body.items).toHaveLength(0);

    const req = await request(p.app, 'POST', path, {
      ...shopper,
      body: { lines: [{ orderLineId: o.lineId, quantity: 2, reason: 'too_small' }] },
    });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({ status: 'requested', refundable: 2000 });
    // Only one unit is left to return now.
    const again = await request(p.app, 'POST', path, {
      ...shopper,
      body: { lines: [{ orderLineId: o.lineId, quantity: 2, reason: 'damaged' }] },
    });
    expect(again.status).toBe(400);

    const id = req.body.id;
    expect(
      (await request(p.app, 'POST', `/api/admin/returns/${id}/refund`, { ...admin, body: {} })).status,
    ).toBe(409);
    expect(
      (
        await request(p.app, 'POST', `/api/admin/returns/${id}/approve`, {
          ...admin,
          body: { message: 'Send it back' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await request(p.app, 'POST', `/api/admin/returns/${id}/approve`, { ...admin, body: {} })).status,
    ).toBe(409);
    const before = await variantLevels(p, store.tenant.id, o.variantId);
    const rec = await request(p.app, 'POST', `/api/admin/returns/${id}/receive`, {
      ...admin,
      body: { restock: true },
    });
    expect(rec.status).toBe(200);
    const after = await variantLevels(p, store.tenant.id, o.variantId);
    expect(after.stock - before.stock).toBe(2);
    const over = await request(p.app, 'POST', `/api/admin/returns/${id}/refund`, {
      ...admin,
      body: { amount: 2001 },
    });
    expect(over.status).toBe(400);
    const refund = await request(p.app, 'POST', `/api/admin/returns/${id}/refund`, { ...admin, body: {} });
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({ status: 'refunded', refunded: 2000 });
    const order = await request(p.app, 'GET', `/api/admin/orders/${o.orderId}`, admin);
    expect(order.body.refunded).toBe(2000);
    expect(order.body.status).toBe('partially_refunded');
    const types = order.body.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'return_requested',
        'return_approved',
        'return_received',
        'return_refunded',
        'refunded',
      ]),
    );
    const ledger = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('inventory_adjustments')
        .select(['delta', 'reason'])
        .where('tenant_id', '=', store.tenant.id)
        .where('variant_id', '=', o.variantId)
        .where('reason', '=', 'return')
        .execute(),
    );
    expect(ledger).toEqual([{ delta: 2, reason: 'return' }]);
  });

  it('rejects: no restock, no refund; the units may be asked again; window and ownership enforced', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const o = await paidOrder(p, store, { quantity: 1 });
    const admin = { host: store.host, token: store.owner.token };
    const path = `/api/store/orders/${o.orderId}/returns`;
    const body = { lines: [{ orderLineId: o.lineId, quantity: 1, reason: 'changed_mind' }] };
    const r = await request(p.app, 'POST', path, { host: store.host, token: o.customer.token, body });
    expect(
      (
        await request(p.app, 'POST', `/api/admin/returns/${r.body.id}/reject`, {
          ...admin,
          body: { message: 'Worn' },
        })
      ).body.status,
    ).toBe('rejected');
    expect(
      (
        await request(p.app, 'POST', `/api/admin/returns/${r.body.id}/receive`, {
          ...admin,
          body: { restock: true },
        })
      ).status,
    ).toBe(409);
    const other = await paidOrder(p, store, { quantity: 1 });
    expect(
      (await request(p.app, 'POST', path, { host: store.host, token: other.customer.token, body })).status,
    ).toBe(404);
    await updateCareSettings(p.deps.db, store.tenant.id, { ...DEFAULT_CARE_SETTINGS, returnWindowDays: 0 });
    const late = await request(p.app, 'POST', path, { host: store.host, token: o.customer.token, body });
    expect(late.status).toBe(409);
    await updateCareSettings(p.deps.db, store.tenant.id, DEFAULT_CARE_SETTINGS);
    expect(
      (await request(p.app, 'POST', path, { host: store.host, token: o.customer.token, body })).status,
    ).toBe(201);
  });
});
