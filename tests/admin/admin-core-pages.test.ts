/**
 * Admin products / inventory / customers pages over HTTP (cookie sessions,
 * CSRF, roles): other stores' ids answer 404, staff neither see nor reach
 * admin-only actions, bad input answers 400 with the typed value kept and
 * nothing written, and every change lands in the store's audit log.
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { csrfFrom, getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import { seedShop } from '../storefront/fixture.js';
import { addMember, createTestCustomer, createTestStore } from '../support/factories.js';
import { testPlatform } from '../support/platform.js';

async function setup() {
  const p = await testPlatform();
  const shop = await seedShop(p.deps);
  const host = shop.store.host;
  const owner = await pageLogin(
    p.app,
    host,
    '/admin/login',
    shop.store.owner.email,
    shop.store.owner.password,
  );
  const staffUser = await addMember(p.deps, shop.store.tenant.id, 'staff');
  const staff = await pageLogin(p.app, host, '/admin/login', staffUser.email, staffUser.password);
  const csrf = async (cookie: string, path = '/admin/products') =>
    csrfFrom((await getPage(p.app, host, path, cookie)).text);
  const auditActions = () =>
    withTenant(p.deps.db, shop.store.tenant.id, (trx) =>
      trx.selectFrom('audit_log').select('action').where('tenant_id', '=', shop.store.tenant.id).execute(),
    ).then((rows) => rows.map((r) => r.action));
  return { p, shop, host, owner: owner.cookie, staff: staff.cookie, csrf, auditActions };
}

describe('admin core pages', () => {
  it('answer 404 for another store’s ids and send strangers to sign in', async () => {
    const { p, host, owner } = await setup();
    const other = await seedShop(p.deps);
    const customer = await createTestCustomer(p.deps, other.store.tenant.id);
    for (const path of [
      `/admin/products/${other.shirt.id}`,
      `/admin/inventory/${other.shirt.variants[0]!.id}`,
      `/admin/customers/${customer.id}`,
    ])
      expect((await getPage(p.app, host, path, owner)).status, path).toBe(404);
    const anon = await getPage(p.app, host, '/admin/products');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toContain('/admin/login');
  });

  it('show staff the lists without admin-only actions, and refuse those actions', async () => {
    const { p, shop, host, staff, csrf } = await setup();
    const list = await getPage(p.app, host, '/admin/products', staff);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Linen Shirt');
    expect(list.text).not.toContain('Add product');
    expect(list.text).not.toContain('/admin/billing');
    expect((await getPage(p.app, host, '/admin/products/new', staff)).status).toBe(403);
    const token = await csrf(staff);
    const bulk = await postForm(
      p.app,
      host,
      '/admin/products/bulk',
      { _csrf: token, ids: shop.shirt.id, status: 'archived' },
      { cookie: staff },
    );
    expect(bulk.status).toBe(403);
    const editor = await getPage(p.app, host, `/admin/products/${shop.shirt.id}`, staff);
    expect(editor.status).toBe(200);
    expect(editor.text).toContain('<fieldset class="plain" disabled');
    expect(editor.text).not.toContain('Save product');
  });

  it('adjust stock with a reason (400 keeps the typed value), set thresholds, archive in bulk, add notes — all audited', async () => {
    const { p, shop, host, owner, csrf, auditActions } = await setup();
    const v = shop.shirt.variants[0]!;
    const token = await csrf(owner);
    const bad = await postForm(
      p.app,
      host,
      `/admin/inventory/${v.id}/adjust`,
      { _csrf: token, delta: '3.5', reason: 'restock' },
      { cookie: owner },
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('value="3.5"');
    expect(bad.text).toContain('Enter a whole number');
    const ok = await postForm(
      p.app,
      host,
      `/admin/inventory/${v.id}/adjust`,
      { _csrf: token, delta: '12', reason: 'restock', note: 'PO 7' },
      { cookie: owner },
    );
    expect(ok.status).toBe(303);
    const ledger = await getPage(p.app, host, `/admin/inventory/${v.id}`, owner);
    expect(ledger.text).toContain('PO 7');
    const below = await postForm(
      p.app,
      host,
      `/admin/inventory/${v.id}/adjust`,
      { _csrf: token, delta: '-1000', reason: 'correction' },
      { cookie: owner },
    );
    expect(below.status).toBe(409);
    const th = await postForm(
      p.app,
      host,
      `/admin/inventory/${v.id}/threshold`,
      { _csrf: token, threshold: '9', back: '/admin/inventory?filter=low' },
      { cookie: owner },
    );
    expect(th.status).toBe(303);
    expect(th.headers.get('location')).toBe('/admin/inventory?filter=low&notice=threshold_saved');
    const evil = await postForm(
      p.app,
      host,
      `/admin/inventory/${v.id}/threshold`,
      { _csrf: token, threshold: '9', back: '//evil.test/x' },
      { cookie: owner },
    );
    expect(evil.headers.get('location')).toBe(`/admin/inventory/${v.id}?notice=threshold_saved`);
    const bulk = await postForm(
      p.app,
      host,
      '/admin/products/bulk',
      { _csrf: token, ids: shop.mug.id, status: 'archived' },
      { cookie: owner },
    );
    expect(bulk.headers.get('location')).toBe('/admin/products?notice=bulk_archived');
    const customer = await createTestCustomer(p.deps, shop.store.tenant.id);
    const empty = await postForm(
      p.app,
      host,
      `/admin/customers/${customer.id}/notes`,
      { _csrf: token, body: '  ' },
      { cookie: owner },
    );
    expect(empty.status).toBe(400);
    await postForm(
      p.app,
      host,
      `/admin/customers/${customer.id}/notes`,
      { _csrf: token, body: 'Prefers DHL' },
      { cookie: owner },
    );
    expect((await getPage(p.app, host, `/admin/customers/${customer.id}`, owner)).text).toContain(
      'Prefers DHL',
    );
    const state = await withTenant(p.deps.db, shop.store.tenant.id, async (trx) => ({
      v: await trx
        .selectFrom('variants')
        .select(['stock', 'low_stock_threshold'])
        .where('id', '=', v.id)
        .executeTakeFirstOrThrow(),
      mug: await trx
        .selectFrom('products')
        .select('status')
        .where('id', '=', shop.mug.id)
        .executeTakeFirstOrThrow(),
    }));
    expect(state.v).toEqual({ stock: 17, low_stock_threshold: 9 });
    expect(state.mug.status).toBe('archived');
    expect(await auditActions()).toEqual(
      expect.arrayContaining([
        'inventory.adjusted',
        'inventory.threshold_changed',
        'products.status_changed',
        'customer.note_added',
      ]),
    );
  });

  it('export customers and products as CSV, and render the dashboard for a new store', async () => {
    const { p, host, owner } = await setup();
    const csv = await getPage(p.app, host, '/admin/customers/export.csv', owner);
    expect(csv.status).toBe(200);
    expect(csv.text.split('\n')[0]).toBe(
      'email,name,registered,orders,lifetime_value,last_order_at,created_at',
    );
    expect((await getPage(p.app, host, '/admin/products/export.csv', owner)).text).toContain('Linen Shirt');
    const fresh = await createTestStore(p.deps);
    const c = await pageLogin(p.app, fresh.host, '/admin/login', fresh.owner.email, fresh.owner.password);
    const dash = await getPage(p.app, fresh.host, '/admin?days=7', c.cookie);
    expect(dash.status).toBe(200);
    expect(dash.text).toContain('Get your store ready');
    expect(dash.text).toContain('href="/admin/products/new"');
    expect(dash.text).toContain('Last 7 days');
    expect(dash.text).not.toMatch(/STRIPE_|_KEY/);
  });
});
