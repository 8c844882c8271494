/**
 * The console's commercial and support operations: plan override and trial
 * extension (audited with before/after and reason; bad input → 400, nothing
 * written), "sign in as this store's owner" (time-limited, reason required,
 * audited at start and end, banner on every admin page, single-use token),
 * and delete with a typed confirmation. Plus the console frame: its own nav,
 * the signed-in admin and sign-out on every page.
 */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { cookieFrom } from '../auth/helpers.js';
import { csrfFrom, getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import { createTestStore, createTestUser } from '../support/factories.js';
import { APEX_HOST, request, type TestPlatform, testPlatform } from '../support/platform.js';

const tenantRow = (p: TestPlatform, id: string) =>
  withPlatformAccess(p.deps.db, (trx) =>
    trx
      .selectFrom('tenants')
      .select(['plan', 'status', 'suspended_reason', 'trial_ends_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  );
const auditOf = (p: TestPlatform, id: string, action: string) =>
  withPlatformAccess(p.deps.db, (trx) =>
    trx
      .selectFrom('audit_log')
      .select(['actor_id', 'actor_type', 'data'])
      .where('tenant_id', '=', id)
      .where('action', '=', action)
      .execute(),
  );

describe('console operations (API)', () => {
  it('overrides the plan and extends the trial, audited; bad input → 400 and nothing written', async () => {
    const p = await testPlatform();
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const store = await createTestStore(p.deps);
    const opts = { token: admin.token };
    const base = `/api/console/tenants/${store.tenant.id}`;
    const bad = await request(p.app, 'POST', `${base}/plan`, {
      ...opts,
      body: { plan: 'platinum', reason: 'Deal' },
    });
    expect(bad.status).toBe(400);
    expect((await request(p.app, 'POST', `${base}/plan`, { ...opts, body: { plan: 'pro' } })).status).toBe(
      400,
    );
    expect((await tenantRow(p, store.tenant.id)).plan).toBe('trial');

    const ok = await request(p.app, 'POST', `${base}/plan`, {
      ...opts,
      body: { plan: 'pro', reason: 'Annual deal signed' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.plan).toBe('pro');
    expect(ok.body.entitlements).toMatchObject({ plan: 'pro', dynamicPricing: true, customDomain: true });
    expect(ok.body.usage).toMatchObject({ products: 0, staffSeats: 1, customDomains: 0 });
    const [entry] = await auditOf(p, store.tenant.id, 'tenant.plan_overridden');
    expect(entry).toMatchObject({
      actor_id: admin.id,
      actor_type: 'platform_admin',
      data: { from: 'trial', to: 'pro', reason: 'Annual deal signed' },
    });

    const tooLong = await request(p.app, 'POST', `${base}/trial`, {
      ...opts,
      body: { days: 400, reason: 'x y z' },
    });
    expect(tooLong.status).toBe(400);
    const trial = await request(p.app, 'POST', `${base}/trial`, {
      ...opts,
      body: { days: 14, reason: 'Migration takes longer' },
    });
    expect(trial.status).toBe(200);
    const ends = (await tenantRow(p, store.tenant.id)).trial_ends_at;
    expect(ends).not.toBeNull();
    expect(new Date(ends!).getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    expect((await auditOf(p, store.tenant.id, 'tenant.trial_extended'))[0]?.data).toMatchObject({
      days: 14,
      reason: 'Migration takes longer',
    });
  });

  it('a merchant cannot use them (403)', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const res = await request(p.app, 'POST', `/api/console/tenants/${store.tenant.id}/impersonate`, {
      token: store.owner.token,
      body: { reason: 'sneaky', minutes: 15 },
    });
    expect(res.status).toBe(403);
  });
});

describe('console pages: impersonation, delete, frame', () => {
  it('signs in as the owner for a limited time with a banner, audited at start and end; the token is single-use', async () => {
    const p = await testPlatform();
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const store = await createTestStore(p.deps);
    const { cookie } = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    const detail = await getPage(p.app, APEX_HOST, `/console/tenants/${store.tenant.id}`, cookie);
    // The console frame: its own nav, who is signed in, sign-out.
    expect(detail.text).toContain('Storeloom Console');
    expect(detail.text).toContain(admin.email);
    expect(detail.text).toContain('action="/logout"');
    expect(detail.text).toContain('Usage against the Trial plan');
    const token = csrfFrom(detail.text);
    const path = `/console/tenants/${store.tenant.id}/impersonate`;
    const noReason = await postForm(
      p.app,
      APEX_HOST,
      path,
      { _csrf: token, minutes: '15', reason: '' },
      { cookie },
    );
    expect(noReason.status).toBe(400);
    expect(await auditOf(p, store.tenant.id, 'impersonation.started')).toHaveLength(0);

    const go = await postForm(
      p.app,
      APEX_HOST,
      path,
      { _csrf: token, minutes: '15', reason: 'Ticket 4711: cannot publish' },
      { cookie },
    );
    expect(go.status).toBe(303);
    const url = new URL(go.headers.get('location')!);
    expect(url.hostname).toBe(`${store.tenant.handle}.localhost`);
    const landing = await getPage(p.app, store.host, `${url.pathname}${url.search}`);
    expect(landing.status).toBe(303);
    const session = cookieFrom(landing.headers, 'sl_session');
    expect(session).toBeTruthy();
    expect(landing.headers.get('set-cookie')).toMatch(/Max-Age=(8\d\d|9\d\d)/);
    // Single use: the same link again signs nobody in.
    const again = await getPage(p.app, store.host, `${url.pathname}${url.search}`);
    expect(again.headers.get('location')).toBe('/admin/login');

    const storeCookie = `sl_session=${session}`;
    const adminHome = await getPage(p.app, store.host, '/admin', storeCookie);
    expect(adminHome.status).toBe(200);
    expect(adminHome.text).toContain('Support session:');
    expect(adminHome.text).toContain(admin.email);
    expect(adminHome.text).toContain('Ticket 4711');
    expect(adminHome.text).toContain(store.owner.email);
    const [started] = await auditOf(p, store.tenant.id, 'impersonation.started');
    expect(started).toMatchObject({
      actor_id: admin.id,
      data: { reason: 'Ticket 4711: cannot publish', minutes: 15 },
    });

    // An ordinary owner session shows no banner.
    const ownerLogin = await pageLogin(
      p.app,
      store.host,
      '/admin/login',
      store.owner.email,
      store.owner.password,
    );
    expect((await getPage(p.app, store.host, '/admin', ownerLogin.cookie)).text).not.toContain(
      'Support session:',
    );

    const end = await postForm(
      p.app,
      store.host,
      '/admin/impersonation/end',
      { _csrf: csrfFrom(adminHome.text) },
      { cookie: storeCookie },
    );
    expect(end.status).toBe(303);
    expect(await auditOf(p, store.tenant.id, 'impersonation.ended')).toHaveLength(1);
    expect((await getPage(p.app, store.host, '/admin', storeCookie)).status).toBe(303);
  });

  it('deletes a store only with the handle typed again: it starts closing and stops serving', async () => {
    const p = await testPlatform();
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const store = await createTestStore(p.deps);
    const { cookie } = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    const detail = await getPage(p.app, APEX_HOST, `/console/tenants/${store.tenant.id}`, cookie);
    const token = csrfFrom(detail.text);
    const path = `/console/tenants/${store.tenant.id}/delete`;
    const wrong = await postForm(
      p.app,
      APEX_HOST,
      path,
      { _csrf: token, reason: 'Fraud', confirm: 'x' },
      { cookie },
    );
    expect(wrong.status).toBe(400);
    expect((await tenantRow(p, store.tenant.id)).status).toBe('active');
    const ok = await postForm(
      p.app,
      APEX_HOST,
      path,
      { _csrf: token, reason: 'Fraud', confirm: store.tenant.handle },
      { cookie },
    );
    expect(ok.status).toBe(303);
    // The one way to remove a store: the same closing (and later purge) as the owner's.
    expect(await tenantRow(p, store.tenant.id)).toMatchObject({
      status: 'suspended',
      suspended_reason: 'closing',
    });
    expect((await getPage(p.app, store.host, '/')).status).toBe(410);
    expect((await auditOf(p, store.tenant.id, 'store.closing_started'))[0]?.data).toMatchObject({
      reason: 'Fraud',
    });
  });

  it('every console page has the same nav, the admin and sign-out; jobs hide the test queue', async () => {
    const p = await testPlatform();
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const { cookie } = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    for (const path of ['/console', '/console/billing', '/console/audit', '/console/jobs']) {
      const page = await getPage(p.app, APEX_HOST, path, cookie);
      expect(page.status, path).toBe(200);
      for (const link of ['/console', '/console/billing', '/console/audit', '/console/jobs'])
        expect(page.text, path).toContain(`href="${link}"`);
      expect(page.text, path).toContain(admin.email);
      expect(page.text, path).toContain('Sign out');
      expect(page.text, path).not.toContain('href="/signup"');
    }
    expect((await getPage(p.app, APEX_HOST, '/console/billing', cookie)).text).toContain('<h1>Revenue</h1>');
    expect((await getPage(p.app, APEX_HOST, '/console/jobs', cookie)).text).not.toContain('test-events');
  });
});
