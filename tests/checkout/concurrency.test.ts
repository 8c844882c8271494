/**
 * Zero oversell under concurrency: many shoppers racing for few units, carts
 * with overlapping variants, discount limits, gapless order numbers, and
 * "mark paid" racing "cancel".
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import {
  addVariant,
  checkoutBody,
  checkoutReq,
  createCart,
  placedOrder,
  shopWithVariant,
  variantLevels,
} from './support.js';

async function orderNumbers(p: TestPlatform, tenantId: string): Promise<number[]> {
  const rows = await withTenant(p.deps.db, tenantId, (trx) =>
    trx.selectFrom('orders').select('number').where('tenant_id', '=', tenantId).orderBy('number').execute(),
  );
  return rows.map((r) => r.number);
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('200 concurrent checkouts for 10 units', () => {
  for (const run of [1, 2, 3]) {
    it(`sells exactly 10, answers 190 × 409, never goes negative (run ${run})`, {
      timeout: 120_000,
    }, async () => {
      const p = await testPlatform();
      const { store, variantId } = await shopWithVariant(p, { stock: 10 });
      const carts = await Promise.all(
        range(0, 200).map(() => createCart(p, store, [{ variantId, quantity: 1 }])),
      );
      const results = await Promise.all(carts.map((cartId) => checkoutReq(p, store, cartId)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 409)).toHaveLength(190);
      for (const r of results.filter((x) => x.status === 409))
        expect(r.body.error.code).toBe('insufficient_stock');
      expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 10, reserved: 10 });
      // Gapless: the 10 winners got 1001..1010 although 190 attempts failed.
      expect(await orderNumbers(p, store.tenant.id)).toEqual(range(1001, 10));
    });
  }
});

describe('overlapping carts', () => {
  it('carts holding the same two variants in either order neither deadlock nor oversell', {
    timeout: 60_000,
  }, async () => {
    const p = await testPlatform();
    const { store, variantId: x } = await shopWithVariant(p, { stock: 10 });
    const y = await addVariant(p, store, { stock: 7 });
    const carts = await Promise.all(
      range(0, 40).map((i) =>
        createCart(
          p,
          store,
          i % 2
            ? [
                { variantId: x, quantity: 1 },
                { variantId: y, quantity: 1 },
              ]
            : [
                { variantId: y, quantity: 1 },
                { variantId: x, quantity: 1 },
              ],
        ),
      ),
    );
    const results = await Promise.all(carts.map((cartId) => checkoutReq(p, store, cartId)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(7);
    expect(statuses.filter((s) => s === 409)).toHaveLength(33);
    expect(await variantLevels(p, store.tenant.id, x)).toEqual({ stock: 10, reserved: 7 });
    expect(await variantLevels(p, store.tenant.id, y)).toEqual({ stock: 7, reserved: 7 });
  });

  it('two carts wanting 2 each of a variant with 3 left: exactly one wins', async () => {
    const p = await testPlatform();
    for (let round = 0; round < 5; round++) {
      const { store, variantId } = await shopWithVariant(p, { stock: 3 });
      const a = await createCart(p, store, [{ variantId, quantity: 2 }]);
      const b = await createCart(p, store, [{ variantId, quantity: 2 }]);
      const [ra, rb] = await Promise.all([checkoutReq(p, store, a), checkoutReq(p, store, b)]);
      expect([ra!.status, rb!.status].sort()).toEqual([201, 409]);
      expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 3, reserved: 2 });
    }
  });
});

describe('discount usage limit under concurrency', () => {
  it('a code limited to 5 uses is used exactly 5 times by 30 racing checkouts', {
    timeout: 60_000,
  }, async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { stock: 100 });
    const created = await request(p.app, 'POST', '/api/admin/discount-codes', {
      host: store.host,
      token: store.owner.token,
      body: { code: 'FIVE', kind: 'percentage', value: 1000, usageLimit: 5 },
    });
    expect(created.status).toBe(201);
    const carts = await Promise.all(
      range(0, 30).map(() => createCart(p, store, [{ variantId, quantity: 1 }])),
    );
    const results = await Promise.all(
      carts.map((cartId) => checkoutReq(p, store, cartId, { body: checkoutBody({ discountCode: 'FIVE' }) })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('conflict');
    }
    const code = await request(p.app, 'GET', `/api/admin/discount-codes/${created.body.id}`, {
      host: store.host,
      token: store.owner.token,
    });
    expect(code.body.usedCount).toBe(5);
    expect(await variantLevels(p, store.tenant.id, variantId)).toEqual({ stock: 100, reserved: 5 });
    expect(await orderNumbers(p, store.tenant.id)).toEqual(range(1001, 5));
  });
});

describe('"mark paid" racing "cancel"', () => {
  it('exactly one wins every time and stock stays consistent (20 rounds)', { timeout: 120_000 }, async () => {
    const p = await testPlatform();
    const outcomes = { paid: 0, cancelled: 0 };
    for (let round = 0; round < 20; round++) {
      const { store, variantId, order } = await placedOrder(p, { stock: 10, quantity: 3 });
      const call = (action: string) =>
        request(p.app, 'POST', `/api/admin/orders/${order.id}/${action}`, {
          host: store.host,
          token: store.owner.token,
        });
      const [paid, cancelled] = await Promise.all(
        round % 2 ? [call('mark-paid'), call('cancel')] : [call('mark-paid'), call('cancel')].reverse(),
      );
      const statuses = [paid!.status, cancelled!.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = paid!.status === 409 ? paid! : cancelled!;
      expect(loser.body.error.code).toBe('invalid_state');
      const detail = await request(p.app, 'GET', `/api/admin/orders/${order.id}`, {
        host: store.host,
        token: store.owner.token,
      });
      const levels = await variantLevels(p, store.tenant.id, variantId);
      if (detail.body.status === 'paid') {
        outcomes.paid++;
        expect(levels).toEqual({ stock: 7, reserved: 0 });
      } else {
        outcomes.cancelled++;
        expect(detail.body.status).toBe('cancelled');
        expect(levels).toEqual({ stock: 10, reserved: 0 });
      }
      const types = detail.body.timeline.map((e: { type: string }) => e.type);
      expect(types.filter((t: string) => t === 'paid' || t === 'cancelled')).toHaveLength(1);
    }
    expect(outcomes.paid + outcomes.cancelled).toBe(20);
  });
});
