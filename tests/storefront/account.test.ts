/**
 * Shopper account pages without JavaScript: register, sign in (guest cart
 * merged), order history, sign out — with the CSRF token required on every
 * post once a session exists, and orders visible only to their owner.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { uniq } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { hiddenValue, leaksInternals, PageClient } from './browser-like.js';
import { type Shop, seedShop } from './fixture.js';

let p: TestPlatform;
const PASSWORD = 'a sturdy shopper passphrase';

beforeAll(async () => {
  p = await testPlatform();
});

async function register(client: PageClient, email: string) {
  const form = await client.get('/account/register');
  expect(form.status).toBe(200);
  return client.post('/account/register', {
    _csrf: hiddenValue(form.text, '_csrf') ?? '',
    name: 'Sam Shopper',
    email,
    password: PASSWORD,
  });
}

async function login(client: PageClient, email: string, password = PASSWORD) {
  const form = await client.get('/account/login');
  return client.post('/account/login', { _csrf: hiddenValue(form.text, '_csrf') ?? '', email, password });
}

async function logout(client: PageClient) {
  const page = await client.get('/account');
  return client.post('/account/logout', { _csrf: hiddenValue(page.text, '_csrf') ?? '' });
}

async function addShirt(client: PageClient, shop: Shop, quantity = 1) {
  const page = await client.get(`/products/${shop.shirt.handle}`);
  const variantId = shop.shirt.variants.find((v) => v.title === 'S')!.id;
  return client.post('/cart/items', {
    _csrf: hiddenValue(page.text, '_csrf') ?? '',
    handle: shop.shirt.handle,
    variantId,
    quantity: String(quantity),
  });
}

describe('shopper accounts', () => {
  it('register signs in and shows an empty order history', async () => {
    const shop = await seedShop(p.deps);
    const client = new PageClient(p.app, shop.store.host);
    const email = `${uniq('sam')}@example.test`;
    const res = await register(client, email);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/account');
    expect(client.cookies.has('sl_shopper')).toBe(true);
    const account = await client.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain(email);
    expect(account.text).toContain('No orders yet');
    expect(leaksInternals(account.text)).toBe(false);

    const again = await register(new PageClient(p.app, shop.store.host), email);
    expect(again.status).toBe(409);
    expect(again.text).toContain('already exists');
  });

  it('the account page needs a session; a wrong password is refused without a session', async () => {
    const shop = await seedShop(p.deps);
    const client = new PageClient(p.app, shop.store.host);
    const anon = await client.get('/account');
    expect(anon.status).toBe(303);
    expect(anon.location).toBe('/account/login?next=%2Faccount');
    const email = `${uniq('sam')}@example.test`;
    await register(new PageClient(p.app, shop.store.host), email);
    const bad = await login(client, email, 'not the password at all');
    expect(bad.status).toBe(401);
    expect(bad.text).toContain('not correct');
    expect(client.cookies.has('sl_shopper')).toBe(false);
  });

  it('sign-in merges the guest cart; checkout as the shopper shows in order history; sign-out needs the CSRF token', async () => {
    const shop = await seedShop(p.deps);
    const email = `${uniq('sam')}@example.test`;
    const first = new PageClient(p.app, shop.store.host);
    await register(first, email);
    await logout(first);

    const client = new PageClient(p.app, shop.store.host);
    await addShirt(client, shop, 2);
    const signed = await login(client, email);
    expect(signed.status).toBe(303);
    expect(signed.location).toBe('/account');
    const cart = await client.get('/cart');
    expect(cart.text).toContain('Linen Shirt — S');
    expect(cart.text).toContain('$90.00');

    const form = await client.get('/checkout');
    expect(form.text).toContain(`value="${email}"`);
    const placed = await client.post('/checkout', {
      _csrf: hiddenValue(form.text, '_csrf')!,
      idempotencyKey: hiddenValue(form.text, 'idempotencyKey')!,
      cartId: hiddenValue(form.text, 'cartId')!,
      email,
      name: 'Sam Shopper',
      line1: '5 Market St',
      city: 'Boston',
      region: 'MA',
      postalCode: '02108',
      country: 'US',
      shippingRateId: shop.shippingRateId,
    });
    expect(placed.status).toBe(303);
    const orderId = /\/orders\/([0-9a-f-]{36})\//.exec(placed.location!)![1]!;
    const t = shop.store.tenant.id;
    const row = await withTenant(p.deps.db, t, (trx) =>
      trx
        .selectFrom('orders as o')
        .innerJoin('customers as c', (j) =>
          j.onRef('c.tenant_id', '=', 'o.tenant_id').onRef('c.id', '=', 'o.customer_id'),
        )
        .select(['o.number', 'c.email'])
        .where('o.tenant_id', '=', t)
        .where('o.id', '=', orderId)
        .executeTakeFirstOrThrow(),
    );
    expect(row.email).toBe(email);

    const account = await client.get('/account');
    expect(account.text).toContain(`#${row.number}`);
    expect(account.text).toContain('$95.00');

    // The owner sees the confirmation from another browser once signed in; a stranger does not.
    const elsewhere = new PageClient(p.app, shop.store.host);
    expect((await elsewhere.get(`/orders/${orderId}/confirmation`)).status).toBe(404);
    await login(elsewhere, email);
    expect((await elsewhere.get(`/orders/${orderId}/confirmation`)).status).toBe(200);
    const otherShopper = new PageClient(p.app, shop.store.host);
    await register(otherShopper, `${uniq('eve')}@example.test`);
    expect((await otherShopper.get(`/orders/${orderId}/confirmation`)).status).toBe(404);

    // Sign-out without the token is refused; with it the session ends.
    const forged = await client.post('/account/logout', {});
    expect(forged.status).toBe(403);
    expect((await client.get('/account')).status).toBe(200);
    const out = await logout(client);
    expect(out.status).toBe(303);
    expect((await client.get('/account')).status).toBe(303);
  });

  it("a shopper session of one store means nothing on another store's pages", async () => {
    const [a, b] = await Promise.all([seedShop(p.deps), seedShop(p.deps)]);
    const client = new PageClient(p.app, a.store.host);
    await register(client, `${uniq('sam')}@example.test`);
    const cookie = client.cookies.get('sl_shopper')!;
    const onB = new PageClient(p.app, b.store.host);
    onB.cookies.set('sl_shopper', cookie);
    const res = await onB.get('/account');
    expect(res.status).toBe(303);
    expect(res.location).toContain('/account/login');
  });
});
