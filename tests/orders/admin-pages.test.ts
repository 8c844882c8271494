/**
 * Admin pages for orders, settings and the audit log (HTML, cookie session):
 * roles as in the API (staff see no refund form and no Settings; only owners
 * read the audit log), human validation messages next to the field keeping
 * what was typed, the Markdown preview, the currency rule, CSV export, and
 * that each change lands in the audit log as a sentence.
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { csrfFrom, getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import { orderIn } from '../checkout/support.js';
import { addMember, createTestStore } from '../support/factories.js';
import { testPlatform } from '../support/platform.js';

async function signIn(
  p: Awaited<ReturnType<typeof testPlatform>>,
  host: string,
  email: string,
  password: string,
) {
  const { cookie } = await pageLogin(p.app, host, '/admin/login', email, password);
  const csrf = csrfFrom((await getPage(p.app, host, '/admin', cookie)).text);
  return {
    cookie,
    csrf,
    /** GET a page as this member. */
    get: (path: string) => getPage(p.app, host, path, cookie),
    /** POST a form (with this member's CSRF token) as this member. */
    post: (path: string, fields: Record<string, string> = {}) =>
      postForm(p.app, host, path, { _csrf: csrf, ...fields }, { cookie }),
  };
}

describe('admin order pages', () => {
  it('lists, filters, exports and shows an order; staff get no refund form; bad ids are 404', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const orderId = await orderIn(p, store);
    const owner = await signIn(p, store.host, store.owner.email, store.owner.password);
    const list = await getPage(p.app, store.host, '/admin/orders?q=ada&payment=unpaid', owner.cookie);
    expect(list.status).toBe(200);
    expect(list.text).toContain(`/admin/orders/${orderId}`);
    const none = await getPage(p.app, store.host, '/admin/orders?q=nobody-here', owner.cookie);
    expect(none.text).toContain('No orders match');
    const csv = await getPage(p.app, store.host, '/admin/orders/export.csv', owner.cookie);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\n')[0]).toContain('number,placed_at,status');
    expect(csv.text).toContain('ada@example.test');

    const paid = await owner.post(`/admin/orders/${orderId}/mark-paid`);
    expect(paid.status).toBe(303);
    const detail = await getPage(p.app, store.host, `/admin/orders/${orderId}`, owner.cookie);
    expect(detail.text).toContain('Review refund');
    expect(detail.text).toContain('Ship items');

    // Shipping more than is left: a message next to the line, nothing shipped.
    const lineId = /name="ship_([0-9a-f-]{36})"/.exec(detail.text)![1]!;
    const tooMany = await owner.post(`/admin/orders/${orderId}/fulfil`, {
      [`ship_${lineId}`]: '9',
      carrier: 'UPS',
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toContain('At most 1 left to ship');
    expect(tooMany.text).toContain('value="UPS"');

    const staff = await addMember(p.deps, store.tenant.id, 'staff');
    const asStaff = await signIn(p, store.host, staff.email, staff.password);
    const staffView = await getPage(p.app, store.host, `/admin/orders/${orderId}`, asStaff.cookie);
    expect(staffView.status).toBe(200);
    expect(staffView.text).not.toContain('Review refund');
    const refund = await asStaff.post(`/admin/orders/${orderId}/refund`, { amount: '1.00' });
    expect(refund.status).toBe(403);
    expect((await getPage(p.app, store.host, '/admin/orders/not-a-uuid', owner.cookie)).status).toBe(404);
    const other = await createTestStore(p.deps);
    expect((await getPage(p.app, other.host, `/admin/orders/${orderId}`, owner.cookie)).status).not.toBe(200);
  });
});

describe('admin settings pages', () => {
  it('validates next to the field keeping what was typed, previews Markdown, fixes currency after the first order, and audits', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const owner = await signIn(p, store.host, store.owner.email, store.owner.password);
    const post = owner.post;

    const bad = await post('/admin/settings', {
      name: 'My shop',
      contactEmail: 'not-an-email',
      logoUrl: 'http://x.test/l.png',
      timezone: 'UTC',
      currency: 'EUR',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('An e-mail address like hello@example.com');
    expect(bad.text).toContain('A link starting with https://');
    expect(bad.text).toContain('value="not-an-email"');
    const ok = await post('/admin/settings', {
      name: 'My shop',
      contactEmail: 'hi@example.test',
      logoUrl: '',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
    });
    expect(ok.status).toBe(303);
    const tenant = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('tenants')
        .select(['name', 'currency', 'timezone'])
        .where('id', '=', store.tenant.id)
        .executeTakeFirstOrThrow(),
    );
    expect(tenant).toEqual({ name: 'My shop', currency: 'EUR', timezone: 'Europe/Berlin' });

    await orderIn(p, store);
    const fixed = await getPage(p.app, store.host, '/admin/settings', owner.cookie);
    expect(fixed.text).toContain('fixed since your first order');
    expect(fixed.text).not.toContain('name="currency"');

    // Each form: what comes back (status) and what the page says, next to the field keeping what was typed.
    const formCases: { path: string; fields: Record<string, string>; status: number; says: string[] }[] = [
      {
        path: '/admin/settings/pages/new',
        fields: {
          title: 'About',
          slug: 'about-us',
          body: '## Hello\n\n<script>x</script> **bold**',
          intent: 'preview',
        },
        status: 200,
        says: ['<h2>Hello</h2>', '&lt;script&gt;x&lt;/script&gt; <strong>bold</strong>'],
      },
      {
        path: '/admin/settings/pages/new',
        fields: { title: 'About', slug: 'About Us!', body: 'x', intent: 'save' },
        status: 400,
        says: ['Lower-case letters, digits and single dashes'],
      },
      {
        path: '/admin/settings/theme',
        fields: {
          primary: 'red',
          background: '#ffffff',
          surface: '#f5f5f5',
          text: '#111111',
          muted: '#666666',
          accent: '#c0392b',
          border: '#dddddd',
          intent: 'save',
        },
        status: 400,
        says: ['A colour like #1f4e79', 'value="red"'],
      },
      {
        path: '/admin/settings/shipping',
        fields: { name: 'Express', amount: 'abc' },
        status: 400,
        says: ['Enter a price like 5.00'],
      },
    ];
    for (const f of formCases) {
      const res = await post(f.path, f.fields);
      expect(res.status, f.path).toBe(f.status);
      for (const text of f.says) expect(res.text, f.path).toContain(text);
    }
    expect((await post('/admin/settings/taxes', { country: 'DE', rate: '19', inclusive: 'on' })).status).toBe(
      303,
    );

    const audit = await getPage(p.app, store.host, '/admin/audit', owner.cookie);
    expect(audit.status).toBe(200);
    expect(audit.text).toContain('Set the tax rate for DE to 19 %');
    expect(audit.text).toContain('Changed the store&#39;s name');
    expect(audit.text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/td>/);
    const filtered = await getPage(p.app, store.host, '/admin/audit?action=order.refunded', owner.cookie);
    expect(filtered.text).toContain('Nothing matches');

    const admin = await addMember(p.deps, store.tenant.id, 'admin');
    const asAdmin = await signIn(p, store.host, admin.email, admin.password);
    expect((await getPage(p.app, store.host, '/admin/audit', asAdmin.cookie)).status).toBe(403);
    expect((await getPage(p.app, store.host, '/admin/settings', asAdmin.cookie)).status).toBe(200);
    const staff = await addMember(p.deps, store.tenant.id, 'staff');
    const asStaff = await signIn(p, store.host, staff.email, staff.password);
    expect((await getPage(p.app, store.host, '/admin/settings', asStaff.cookie)).status).toBe(403);
  });
});
