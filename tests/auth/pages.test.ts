/** Apex account pages and the store admin shell: cookie sessions, CSRF on every form post, redirects, site binding. */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { addMember, createTestStore, createTestUser } from '../support/factories.js';
import { APEX_HOST, testPlatform } from '../support/platform.js';
import { cookieFrom, outboxEmails, tokenFromEmail } from './helpers.js';
import { csrfFrom, getPage, pageLogin, postForm } from './page-helpers.js';

describe('store admin pages', () => {
  it('redirects to sign-in, signs in, shows the overview with real counts and the store switcher', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const other = await createTestStore(p.deps);
    // The owner also belongs to a second store.
    await withTenant(p.deps.db, other.tenant.id, (trx) =>
      trx
        .insertInto('memberships')
        .values({ tenant_id: other.tenant.id, user_id: store.owner.id, role: 'admin' })
        .execute(),
    );
    const anon = await getPage(p.app, store.host, '/admin');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/admin/login?next=%2Fadmin');
    const form = await getPage(p.app, store.host, '/admin/login');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<label for="email">');

    const { cookie, location } = await pageLogin(
      p.app,
      store.host,
      '/admin/login',
      store.owner.email,
      store.owner.password,
    );
    expect(location).toBe('/admin');
    const page = await getPage(p.app, store.host, '/admin', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Paid orders');
    expect(page.text).toContain('Get your store ready');
    expect(page.text).toContain('aria-current="page"');
    for (const label of [
      'Products',
      'Orders',
      'Inventory',
      'Pricing',
      'Restock',
      'Alerts',
      'Customers',
      'Staff',
      'Settings',
      'Billing',
    ])
      expect(page.text).toContain(`>${label}</a>`);
    expect(page.text).toContain(`name="handle" value="${other.tenant.handle}"`);
    // The session cookie is bound to this store's host.
    const elsewhere = await getPage(p.app, other.host, '/admin', cookie);
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.get('location')).toMatch(/^\/admin\/login/);

    // The switcher hands the merchant over with a single-use token for that store only.
    const token = csrfFrom(page.text);
    const sw = await postForm(
      p.app,
      store.host,
      '/admin/switch',
      { _csrf: token, handle: other.tenant.handle },
      { cookie },
    );
    expect(sw.status).toBe(303);
    const target = new URL(sw.headers.get('location')!);
    expect(target.host).toBe(other.host);
    expect(target.pathname).toBe('/admin/handoff');
    const third = await createTestStore(p.deps);
    expect(
      (await getPage(p.app, third.host, `${target.pathname}${target.search}`)).headers.get('location'),
    ).toBe('/admin/login');
    const landed = await getPage(p.app, other.host, `${target.pathname}${target.search}`);
    expect(landed.headers.get('location')).toBe('/admin');
    const otherCookie = `sl_session=${cookieFrom(landed.headers, 'sl_session')}`;
    expect((await getPage(p.app, other.host, '/admin', otherCookie)).status).toBe(200);
    const replay = await getPage(p.app, other.host, `${target.pathname}${target.search}`);
    expect(replay.headers.get('location')).toBe('/admin/login');
    const notMine = await postForm(
      p.app,
      store.host,
      '/admin/switch',
      { _csrf: token, handle: third.tenant.handle },
      { cookie },
    );
    expect(notMine.status).toBe(404);
  });

  it('wrong password re-renders with 401; a non-member cannot sign in; staff sees the overview', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const wrong = await postForm(p.app, store.host, '/admin/login', {
      email: store.owner.email,
      password: 'nope nope nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('role="alert"');
    const outsider = await createTestUser(p.deps);
    const refused = await postForm(p.app, store.host, '/admin/login', {
      email: outsider.email,
      password: outsider.password,
    });
    expect(refused.status).toBe(403);
    const staff = await addMember(p.deps, store.tenant.id, 'staff');
    const { cookie } = await pageLogin(p.app, store.host, '/admin/login', staff.email, staff.password);
    expect((await getPage(p.app, store.host, '/admin', cookie)).status).toBe(200);
  });

  it('CSRF: a cookie-authenticated form post without or with a wrong token, or cross-origin, is refused', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const { cookie } = await pageLogin(
      p.app,
      store.host,
      '/admin/login',
      store.owner.email,
      store.owner.password,
    );
    const token = csrfFrom((await getPage(p.app, store.host, '/admin', cookie)).text);
    const missing = await postForm(p.app, store.host, '/admin/logout', {}, { cookie });
    expect(missing.status).toBe(403);
    const wrong = await postForm(p.app, store.host, '/admin/logout', { _csrf: 'x'.repeat(43) }, { cookie });
    expect(wrong.status).toBe(403);
    const cross = await postForm(
      p.app,
      store.host,
      '/admin/logout',
      { _csrf: token },
      { cookie, origin: 'http://evil.example' },
    );
    expect(cross.status).toBe(403);
    const noOrigin = await postForm(
      p.app,
      store.host,
      '/admin/logout',
      { _csrf: token },
      { cookie, origin: null },
    );
    expect(noOrigin.status).toBe(403);
    // Still signed in: none of the refused posts did anything.
    expect((await getPage(p.app, store.host, '/admin', cookie)).status).toBe(200);
    const ok = await postForm(p.app, store.host, '/admin/logout', { _csrf: token }, { cookie });
    expect(ok.status).toBe(303);
    expect((await getPage(p.app, store.host, '/admin', cookie)).status).toBe(303);
  });

  it('a login form posted cross-site is refused (login CSRF)', async () => {
    const p = await testPlatform();
    const user = await createTestUser(p.deps);
    const res = await postForm(
      p.app,
      APEX_HOST,
      '/login',
      { email: user.email, password: user.password },
      { origin: 'http://evil.example' },
    );
    expect(res.status).toBe(403);
  });
});

describe('apex account pages', () => {
  it('login shows the merchant their stores; logout ends the session', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const { cookie, location } = await pageLogin(
      p.app,
      APEX_HOST,
      '/login',
      store.owner.email,
      store.owner.password,
    );
    expect(location).toBe('/login');
    const page = await getPage(p.app, APEX_HOST, '/login', cookie);
    expect(page.text).toContain(store.tenant.name);
    const open = await postForm(
      p.app,
      APEX_HOST,
      '/stores/open',
      { _csrf: csrfFrom(page.text), handle: store.tenant.handle },
      { cookie },
    );
    expect(open.status).toBe(303);
    const target = new URL(open.headers.get('location')!);
    const landed = await getPage(p.app, store.host, `${target.pathname}${target.search}`);
    expect(landed.headers.get('location')).toBe('/admin');
    const out = await postForm(p.app, APEX_HOST, '/logout', { _csrf: csrfFrom(page.text) }, { cookie });
    expect(out.status).toBe(303);
    expect((await getPage(p.app, APEX_HOST, '/login', cookie)).text).toContain('<h1>Log in</h1>');
  });

  it('forgot → reset through the pages; the link works once', async () => {
    const p = await testPlatform();
    const user = await createTestUser(p.deps);
    const sent = await postForm(p.app, APEX_HOST, '/forgot-password', { email: user.email });
    expect(sent.status).toBe(200);
    const token = tokenFromEmail((await outboxEmails(p.deps, user.email))[0]!.text);
    const form = await getPage(p.app, APEX_HOST, `/reset-password?token=${encodeURIComponent(token)}`);
    expect(form.status).toBe(200);
    const weak = await postForm(p.app, APEX_HOST, '/reset-password', { token, password: 'short' });
    expect(weak.status).toBe(400);
    const ok = await postForm(p.app, APEX_HOST, '/reset-password', {
      token,
      password: 'my brand new password',
    });
    expect(ok.status).toBe(200);
    const again = await postForm(p.app, APEX_HOST, '/reset-password', {
      token,
      password: 'my brand new password',
    });
    expect(again.status).toBe(401);
    await pageLogin(p.app, APEX_HOST, '/login', user.email, 'my brand new password');
  });

  it('/dev/mail lists stored mail in development and is 404 in production', async () => {
    const p = await testPlatform();
    const { storeDevMail } = await import('../../src/modules/mail/service.js');
    const to = `dev-${Date.now()}@example.test`;
    await storeDevMail(p.deps.db, `test:${to}`, { to, subject: 'Hello dev', text: 'Body text' });
    const page = await getPage(p.app, APEX_HOST, `/dev/mail?to=${encodeURIComponent(to)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Hello dev');
    const { createApp } = await import('../../src/app.js');
    const prod = createApp({ ...p.deps, config: { ...p.deps.config, isProduction: true } });
    expect((await getPage(prod, APEX_HOST, '/dev/mail')).status).toBe(404);
  });
});
