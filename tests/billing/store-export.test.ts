/**
 * Store data export: the owner's download (admin) and the platform admin's
 * (console) hold exactly that store's rows — products, customers, orders,
 * settings — and never another store's or a password hash; staff and other
 * stores' owners cannot download it; the export is audited.
 */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { getPage, pageLogin } from '../auth/page-helpers.js';
import { seedStore } from '../closing/fixture.js';
import {
  addMember,
  createTestProduct,
  createTestStore,
  createTestUser,
  type TestStore,
} from '../support/factories.js';
import { APEX_HOST, type TestPlatform, testPlatform } from '../support/platform.js';

const seed = (p: TestPlatform, s: TestStore) => seedStore(p, s, { total: 1234 });

describe('store data export', () => {
  it("holds exactly the store's rows, without secrets; owner and console only; audited", async () => {
    const p = await testPlatform();
    const a = await createTestStore(p.deps);
    const b = await createTestStore(p.deps);
    const mine = await seed(p, a);
    const theirs = await seed(p, b);
    await createTestProduct(p.deps, a.tenant.id);

    const owner = await pageLogin(p.app, a.host, '/admin/login', a.owner.email, a.owner.password);
    const page = await getPage(p.app, a.host, '/admin/store-data', owner.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('/admin/store-data/export.json');
    expect((await getPage(p.app, a.host, '/admin/billing', owner.cookie)).text).toContain(
      '/admin/store-data',
    );
    const res = await getPage(p.app, a.host, '/admin/store-data/export.json', owner.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`storeloom-${a.tenant.handle}-`);
    const data = JSON.parse(res.text);
    expect(data.store).toMatchObject({ id: a.tenant.id, handle: a.tenant.handle });
    expect(data.data.products.products.map((r: { id: string }) => r.id)).toHaveLength(2);
    expect(data.data.products.products.map((r: { id: string }) => r.id)).toContain(mine.product.id);
    expect(data.data.customers.customers.map((r: { id: string }) => r.id)).toEqual([mine.customer.id]);
    expect(data.data.orders.orders.map((r: { id: string }) => r.id)).toEqual([mine.order.id]);
    expect(data.counts).toMatchObject({ products: 2, customers: 1, orders: 1 });
    expect(Object.keys(data.data)).toEqual(['settings', 'products', 'customers', 'orders']);
    // Nothing of the other store, no secrets, no tenant ids.
    for (const id of [b.tenant.id, theirs.product.id, theirs.customer.id, theirs.order.id])
      expect(res.text).not.toContain(id);
    expect(res.text).not.toMatch(/password|"token"|secret/i);

    // Staff and another store's owner cannot download it.
    const staffUser = await addMember(p.deps, a.tenant.id, 'staff');
    const staff = await pageLogin(p.app, a.host, '/admin/login', staffUser.email, staffUser.password);
    expect((await getPage(p.app, a.host, '/admin/store-data/export.json', staff.cookie)).status).toBe(403);
    const other = await pageLogin(p.app, b.host, '/admin/login', b.owner.email, b.owner.password);
    const cross = await getPage(p.app, a.host, '/admin/store-data/export.json', other.cookie);
    expect(cross.status).not.toBe(200);
    expect(cross.text).not.toContain(mine.customer.email);

    // The console's download is the same export; merchants are refused there.
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const consoleLogin = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    const viaConsole = await getPage(
      p.app,
      APEX_HOST,
      `/console/tenants/${a.tenant.id}/export.json`,
      consoleLogin.cookie,
    );
    expect(viaConsole.status).toBe(200);
    expect(JSON.parse(viaConsole.text).counts).toEqual(data.counts);
    const merchant = await pageLogin(p.app, APEX_HOST, '/login', a.owner.email, a.owner.password);
    expect(
      (await getPage(p.app, APEX_HOST, `/console/tenants/${a.tenant.id}/export.json`, merchant.cookie))
        .status,
    ).toBe(403);

    const audit = await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('tenant_id', '=', a.tenant.id)
        .where('action', '=', 'store.exported')
        .execute(),
    );
    expect(audit.map((r) => r.actor_id).sort()).toEqual([a.owner.id, admin.id].sort());
  });
});

describe('store data export as ZIP', () => {
  it("holds a CSV and a JSON per table with exactly the store's rows; owner and console only", async () => {
    const { unzipSync, strFromU8 } = await import('fflate');
    const { parse } = await import('csv-parse/sync');
    const p = await testPlatform();
    const a = await createTestStore(p.deps);
    const b = await createTestStore(p.deps);
    const mine = await seed(p, a);
    const theirs = await seed(p, b);

    const owner = await pageLogin(p.app, a.host, '/admin/login', a.owner.email, a.owner.password);
    expect((await getPage(p.app, a.host, '/admin/store-data', owner.cookie)).text).toContain(
      '/admin/store-data/export.zip',
    );
    const res = await p.app.request('/admin/store-data/export.zip', {
      headers: { host: a.host, cookie: owner.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`storeloom-${a.tenant.handle}-\\d{4}-\\d{2}-\\d{2}\\.zip`),
    );
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const text = (name: string) => {
      const f = files[name];
      if (!f) throw new Error(`${name} missing from the archive: ${Object.keys(files).join(', ')}`);
      return strFromU8(f);
    };
    for (const t of ['products', 'variants', 'customers', 'orders', 'order_lines', 'store_settings']) {
      const section = Object.keys(files).find((n) => n.endsWith(`/${t}.csv`));
      expect(section, `${t}.csv`).toBeDefined();
    }
    const manifest = JSON.parse(text('manifest.json'));
    expect(manifest.store).toMatchObject({ id: a.tenant.id, handle: a.tenant.handle });
    expect(manifest.counts).toMatchObject({ products: 1, customers: 1, orders: 1 });

    const csv = (name: string) => parse(text(name), { columns: true }) as Record<string, string>[];
    expect(csv('products/products.csv').map((r) => r.id)).toEqual([mine.product.id]);
    expect(csv('customers/customers.csv').map((r) => [r.id, r.email])).toEqual([
      [mine.customer.id, mine.customer.email],
    ]);
    const orders = csv('orders/orders.csv');
    expect(orders.map((r) => [r.id, r.total, r.currency])).toEqual([[mine.order.id, '1234', 'USD']]);
    // JSON object columns are JSON text in the CSV.
    expect(JSON.parse(orders[0]?.shipping_address ?? '')).toMatchObject({ country: 'US' });
    expect(JSON.parse(text('orders/orders.json')).map((r: { id: string }) => r.id)).toEqual([mine.order.id]);
    expect(JSON.parse(text('products/variants.json')).length).toBe(csv('products/variants.csv').length);
    // Empty tables still carry their header row.
    expect(text('orders/order_lines.csv').split('\n')[0]).toContain('order_id');

    const all = Object.keys(files).map(text).join('\n');
    for (const id of [b.tenant.id, theirs.product.id, theirs.customer.id, theirs.order.id])
      expect(all).not.toContain(id);
    expect(all).not.toMatch(/password|"token"|secret|tenant_id/i);

    // Staff and another store's owner are refused; the console gets the same archive.
    const staffUser = await addMember(p.deps, a.tenant.id, 'staff');
    const staff = await pageLogin(p.app, a.host, '/admin/login', staffUser.email, staffUser.password);
    expect((await getPage(p.app, a.host, '/admin/store-data/export.zip', staff.cookie)).status).toBe(403);
    const other = await pageLogin(p.app, b.host, '/admin/login', b.owner.email, b.owner.password);
    const cross = await getPage(p.app, a.host, '/admin/store-data/export.zip', other.cookie);
    expect(cross.status).not.toBe(200);
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const consoleLogin = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    const viaConsole = await p.app.request(`/console/tenants/${a.tenant.id}/export.zip`, {
      headers: { host: APEX_HOST, cookie: consoleLogin.cookie },
    });
    expect(viaConsole.status).toBe(200);
    const consoleFiles = unzipSync(new Uint8Array(await viaConsole.arrayBuffer()));
    expect(JSON.parse(strFromU8(consoleFiles['manifest.json'] ?? new Uint8Array())).counts).toEqual(
      manifest.counts,
    );
    const merchant = await pageLogin(p.app, APEX_HOST, '/login', a.owner.email, a.owner.password);
    expect(
      (await getPage(p.app, APEX_HOST, `/console/tenants/${a.tenant.id}/export.zip`, merchant.cookie)).status,
    ).toBe(403);
  });

  it('a client that goes away mid-download stops the export cleanly: no throw escapes, the abandonment is audited', async () => {
    const p = await testPlatform();
    const a = await createTestStore(p.deps);
    await seed(p, a);
    const escaped: unknown[] = [];
    const onRejection = (reason: unknown) => escaped.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const owner = await pageLogin(p.app, a.host, '/admin/login', a.owner.email, a.owner.password);
      const res = await p.app.request('/admin/store-data/export.zip', {
        headers: { host: a.host, cookie: owner.cookie },
      });
      expect(res.status).toBe(200);
      // The browser navigates away before the archive is complete.
      await res.body?.cancel();
      const audited = async () =>
        withPlatformAccess(p.deps.db, (trx) =>
          trx
            .selectFrom('audit_log')
            .select(['data'])
            .where('tenant_id', '=', a.tenant.id)
            .where('action', '=', 'store.exported')
            .execute(),
        );
      let rows = await audited();
      for (let i = 0; i < 100 && rows.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        rows = await audited();
      }
      expect(rows).toHaveLength(1);
      expect(rows[0]?.data).toMatchObject({
        format: 'zip',
        abandoned: true,
        summary: expect.stringMatching(/abandoned/),
      });
      // Not every table was read after the client left.
      const counts = (rows[0]?.data as { counts?: Record<string, number> } | undefined)?.counts ?? {};
      expect(Object.keys(counts).length).toBeLessThan(6);
      await new Promise((r) => setTimeout(r, 50));
      expect(escaped).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
