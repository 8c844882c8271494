/** Reservation expiry: the sweep (with an injected clock) cancels unpaid orders whose hold ran out. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkout } from '../../src/flows/checkout.js';
import { withTenant } from '../../src/lib/db/index.js';
import { sweepExpiredReservations } from '../../workers/processors/reservations.js';
import { ADDRESS, createCart, shopWithVariant, variantLevels } from '../checkout/support.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

/** Places an order through the checkout flow with a short hold (so other tests' 15-minute holds are untouched). */
async function orderWithHold(p: TestPlatform, ttlMs: number, now: Date) {
  const shop = await shopWithVariant(p, { stock: 5 });
  const cartId = await createCart(p, shop.store, [{ variantId: shop.variantId, quantity: 2 }]);
  const res = await checkout(p.deps, {
    tenant: shop.store.tenant,
    cartId,
    idempotencyKey: randomUUID(),
    input: { email: 'late@example.test', shippingAddress: ADDRESS },
    viewer: { customerId: null },
    now,
    reservationTtlMs: ttlMs,
  });
  return { ...shop, orderId: res.body.order.id };
}

describe('reservation expiry sweep', () => {
  it('cancels expired holds in every store and releases their stock, leaving live holds alone', async () => {
    const p = await testPlatform();
    const now = new Date();
    const a = await orderWithHold(p, 1_000, now);
    const b = await orderWithHold(p, 1_000, now);
    const live = await orderWithHold(p, 60 * 60_000, now);
    expect(await variantLevels(p, a.store.tenant.id, a.variantId)).toEqual({ stock: 5, reserved: 2 });

    await sweepExpiredReservations(p.deps, new Date(now.getTime() + 500));
    expect((await variantLevels(p, a.store.tenant.id, a.variantId)).reserved).toBe(2);

    const result = await sweepExpiredReservations(p.deps, new Date(now.getTime() + 2_000));
    expect(result.expired).toBeGreaterThanOrEqual(2);
    for (const s of [a, b]) {
      expect(await variantLevels(p, s.store.tenant.id, s.variantId)).toEqual({ stock: 5, reserved: 0 });
      const detail = await request(p.app, 'GET', `/api/admin/orders/${s.orderId}`, {
        host: s.store.host,
        token: s.store.owner.token,
      });
      expect(detail.body.status).toBe('cancelled');
      expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual(['placed', 'expired']);
    }
    expect(await variantLevels(p, live.store.tenant.id, live.variantId)).toEqual({ stock: 5, reserved: 2 });

    // A second sweep finds nothing more to do for these orders.
    await sweepExpiredReservations(p.deps, new Date(now.getTime() + 2_000));
    expect(await variantLevels(p, a.store.tenant.id, a.variantId)).toEqual({ stock: 5, reserved: 0 });
  });

  it('skips an order that was paid before the sweep got to it', async () => {
    const p = await testPlatform();
    const now = new Date();
    const s = await orderWithHold(p, 1_000, now);
    const paid = await request(p.app, 'POST', `/api/admin/orders/${s.orderId}/mark-paid`, {
      host: s.store.host,
      token: s.store.owner.token,
    });
    expect(paid.status).toBe(200);
    await sweepExpiredReservations(p.deps, new Date(now.getTime() + 2_000));
    expect(await variantLevels(p, s.store.tenant.id, s.variantId)).toEqual({ stock: 3, reserved: 0 });
    const status = await withTenant(p.deps.db, s.store.tenant.id, (trx) =>
      trx.selectFrom('orders').select('status').where('id', '=', s.orderId).executeTakeFirstOrThrow(),
    );
    expect(status.status).toBe('paid');
  });

  it('the worker schedules the sweep every minute on the reservations queue', async () => {
    const p = await testPlatform();
    const { scheduleReservationSweep, RESERVATIONS_QUEUE } = await import(
      '../../workers/processors/reservations.js'
    );
    await scheduleReservationSweep(p.deps);
    const schedulers = await p.deps.hub.queue(RESERVATIONS_QUEUE).getJobSchedulers();
    expect(schedulers.find((s) => s.key === 'reservations-sweep')).toMatchObject({ every: 60_000 });
  });
});
