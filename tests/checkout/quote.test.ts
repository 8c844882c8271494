/**
 * The checkout quote: totals before placing, nothing changed, shopper-facing
 * refusals, and (property) for the same input the checkout charges exactly
 * the quote's totals over random carts, addresses, methods and codes.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { ADDRESS, addVariant, checkoutReq, countRows, createCart, shopWithVariant } from './support.js';

type Store = Awaited<ReturnType<typeof shopWithVariant>>['store'];

async function admin(p: TestPlatform, store: Store, method: string, path: string, body?: unknown) {
  const res = await request(p.app, method, path, { host: store.host, token: store.owner.token, body });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}

const quote = (p: TestPlatform, store: Store, cartId: string, body: unknown, token?: string) =>
  request(p.app, 'POST', `/api/store/carts/${cartId}/quote`, { host: store.host, body, token });

async function usedCount(p: TestPlatform, tenantId: string, code: string) {
  return withTenant(p.deps.db, tenantId, (trx) =>
    trx
      .selectFrom('discount_codes')
      .select('used_count')
      .where('code', '=', code)
      .executeTakeFirstOrThrow()
      .then((r) => r.used_count),
  );
}

describe('checkout quote', () => {
  it('shows subtotal, discount, shipping, tax and total for the address and changes nothing', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { price: 2000, stock: 10 });
    const t = store.tenant.id;
    const std = await admin(p, store, 'POST', '/api/admin/shipping-rates', {
      name: 'Std',
      amount: 700,
      countries: ['US'],
    });
    await admin(p, store, 'POST', '/api/admin/shipping-rates', {
      name: 'Express',
      amount: 1500,
      countries: ['US', 'CA'],
    });
    await admin(p, store, 'PUT', '/api/admin/tax-rates/US', { rate: 1000 });
    await admin(p, store, 'POST', '/api/admin/discount-codes', {
      code: 'TEN',
      kind: 'percentage',
      value: 1000,
    });
    const cartId = await createCart(p, store, [{ variantId, quantity: 3 }]);

    const res = await quote(p, store, cartId, {
      shippingAddress: { country: 'us', region: 'OR' },
      discountCode: 'TEN',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // 6000 − 600 = 5400 goods; + 700 cheapest shipping = 6100; 10 % tax = 610.
    expect(res.body).toMatchObject({
      subtotal: 6000,
      discount: 600,
      shipping: 700,
      tax: 610,
      total: 6710,
      currency: 'USD',
      shippingMethodId: std.id,
    });
    expect(res.body.shippingMethods.map((m: { name: string; price: number }) => [m.name, m.price])).toEqual([
      ['Std', 700],
      ['Express', 1500],
    ]);
    expect(res.body.discountError).toBeUndefined();
    // Nothing claimed, reserved or written.
    expect(await usedCount(p, t, 'TEN')).toBe(0);
    expect(await countRows(p, t, 'reservations')).toBe(0);

    const ca = await quote(p, store, cartId, { shippingAddress: { country: 'CA' } });
    expect(ca.body).toMatchObject({ shipping: 1500, tax: 0, total: 7500 });
    expect(ca.body.shippingMethods).toHaveLength(1);
  });

  it('prices without an unusable code and says why; refuses countries and methods it cannot ship', async () => {
    const p = await testPlatform();
    const { store, variantId } = await shopWithVariant(p, { price: 1000 });
    const rate = await admin(p, store, 'POST', '/api/admin/shipping-rates', {
      name: 'Std',
      amount: 500,
      countries: ['US'],
    });
    await admin(p, store, 'POST', '/api/admin/discount-codes', {
      code: 'BIG',
      kind: 'fixed',
      value: 300,
      minSubtotal: 5000,
    });
    const cartId = await createCart(p, store, [{ variantId, quantity: 1 }]);

    const below = await quote(p, store, cartId, { shippingAddress: { country: 'US' }, discountCode: 'BIG' });
    expect(below.status).toBe(200);
    expect(below.body).toMatchObject({
      discount: 0,
      total: 1500,
      discountError: 'The order is below this discount code’s minimum',
    });
    const unknown = await quote(p, store, cartId, {
      shippingAddress: { country: 'US' },
      discountCode: 'NOPE',
    });
    expect(unknown.body.discountError).toBe('This discount code is not valid');

    const de = await quote(p, store, cartId, { shippingAddress: { country: 'DE' } });
    expect(de.status).toBe(400);
    expect(de.body.error.issues[0].path).toBe('shippingAddress.country');
    const other = await quote(p, store, cartId, {
      shippingAddress: { country: 'US' },
      shippingMethodId: randomUUID(),
    });
    expect(other.status).toBe(400);
    expect((await quote(p, store, cartId, { shippingAddress: { country: 'USA' } })).status).toBe(400);
    expect((await quote(p, store, cartId, { extra: 1 })).status).toBe(400);
    expect((await quote(p, store, randomUUID(), {})).status).toBe(404);
    // Without an address: the goods only (nothing ships yet), every method listed.
    const bare = await quote(p, store, cartId, {});
    expect(bare.body).toMatchObject({
      subtotal: 1000,
      shipping: 0,
      tax: 0,
      total: 1000,
      shippingMethodId: null,
    });
    expect(bare.body.shippingMethods).toEqual([{ id: rate.id, name: 'Std', price: 500 }]);
  });

  it('(property) checkout charges exactly the quote for the same cart, address, method and code', async () => {
    const p = await testPlatform();
    let seed = 1337;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const { store, variantId } = await shopWithVariant(p, { price: 1999, stock: 10_000 });
    const variants = [variantId];
    for (let i = 0; i < 3; i++)
      variants.push(await addVariant(p, store, { price: 1 + rnd(50_000), stock: 10_000 }));
    const rates = [
      await admin(p, store, 'POST', '/api/admin/shipping-rates', {
        name: 'A',
        amount: 499,
        freeAbove: 20_000,
      }),
      await admin(p, store, 'POST', '/api/admin/shipping-rates', {
        name: 'B',
        amount: 1299,
        countries: ['US', 'CA'],
      }),
    ];
    await admin(p, store, 'PUT', '/api/admin/tax-rates/US', { rate: 825 });
    await admin(p, store, 'PUT', '/api/admin/tax-rates/DE', { rate: 1900, inclusive: true });
    await admin(p, store, 'POST', '/api/admin/discount-codes', {
      code: 'P15',
      kind: 'percentage',
      value: 1500,
    });
    await admin(p, store, 'POST', '/api/admin/discount-codes', { code: 'F7', kind: 'fixed', value: 777 });
    await admin(p, store, 'POST', '/api/admin/discount-codes', {
      code: 'MIN',
      kind: 'fixed',
      value: 500,
      minSubtotal: 40_000,
    });
    const countries = ['US', 'CA', 'DE', 'GB'];
    const codes = [undefined, 'P15', 'F7', 'MIN'];
    let placedCount = 0;
    for (let round = 0; round < 12; round++) {
      const lines = variants.filter(() => rnd(2) === 0).map((v) => ({ variantId: v, quantity: 1 + rnd(4) }));
      if (lines.length === 0) lines.push({ variantId, quantity: 1 });
      const cartId = await createCart(p, store, lines);
      const country = countries[rnd(countries.length)]!;
      const method = rnd(3) === 0 ? undefined : rates[rnd(2)]!.id;
      const code = codes[rnd(codes.length)];
      const q = await quote(p, store, cartId, {
        shippingAddress: { country },
        ...(method ? { shippingMethodId: method } : {}),
        ...(code ? { discountCode: code } : {}),
      });
      const body = {
        email: 'prop@example.test',
        shippingAddress: { ...ADDRESS, country },
        ...(method ? { shippingRateId: method } : {}),
        ...(code && !q.body.discountError ? { discountCode: code } : {}),
      };
      const placed = await checkoutReq(p, store, cartId, { body });
      const ctx = JSON.stringify({ round, country, method, code, q: q.body, placed: placed.body });
      expect(placed.status === 201 ? 200 : placed.status, ctx).toBe(q.status);
      if (q.status !== 200) continue;
      placedCount++;
      const { subtotal, discount, shipping, tax, total, taxInclusive } = placed.body.order;
      expect({ subtotal, discount, shipping, tax, total, taxInclusive }, ctx).toEqual({
        subtotal: q.body.subtotal,
        discount: q.body.discount,
        shipping: q.body.shipping,
        tax: q.body.tax,
        total: q.body.total,
        taxInclusive: q.body.taxInclusive,
      });
    }
    expect(placedCount).toBeGreaterThan(5);
  });
});
