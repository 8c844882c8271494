/**
 * Taxes by region (issue #12 point 5): a state/province rate overrides the
 * country's in the quote and in the placed order (same totals), other
 * regions and no region fall back to the country's rate; half-up rounding of
 * exclusive and inclusive tax on odd amounts; the admin API lists, saves and
 * deletes a region's rate (bad region code → 400, nothing saved).
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { ADDRESS, checkoutReq, createCart, shopWithVariant } from './support.js';

type Store = Awaited<ReturnType<typeof shopWithVariant>>['store'];

async function admin(p: TestPlatform, store: Store, method: string, path: string, body?: unknown) {
  return request(p.app, method, path, { host: store.host, token: store.owner.token, body });
}

async function taxFor(p: TestPlatform, store: Store, cartId: string, region?: string) {
  const res = await request(p.app, 'POST', `/api/store/carts/${cartId}/quote`, {
    host: store.host,
    body: { shippingAddress: { country: 'US', ...(region === undefined ? {} : { region }) } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { tax: number; total: number; subtotal: number; shipping: number };
}

describe('taxes by region', () => {
  it('a region rate overrides the country rate in quote and checkout, rounded half-up', async () => {
    const p = await testPlatform();
    // 19.99 with free shipping: odd amounts make the rounding visible.
    const { store, variantId } = await shopWithVariant(p, { price: 1999, stock: 10 });
    expect(
      (
        await admin(p, store, 'POST', '/api/admin/shipping-rates', {
          name: 'Free',
          amount: 0,
          countries: ['US'],
        })
      ).status,
    ).toBe(201);
    expect((await admin(p, store, 'PUT', '/api/admin/tax-rates/US', { rate: 500 })).status).toBe(200);
    const ca = await admin(p, store, 'PUT', '/api/admin/tax-rates/US', { rate: 725, region: 'ca' });
    expect(ca.status, JSON.stringify(ca.body)).toBe(200);
    expect(ca.body).toEqual({ country: 'US', region: 'CA', rate: 725, inclusive: false });
    expect(
      (await admin(p, store, 'PUT', '/api/admin/tax-rates/US', { rate: 1000, region: 'NY', inclusive: true }))
        .status,
    ).toBe(200);
    const bad = await admin(p, store, 'PUT', '/api/admin/tax-rates/US', { rate: 100, region: 'New York' });
    expect(bad.status).toBe(400);

    const list = await admin(p, store, 'GET', '/api/admin/tax-rates');
    expect(list.body.items).toEqual([
      { country: 'US', region: null, rate: 500, inclusive: false },
      { country: 'US', region: 'CA', rate: 725, inclusive: false },
      { country: 'US', region: 'NY', rate: 1000, inclusive: true },
    ]);

    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);
    // 1999 × 7.25 % = 144.93 → 145 (half-up); × 5 % = 99.95 → 100.
    expect(await taxFor(p, store, cartId, 'CA')).toMatchObject({ tax: 145, total: 2144 });
    expect(await taxFor(p, store, cartId, 'ca')).toMatchObject({ tax: 145 });
    expect(await taxFor(p, store, cartId, 'OR')).toMatchObject({ tax: 100, total: 2099 });
    expect(await taxFor(p, store, cartId)).toMatchObject({ tax: 100 });
    // Inclusive 10 %: 1999 × 1000 / 11000 = 181.73 → 182 inside the price; total unchanged.
    expect(await taxFor(p, store, cartId, 'NY')).toMatchObject({ tax: 182, total: 1999 });

    // The placed order charges what the quote said.
    const placed = await checkoutReq(p, store, cartId, {
      body: { email: 'ada@example.test', shippingAddress: { ...ADDRESS, region: 'CA' } },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.order).toMatchObject({ tax: 145, total: 2144 });
    const row = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('orders')
        .select(['tax_total', 'total'])
        .where('id', '=', placed.body.order.id)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ tax_total: 145, total: 2144 });

    // Deleting the region's rate: California pays the country's rate again; the country's rate stays.
    expect((await admin(p, store, 'DELETE', '/api/admin/tax-rates/US?region=CA')).status).toBe(200);
    expect((await admin(p, store, 'DELETE', '/api/admin/tax-rates/US?region=CA')).status).toBe(404);
    const cart2 = await createCart(p, store, [{ variantId, quantity: 1 }]);
    expect(await taxFor(p, store, cart2, 'CA')).toMatchObject({ tax: 100 });
    expect((await admin(p, store, 'GET', '/api/admin/tax-rates')).body.items).toHaveLength(2);
  });
});
