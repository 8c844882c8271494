/**
 * Cart and checkout pages driven like a browser without JavaScript: form
 * posts, 303 redirects, cookies. Asserts on rendered pages and on the rows
 * the flows wrote (orders, reservations), including the double submit of one
 * rendered checkout form → exactly one order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { hiddenValue, leaksInternals, PageClient } from './browser-like.js';
import { type Shop, seedShop } from './fixture.js';

let p: TestPlatform;

beforeAll(async () => {
  p = await testPlatform();
});

const sizeS = (shop: Shop) => shop.shirt.variants.find((v) => v.title === 'S')!;

async function addToCart(client: PageClient, shop: Shop, variantId: string, quantity: number) {
  const page = await client.get(`/products/${shop.shirt.handle}`);
  return client.post('/cart/items', {
    _csrf: hiddenValue(page.text, '_csrf') ?? '',
    handle: shop.shirt.handle,
    variantId,
    quantity: String(quantity),
  });
}

async function ordersOf(shop: Shop) {
  const t = shop.store.tenant.id;
  return withTenant(p.deps.db, t, (trx) =>
    trx
      .selectFrom('orders')
      .select(['id', 'number', 'total', 'subtotal', 'shipping_total', 'email'])
      .where('tenant_id', '=', t)
      .execute(),
  );
}

async function variantRow(shop: Shop, variantId: string) {
  const t = shop.store.tenant.id;
  return withTenant(p.deps.db, t, (trx) =>
    trx
      .selectFrom('variants')
      .select(['stock', 'reserved'])
      .where('tenant_id', '=', t)
      .where('id', '=', variantId)
      .executeTakeFirstOrThrow(),
  );
}

describe('cart forms', () => {
  it('add → redirect → the cart shows the line; update and remove work', async () => {
    const shop = await seedShop(p.deps);
    const client = new PageClient(p.app, shop.store.host);
    const added = await addToCart(client, shop, sizeS(shop).id, 1);
    expect(added.status).toBe(303);
    expect(added.location).toBe('/cart?notice=added');
    expect(client.cookies.get('sl_cart')).toMatch(/^[0-9a-f-]{36}$/);
    expect(added.headers.getSetCookie().join(';')).toMatch(/sl_cart=[^;]+;.*HttpOnly/i);

    const cart = await client.get(added.location!);
    expect(cart.status).toBe(200);
    expect(cart.text).toContain('Linen Shirt — S');
    expect(cart.text).toContain('$45.00');
    expect(cart.text).toContain('Added to your cart.');
    expect(cart.text).toMatch(/class="badge">1</);

    const updated = await client.post(`/cart/items/${sizeS(shop).id}`, {
      _csrf: hiddenValue(cart.text, '_csrf') ?? '',
      quantity: '2',
    });
    expect(updated.location).toBe('/cart?notice=updated');
    expect((await client.get('/cart')).text).toContain('$90.00');

    const removed = await client.post(`/cart/items/${sizeS(shop).id}/remove`, { _csrf: '' });
    expect(removed.location).toBe('/cart?notice=removed');
    expect((await client.get('/cart')).text).toContain('Your cart is empty');
  });

  it('more than is available → back to the product page with a notice, nothing added', async () => {
    const shop = await seedShop(p.deps);
    const client = new PageClient(p.app, shop.store.host);
    const res = await addToCart(client, shop, sizeS(shop).id, 50);
    expect(res.status).toBe(303);
    // Back to the product with the shopper's selection kept.
    expect(res.location).toBe(
      `/products/${shop.shirt.handle}?variant=${sizeS(shop).id}&notice=insufficient_stock`,
    );
    const page = await client.get(res.location!);
    expect(page.text).toContain('not enough stock');
    expect((await client.get('/cart')).text).toContain('Your cart is empty');
  });

  it('bad input (zero, fraction, foreign variant) never reaches the cart and never errors', async () => {
    const shop = await seedShop(p.deps);
    const other = await seedShop(p.deps);
    const client = new PageClient(p.app, shop.store.host);
    for (const [variantId, quantity] of [
      [sizeS(shop).id, '0'],
      [sizeS(shop).id, '1.5'],
      [sizeS(shop).id, '-1'],
      ['not-a-uuid', '1'],
      [sizeS(other).id, '1'],
    ] as const) {
      const res = await client.post('/cart/items', { handle: shop.shirt.handle, variantId, quantity });
      expect(res.status, `${variantId} × ${quantity}`).toBe(303);
      expect(res.location).toMatch(/notice=(invalid|unavailable)/);
    }
    const cart = await client.get('/cart');
    expect(cart.text).toContain('Your cart is empty');
    expect(leaksInternals(cart.text)).toBe(false);
  });

  it('a cross-site post (no Origin) is refused', async () => {
    const shop = await seedShop(p.deps);
    const client = new PageClient(p.app, shop.store.host);
    const res = await client.post(
      '/cart/items',
      { handle: shop.shirt.handle, variantId: sizeS(shop).id, quantity: '1' },
      { origin: null },
    );
    expect(res.status).toBe(403);
    expect(client.cookies.has('sl_cart')).toBe(false);
    const evil = await client.post(
      '/cart/items',
      { handle: shop.shirt.handle, variantId: sizeS(shop).id, quantity: '1' },
      { origin: 'http://evil.example' },
    );
    expect(evil.status).toBe(403);
  });
});

describe('checkout pages', () => {
  it('an empty cart cannot check out', async () => {
    const shop = await seedShop(p.deps);
    const res = await new PageClient(p.app, shop.store.host).get('/checkout');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/cart?notice=empty');
  });

  it('the same rendered form submitted twice creates ONE order; the confirmation shows it', async () => {
    const shop = await seedShop(p.deps);
    const client = new PageClient(p.app, shop.store.host);
    await addToCart(client, shop, sizeS(shop).id, 2);
    const form = await client.get('/checkout');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Review your order');
    expect(form.text).toContain('Standard — $5.00');
    const key = hiddenValue(form.text, 'idempotencyKey');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const fields = {
      _csrf: hiddenValue(form.text, '_csrf') ?? '',
      idempotencyKey: key!,
      cartId: hiddenValue(form.text, 'cartId')!,
      email: 'ada@example.test',
      name: 'Ada Lovelace',
      line1: '12 Analytical Row',
      city: 'London',
      postalCode: 'N1 9GU',
      country: 'GB',
      shippingRateId: shop.shippingRateId,
    };
    const first = await client.post('/checkout', fields);
    expect(first.status).toBe(303);
    expect(first.location).toMatch(/^\/orders\/[0-9a-f-]{36}\/confirmation$/);
    const second = await client.post('/checkout', fields);
    expect(second.status).toBe(303);
    expect(second.location).toBe(first.location);

    const orders = await ordersOf(shop);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      subtotal: 9000,
      shipping_total: 500,
      total: 9500,
      email: 'ada@example.test',
    });
    expect(await variantRow(shop, sizeS(shop).id)).toEqual({ stock: 5, reserved: 2 });

    const confirmation = await client.get(first.location!);
    expect(confirmation.status).toBe(200);
    expect(confirmation.text).toContain(`#${orders[0]!.number}`);
    expect(confirmation.text).toContain('$95.00');
    expect(confirmation.text).toContain('Awaiting payment');
    expect(confirmation.text).toContain('Ada Lovelace');
    // The cart is gone after checkout.
    expect((await client.get('/cart')).text).toContain('Your cart is empty');

    // Another browser (no sl_orders cookie) cannot see the confirmation.
    const stranger = await new PageClient(p.app, shop.store.host).get(first.location!);
    expect(stranger.status).toBe(404);
    expect(stranger.text).not.toContain('Ada Lovelace');
  });

  it('invalid fields re-render the form with errors and create nothing', async () => {
    const shop = await seedShop(p.deps);
    const client = new PageClient(p.app, shop.store.host);
    await addToCart(client, shop, sizeS(shop).id, 1);
    const form = await client.get('/checkout');
    const res = await client.post('/checkout', {
      _csrf: hiddenValue(form.text, '_csrf') ?? '',
      idempotencyKey: hiddenValue(form.text, 'idempotencyKey')!,
      email: 'not-an-email',
      name: '',
      line1: '1 Road',
      city: 'Paris',
      postalCode: '75001',
      country: 'FR',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain('value="1 Road"');
    expect(leaksInternals(res.text)).toBe(false);
    expect(await ordersOf(shop)).toHaveLength(0);
    expect(await variantRow(shop, sizeS(shop).id)).toEqual({ stock: 5, reserved: 0 });
  });

  it('an unknown discount code re-renders with the error and reserves nothing', async () => {
    const shop = await seedShop(p.deps);
    const client = new PageClient(p.app, shop.store.host);
    await addToCart(client, shop, sizeS(shop).id, 1);
    const form = await client.get('/checkout');
    const res = await client.post('/checkout', {
      _csrf: hiddenValue(form.text, '_csrf') ?? '',
      idempotencyKey: hiddenValue(form.text, 'idempotencyKey')!,
      email: 'x@example.test',
      name: 'X',
      line1: '1 Road',
      city: 'Paris',
      postalCode: '75001',
      country: 'FR',
      discountCode: 'NOPE',
    });
    expect([400, 404, 409]).toContain(res.status);
    expect(res.text).toContain('Checkout');
    expect(await ordersOf(shop)).toHaveLength(0);
    expect(await variantRow(shop, sizeS(shop).id)).toEqual({ stock: 5, reserved: 0 });
  });
});
