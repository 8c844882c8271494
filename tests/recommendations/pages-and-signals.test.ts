/**
 * The merchant page /admin/recommendations (pins, exclusions, settings with a human error, roles and store
 * isolation), the storefront's pair-add route refusing bad input, "complete your order" never offering what
 * is in the cart, purchase signals from `order.placed`, the nightly scheduler and a shopper's forgetting.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { TENANT_SCHEDULES } from '../../src/modules/jobs/schedulers.js';
import { rebuildStore } from '../../src/modules/recommendations/rebuild.js';
import {
  forgetShopper,
  getCartCompanions,
  recordPurchase,
  signalRecorderFor,
} from '../../src/modules/recommendations/service.js';
import { csrfFrom, getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import {
  addMember,
  createTestCustomer,
  createTestProduct,
  createTestStore,
  type TestStore,
} from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { insertCart, insertOrder } from './fixtures/store.js';

let p: TestPlatform;
let a: TestStore;
let b: TestStore;
const A: Record<string, ProductDetail> = {};
let foreign: ProductDetail;
let ownerCookie: string;

beforeAll(async () => {
  p = await testPlatform();
  a = await createTestStore(p.deps);
  b = await createTestStore(p.deps);
  for (const [key, title] of [
    ['mug', 'Enamel camping mug'],
    ['kettle', 'Enamel camping kettle'],
    ['lamp', 'Brass desk lamp'],
    ['bulb', 'Warm light bulb'],
  ] as const) {
    A[key] = await createTestProduct(p.deps, a.tenant.id, { title });
  }
  foreign = await createTestProduct(p.deps, b.tenant.id, { title: 'Enamel camping plate' });
  for (let i = 0; i < 4; i++) await insertOrder(p.deps, a.tenant.id, [A.mug!, A.kettle!], { daysAgo: i + 1 });
  for (let i = 0; i < 3; i++) await insertOrder(p.deps, a.tenant.id, [A.lamp!, A.bulb!], { daysAgo: i + 1 });
  await rebuildStore(p.deps.db, a.tenant.id, p.deps.now());
  ownerCookie = (await pageLogin(p.app, a.host, '/admin/login', a.owner.email, a.owner.password)).cookie;
}, 120_000);

const PAGE = '/admin/recommendations';

async function post(path: string, fields: Record<string, string>, cookie = ownerCookie) {
  const token = csrfFrom((await getPage(p.app, a.host, PAGE, cookie)).text);
  return postForm(p.app, a.host, path, { _csrf: token, ...fields }, { cookie });
}

const overrides = (productId: string) =>
  withTenant(p.deps.db, a.tenant.id, async (trx) => {
    const r = await sql<{ target_id: string; action: string }>`
      select target_id, action from recommendation_overrides
      where tenant_id = ${a.tenant.id} and product_id = ${productId}`.execute(trx);
    return r.rows;
  });

describe('/admin/recommendations', () => {
  it('shows what shoppers of a product see, with reasons', async () => {
    const res = await getPage(p.app, a.host, `${PAGE}?product=${A.mug!.id}`, ownerCookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain('What shoppers of “Enamel camping mug” see');
    expect(res.text).toContain('bought together by 4 shoppers');
    expect(res.text).toContain('Enamel camping kettle');
  });

  it('pins and excludes through forms; the product itself and another store’s product are refused', async () => {
    const pin = await post(`${PAGE}/overrides`, { product: A.mug!.id, target: A.lamp!.id, change: 'pin' });
    expect(pin.status).toBe(303);
    expect(pin.headers.get('location')).toContain('notice=pin');
    const exclude = await post(`${PAGE}/overrides`, {
      product: A.mug!.id,
      target: A.kettle!.id,
      change: 'exclude',
    });
    expect(exclude.headers.get('location')).toContain('notice=exclude');
    expect(await overrides(A.mug!.id)).toEqual(
      expect.arrayContaining([
        { target_id: A.lamp!.id, action: 'pin' },
        { target_id: A.kettle!.id, action: 'exclude' },
      ]),
    );
    const self = await post(`${PAGE}/overrides`, { product: A.mug!.id, target: A.mug!.id, change: 'pin' });
    expect(self.headers.get('location')).toContain('error=self');
    const other = await post(`${PAGE}/overrides`, { product: A.mug!.id, target: foreign.id, change: 'pin' });
    expect(other.headers.get('location')).toContain('error=gone');
    expect(await overrides(A.mug!.id)).toHaveLength(2);
    const shown = await getPage(p.app, a.host, `${PAGE}?product=${A.mug!.id}`, ownerCookie);
    expect(shown.text).toContain('picked for you');
    const remove = await post(`${PAGE}/overrides`, {
      product: A.mug!.id,
      target: A.kettle!.id,
      change: 'remove',
    });
    expect(remove.headers.get('location')).toContain('notice=remove');
    expect(await overrides(A.mug!.id)).toEqual([{ target_id: A.lamp!.id, action: 'pin' }]);
  });

  it('a bad retention is a 400 with the message next to the field and the typed value kept', async () => {
    const bad = await post(`${PAGE}/settings`, { retentionDays: '99999', excludeOutOfStock: 'on' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter a whole number of days between 1 and 3650');
    expect(bad.text).toContain('value="99999"');
    const ok = await post(`${PAGE}/settings`, { retentionDays: '30' });
    expect(ok.status).toBe(303);
    const row = await withTenant(p.deps.db, a.tenant.id, async (trx) => {
      const r = await sql`select * from recommendation_settings where tenant_id = ${a.tenant.id}`.execute(
        trx,
      );
      return r.rows;
    });
    expect(row[0]).toMatchObject({ retention_days: 30, exclude_out_of_stock: false });
  });

  it('staff see the page without buttons and cannot post; another store’s member gets 404', async () => {
    const staff = await addMember(p.deps, a.tenant.id, 'staff');
    const { cookie } = await pageLogin(p.app, a.host, '/admin/login', staff.email, staff.password);
    const page = await getPage(p.app, a.host, `${PAGE}?product=${A.mug!.id}`, cookie);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Save settings');
    expect(page.text).not.toContain('>Exclude<');
    const refused = await post(
      `${PAGE}/overrides`,
      { product: A.mug!.id, target: A.bulb!.id, change: 'pin' },
      cookie,
    );
    expect(refused.status).toBe(403);
    const outsider = await pageLogin(p.app, b.host, '/admin/login', b.owner.email, b.owner.password);
    expect((await getPage(p.app, a.host, PAGE, outsider.cookie)).status).not.toBe(200);
  });
});

describe('storefront pieces', () => {
  it('the pair route refuses anything but two distinct variant ids', async () => {
    const home = await getPage(p.app, a.host, `/products/${A.mug!.handle}`);
    const token = csrfFrom(home.text);
    const cookie = home.headers.get('set-cookie')?.split(';')[0] ?? '';
    for (const variantId of [[A.mug!.variants[0]!.id], ['nope', 'nope2']]) {
      const fields = new URLSearchParams([
        ['_csrf', token],
        ...variantId.map((v): [string, string] => ['variantId', v]),
      ]);
      const res = await p.app.request('/cart/pair', {
        method: 'POST',
        headers: {
          host: a.host,
          origin: `http://${a.host}`,
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: fields.toString(),
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/cart?notice=invalid');
    }
  });

  it('"complete your order" never offers what is in the cart', async () => {
    const cartId = await insertCart(p.deps, a.tenant.id, [A.lamp!.variants[0]!.id]);
    const items = await getCartCompanions(p.deps.db, { id: a.tenant.id, currency: 'USD' }, cartId, 10);
    expect(items[0]).toMatchObject({ id: A.bulb!.id, reason: 'bought together by 3 shoppers' });
    expect(items.map((i) => i.id)).not.toContain(A.lamp!.id);
    expect(items.map((i) => i.id)).not.toContain(foreign.id);
  });
});

describe('signals, schedule and forgetting', () => {
  it('order.placed writes purchase signals for the order’s customer (none for another store)', async () => {
    const customer = await createTestCustomer(p.deps, a.tenant.id);
    await insertOrder(p.deps, a.tenant.id, [A.mug!, A.bulb!], { customerId: customer.id });
    const orderId = await withTenant(p.deps.db, a.tenant.id, async (trx) => {
      const r = await sql<{ id: string }>`select id from orders where customer_id = ${customer.id}`.execute(
        trx,
      );
      return r.rows[0]!.id;
    });
    expect(await recordPurchase(p.deps, a.tenant.id, orderId)).toBe(2);
    expect(await recordPurchase(p.deps, b.tenant.id, orderId)).toBe(0);
    const events = () =>
      withTenant(
        p.deps.db,
        a.tenant.id,
        async (trx) =>
          (
            await sql<{ n: number }>`select count(*)::int as n from recommendation_events
            where tenant_id = ${a.tenant.id} and customer_id = ${customer.id} and kind = 'purchase'`.execute(
              trx,
            )
          ).rows[0]!.n,
      );
    expect(await events()).toBe(2);
    expect(await forgetShopper(p.deps.db, a.tenant.id, { customerId: customer.id })).toBe(2);
    expect(await events()).toBe(0);
  });

  it('a session’s events are forgotten with it', async () => {
    const sessionId = 'forgetme0123456789';
    await signalRecorderFor(p.deps.db).flush(); // views the page tests above buffered
    signalRecorderFor(p.deps.db).record(a.tenant.id, {
      kind: 'view',
      productId: A.lamp!.id,
      customerId: null,
      sessionId,
      occurredAt: p.deps.now(),
    });
    signalRecorderFor(p.deps.db).record(a.tenant.id, {
      kind: 'cart',
      productId: null,
      variantId: A.bulb!.variants[0]!.id,
      customerId: null,
      sessionId,
      occurredAt: p.deps.now(),
    });
    expect(await signalRecorderFor(p.deps.db).flush()).toBe(2);
    expect(await forgetShopper(p.deps.db, b.tenant.id, { sessionId })).toBe(0);
    expect(await forgetShopper(p.deps.db, a.tenant.id, { sessionId })).toBe(2);
  });

  it('every active store gets a nightly full rebuild', () => {
    expect(TENANT_SCHEDULES).toContainEqual(
      expect.objectContaining({ key: 'recommendations', queue: 'recommendations', jobName: 'rebuild' }),
    );
  });
});
