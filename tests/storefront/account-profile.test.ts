/**
 * Issue #13 point 7 without JavaScript: e-mail verification attaches earlier
 * guest orders only once the link is opened; e-mail change takes effect only
 * from the new address's link; password change needs the current password;
 * saved addresses (add, edit, default, delete; another shopper's id → 404)
 * and the default address prefilling checkout. Messages next to fields.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { outboxEmails, tokenFromEmail } from '../auth/helpers.js';
import { uniq } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { hiddenValue, leaksInternals, PageClient } from './browser-like.js';
import { type Shop, seedShop } from './fixture.js';

let p: TestPlatform;
const PASSWORD = 'a sturdy shopper passphrase';

beforeAll(async () => {
  p = await testPlatform();
});

async function csrf(client: PageClient, path: string) {
  return hiddenValue((await client.get(path)).text, '_csrf') ?? '';
}

async function register(client: PageClient, email: string) {
  return client.post('/account/register', {
    _csrf: await csrf(client, '/account/register'),
    email,
    password: PASSWORD,
  });
}

const ADDRESS = {
  name: 'Sam Shopper',
  line1: '5 Market St',
  city: 'Boston',
  region: 'MA',
  postalCode: '02108',
  country: 'US',
};

async function addShirt(client: PageClient, shop: Shop) {
  const page = await client.get(`/products/${shop.shirt.handle}`);
  await client.post('/cart/items', {
    _csrf: hiddenValue(page.text, '_csrf') ?? '',
    handle: shop.shirt.handle,
    variantId: shop.shirt.variants.find((v) => v.title === 'S')!.id,
    quantity: '1',
  });
}

async function guestOrder(shop: Shop, email: string): Promise<string> {
  const client = new PageClient(p.app, shop.store.host);
  await addShirt(client, shop);
  const form = await client.get('/checkout');
  const placed = await client.post('/checkout', {
    _csrf: hiddenValue(form.text, '_csrf')!,
    idempotencyKey: hiddenValue(form.text, 'idempotencyKey')!,
    cartId: hiddenValue(form.text, 'cartId')!,
    email,
    ...ADDRESS,
    shippingRateId: shop.shippingRateId,
  });
  expect(placed.status).toBe(303);
  return /\/orders\/([0-9a-f-]{36})\//.exec(placed.location!)![1]!;
}

async function orderOwner(shop: Shop, orderId: string) {
  return withTenant(p.deps.db, shop.store.tenant.id, (trx) =>
    trx.selectFrom('orders').select('customer_id').where('id', '=', orderId).executeTakeFirstOrThrow(),
  );
}

describe('shopper e-mail verification', () => {
  it('attaches earlier guest orders with the address only after the link is opened', async () => {
    const shop = await seedShop(p.deps);
    const email = `${uniq('guest')}@example.test`;
    const orderId = await guestOrder(shop, email);
    const client = new PageClient(p.app, shop.store.host);
    expect((await register(client, email)).status).toBe(303);
    // Registered, not verified: the guest order stays unattached and out of the history.
    expect((await orderOwner(shop, orderId)).customer_id).toBeNull();
    const account = await client.get('/account');
    expect(account.text).toContain('Please confirm your e-mail address');
    expect(account.text).toContain('No orders yet');
    expect(account.text).toContain('href="/account/privacy"');

    const mail = (await outboxEmails(p.deps, email))[0]!;
    expect(mail.text).toContain(`http://${shop.store.host}/account/verify?token=`);
    const token = tokenFromEmail(mail.text);
    // The link's page only shows a button (a mail scanner opening it changes nothing).
    const page = await client.get(`/account/verify?token=${encodeURIComponent(token)}`);
    expect(page.text).toContain('Confirm e-mail address');
    expect((await orderOwner(shop, orderId)).customer_id).toBeNull();
    const done = await client.post('/account/verify', { _csrf: hiddenValue(page.text, '_csrf')!, token });
    expect(done.status).toBe(200);
    expect(done.text).toContain('1 earlier order was added to your account');
    expect((await orderOwner(shop, orderId)).customer_id).not.toBeNull();
    const after = await client.get('/account');
    expect(after.text).not.toContain('Please confirm your e-mail address');
    expect(after.text).toMatch(/#\d+<\/a>/);
    // The link works once.
    const again = await client.post('/account/verify', { _csrf: hiddenValue(page.text, '_csrf')!, token });
    expect(again.status).toBe(400);
    expect(again.text).toContain('expired or was already used');
  });

  it('an e-mail change takes effect from the new address only; a taken address is refused next to the field', async () => {
    const shop = await seedShop(p.deps);
    const old = `${uniq('old')}@example.test`;
    const taken = `${uniq('taken')}@example.test`;
    await register(new PageClient(p.app, shop.store.host), taken);
    const client = new PageClient(p.app, shop.store.host);
    await register(client, old);
    const refused = await client.post('/account/email', {
      _csrf: await csrf(client, '/account/profile'),
      email: taken,
    });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Another account in this store uses this e-mail address.');
    expect(refused.text).toContain(`value="${taken}"`);

    const fresh = `${uniq('new')}@example.test`;
    const orderId = await guestOrder(shop, fresh);
    const sent = await client.post('/account/email', {
      _csrf: await csrf(client, '/account/profile'),
      email: fresh,
    });
    expect(sent.status).toBe(303);
    const profile = await client.get('/account/profile');
    expect(profile.text).toContain(`<strong>${old}</strong>`);
    expect(profile.text).toContain(`link sent to <strong>${fresh}</strong>`);
    const token = tokenFromEmail((await outboxEmails(p.deps, fresh))[0]!.text);
    await client.post('/account/verify', { _csrf: hiddenValue(profile.text, '_csrf')!, token });
    const changed = await client.get('/account/profile');
    expect(changed.text).toContain(`<strong>${fresh}</strong> — confirmed`);
    expect((await orderOwner(shop, orderId)).customer_id).not.toBeNull();
    expect(leaksInternals(changed.text)).toBe(false);
  });

  it('a password change needs the current password and keeps this browser signed in', async () => {
    const shop = await seedShop(p.deps);
    const client = new PageClient(p.app, shop.store.host);
    await register(client, `${uniq('pw')}@example.test`);
    const wrong = await client.post('/account/password', {
      _csrf: await csrf(client, '/account/profile'),
      current: 'not my password at all',
      password: 'a brand new passphrase',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('This is not your current password.');
    const ok = await client.post('/account/password', {
      _csrf: await csrf(client, '/account/profile'),
      current: PASSWORD,
      password: 'a brand new passphrase',
    });
    expect(ok.status).toBe(303);
    expect((await client.get(ok.location!)).text).toContain('Your password is changed');
  });
});

describe('saved addresses', () => {
  it('add, edit, make default, delete; the default prefills checkout; errors next to fields', async () => {
    const shop = await seedShop(p.deps);
    const client = new PageClient(p.app, shop.store.host);
    await register(client, `${uniq('addr')}@example.test`);
    const bad = await client.post('/account/addresses', {
      _csrf: await csrf(client, '/account/addresses/new'),
      ...ADDRESS,
      city: '',
      region: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter the town or city.');
    expect(bad.text).toContain('Choose the state.');
    expect(bad.text).toContain('value="5 Market St"');

    await client.post('/account/addresses', {
      _csrf: await csrf(client, '/account/addresses/new'),
      ...ADDRESS,
    });
    await client.post('/account/addresses', {
      _csrf: await csrf(client, '/account/addresses/new'),
      ...ADDRESS,
      name: 'Work Desk',
      line1: '1 Office Park',
    });
    const t = shop.store.tenant.id;
    const rows = () =>
      withTenant(p.deps.db, t, (trx) =>
        trx
          .selectFrom('customer_addresses')
          .select(['id', 'name', 'is_default'])
          .orderBy('created_at')
          .execute(),
      );
    let list = await rows();
    expect(list.map((r) => [r.name, r.is_default])).toEqual([
      ['Sam Shopper', true],
      ['Work Desk', false],
    ]);
    const work = list[1]!.id;
    await client.post(`/account/addresses/${work}/default`, {
      _csrf: await csrf(client, '/account/addresses'),
    });
    await client.post(`/account/addresses/${work}`, {
      _csrf: await csrf(client, `/account/addresses/${work}/edit`),
      ...ADDRESS,
      name: 'Work Desk',
      line1: '2 Office Park',
    });
    list = await rows();
    expect(list.map((r) => [r.name, r.is_default])).toEqual([
      ['Sam Shopper', false],
      ['Work Desk', true],
    ]);
    // The default prefills checkout.
    await addShirt(client, shop);
    const checkout = await client.get('/checkout');
    expect(checkout.text).toContain('value="2 Office Park"');
    // Deleting the default promotes the other one.
    await client.post(`/account/addresses/${work}/delete`, {
      _csrf: await csrf(client, '/account/addresses'),
    });
    list = await rows();
    expect(list.map((r) => [r.name, r.is_default])).toEqual([['Sam Shopper', true]]);

    // Another shopper cannot see, edit or delete it.
    const other = new PageClient(p.app, shop.store.host);
    await register(other, `${uniq('other')}@example.test`);
    const mine = list[0]!.id;
    expect((await other.get(`/account/addresses/${mine}/edit`)).status).toBe(404);
    const del = await other.post(`/account/addresses/${mine}/delete`, {
      _csrf: await csrf(other, '/account/profile'),
    });
    expect(del.status).toBe(404);
    expect(await rows()).toHaveLength(1);
    // Signed out: the pages ask to sign in.
    const anon = await new PageClient(p.app, shop.store.host).get('/account/addresses');
    expect(anon.status).toBe(303);
  });
});
