/** Shopper accounts: per-store registration, login, me, refresh rotation, reset, cross-store rejection, 503 when suspended. */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { forgetSite } from '../../src/modules/tenancy/site.js';
import { auditRows, cookieFrom, outboxEmails, tokenFromEmail } from '../auth/helpers.js';
import { createTestStore, uniq } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

const PW = 'shopper password 123';

describe('shopper accounts', () => {
  it('registers the same email independently in two stores; tokens do not cross stores', async () => {
    const p = await testPlatform();
    const a = await createTestStore(p.deps);
    const b = await createTestStore(p.deps);
    const email = `${uniq('shop')}@example.test`;
    const ra = await request(p.app, 'POST', '/api/store/customers', {
      host: a.host,
      body: { email, password: PW, name: 'Ann' },
    });
    const rb = await request(p.app, 'POST', '/api/store/customers', {
      host: b.host,
      body: { email, password: 'another pw 4567' },
    });
    expect(ra.status).toBe(201);
    expect(rb.status).toBe(201);
    expect(ra.body.customer.email).toBe(email);
    expect(ra.body.customer.id).not.toBe(rb.body.customer.id);
    expect(cookieFrom(ra.headers, 'sl_crefresh')).toBeDefined();

    const meA = await request(p.app, 'GET', '/api/store/customers/me', {
      host: a.host,
      token: ra.body.accessToken,
    });
    expect(meA.status).toBe(200);
    expect(meA.body).toMatchObject({ id: ra.body.customer.id, email, name: 'Ann' });
    // Store A's token on store B → 401.
    const cross = await request(p.app, 'GET', '/api/store/customers/me', {
      host: b.host,
      token: ra.body.accessToken,
    });
    expect(cross.status).toBe(401);
    // Each store's password is its own.
    expect(
      (
        await request(p.app, 'POST', '/api/store/customers/login', {
          host: b.host,
          body: { email, password: PW },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await request(p.app, 'POST', '/api/store/customers/login', {
          host: a.host,
          body: { email, password: PW },
        })
      ).status,
    ).toBe(200);
    // A merchant token is not a shopper token.
    const asMerchant = await request(p.app, 'GET', '/api/store/customers/me', {
      host: a.host,
      token: a.owner.token,
    });
    expect(asMerchant.status).toBe(401);
  });

  it('refuses a duplicate email (409), a weak password and bad input (400)', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const email = `${uniq('dup')}@example.test`;
    expect(
      (await request(p.app, 'POST', '/api/store/customers', { host: s.host, body: { email, password: PW } }))
        .status,
    ).toBe(201);
    const dup = await request(p.app, 'POST', '/api/store/customers', {
      host: s.host,
      body: { email: email.toUpperCase(), password: PW },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('email_taken');
    const weak = await request(p.app, 'POST', '/api/store/customers', {
      host: s.host,
      body: { email: `${uniq('w')}@example.test`, password: 'password123' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.issues[0].path).toBe('password');
    const bad = await request(p.app, 'POST', '/api/store/customers', {
      host: s.host,
      body: { email: 'nope', password: PW },
    });
    expect(bad.status).toBe(400);
  });

  it('login: identical 401 for unknown email and wrong password; audit; rate limit per account', async () => {
    const p = await testPlatform({ env: { RATE_LOGIN_FAILS_PER_ACCOUNT: '2' } });
    const s = await createTestStore(p.deps);
    const email = `${uniq('l')}@example.test`;
    const reg = await request(p.app, 'POST', '/api/store/customers', {
      host: s.host,
      body: { email, password: PW },
    });
    const wrong = await request(p.app, 'POST', '/api/store/customers/login', {
      host: s.host,
      body: { email, password: 'wrong wrong wrong' },
    });
    const unknown = await request(p.app, 'POST', '/api/store/customers/login', {
      host: s.host,
      body: { email: `${uniq('x')}@example.test`, password: 'wrong wrong wrong' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toMatchObject({
      code: 'invalid_credentials',
      message: unknown.body.error.message,
    });
    expect(
      await auditRows(p.deps, { action: 'customer.login_failed', targetId: reg.body.customer.id }),
    ).toHaveLength(1);
    await request(p.app, 'POST', '/api/store/customers/login', {
      host: s.host,
      body: { email, password: 'wrong again!!' },
    });
    const locked = await request(p.app, 'POST', '/api/store/customers/login', {
      host: s.host,
      body: { email, password: PW },
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refresh rotates; reuse revokes the family; logout revokes', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const reg = await request(p.app, 'POST', '/api/store/customers', {
      host: s.host,
      body: { email: `${uniq('r')}@example.test`, password: PW },
    });
    const c1 = cookieFrom(reg.headers, 'sl_crefresh');
    const r1 = await request(p.app, 'POST', '/api/store/customers/refresh', {
      host: s.host,
      headers: { cookie: `sl_crefresh=${c1}` },
    });
    expect(r1.status).toBe(200);
    const c2 = cookieFrom(r1.headers, 'sl_crefresh');
    expect(
      (
        await request(p.app, 'POST', '/api/store/customers/refresh', {
          host: s.host,
          headers: { cookie: `sl_crefresh=${c1}` },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await request(p.app, 'POST', '/api/store/customers/refresh', {
          host: s.host,
          headers: { cookie: `sl_crefresh=${c2}` },
        })
      ).status,
    ).toBe(401);
    // The cookie of store S means nothing on another store.
    const login = await request(p.app, 'POST', '/api/store/customers/login', {
      host: s.host,
      body: { email: reg.body.customer.email, password: PW },
    });
    const c3 = cookieFrom(login.headers, 'sl_crefresh');
    const other = await createTestStore(p.deps);
    expect(
      (
        await request(p.app, 'POST', '/api/store/customers/refresh', {
          host: other.host,
          headers: { cookie: `sl_crefresh=${c3}` },
        })
      ).status,
    ).toBe(401);
    await request(p.app, 'POST', '/api/store/customers/logout', {
      host: s.host,
      headers: { cookie: `sl_crefresh=${c3}` },
    });
    expect(
      (
        await request(p.app, 'POST', '/api/store/customers/refresh', {
          host: s.host,
          headers: { cookie: `sl_crefresh=${c3}` },
        })
      ).status,
    ).toBe(401);
  });

  it('password reset: emailed single-use token, new password works, sessions revoked', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const email = `${uniq('pr')}@example.test`;
    const reg = await request(p.app, 'POST', '/api/store/customers', {
      host: s.host,
      body: { email, password: PW },
    });
    const cookie = cookieFrom(reg.headers, 'sl_crefresh');
    expect(
      (await request(p.app, 'POST', '/api/store/customers/password-reset', { host: s.host, body: { email } }))
        .status,
    ).toBe(202);
    const mail = (await outboxEmails(p.deps, email))[0]!;
    expect(mail.tenantId).toBe(s.tenant.id);
    const token = tokenFromEmail(mail.text);
    const ok = await request(p.app, 'POST', '/api/store/customers/password-reset/confirm', {
      host: s.host,
      body: { token, password: 'fresh new password 9' },
    });
    expect(ok.status).toBe(200);
    const again = await request(p.app, 'POST', '/api/store/customers/password-reset/confirm', {
      host: s.host,
      body: { token, password: 'fresh new password 9' },
    });
    expect(again.status).toBe(401);
    expect(
      (
        await request(p.app, 'POST', '/api/store/customers/refresh', {
          host: s.host,
          headers: { cookie: `sl_crefresh=${cookie}` },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await request(p.app, 'POST', '/api/store/customers/login', {
          host: s.host,
          body: { email, password: 'fresh new password 9' },
        })
      ).status,
    ).toBe(200);
    // Unknown email: accepted, nothing sent.
    const ghost = `${uniq('ghost')}@example.test`;
    expect(
      (
        await request(p.app, 'POST', '/api/store/customers/password-reset', {
          host: s.host,
          body: { email: ghost },
        })
      ).status,
    ).toBe(202);
    expect(await outboxEmails(p.deps, ghost)).toHaveLength(0);
  });

  it('a suspended store answers 503 store_unavailable', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    await withPlatformAccess(p.deps.db, (trx) =>
      trx.updateTable('tenants').set({ status: 'suspended' }).where('id', '=', s.tenant.id).execute(),
    );
    forgetSite(s.tenant.handle);
    const res = await request(p.app, 'POST', '/api/store/customers', {
      host: s.host,
      body: { email: `${uniq('s')}@example.test`, password: PW },
    });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('store_unavailable');
  });
});

describe('shopper password reset pages', () => {
  it('forgot → email → reset page sets the new password; the link works once', async () => {
    const { getPage, postForm } = await import('../auth/page-helpers.js');
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const email = `${uniq('pp')}@example.test`;
    await request(p.app, 'POST', '/api/store/customers', { host: s.host, body: { email, password: PW } });
    expect((await getPage(p.app, s.host, '/account/forgot-password')).status).toBe(200);
    expect((await postForm(p.app, s.host, '/account/forgot-password', { email })).status).toBe(200);
    const mail = (await outboxEmails(p.deps, email))[0]!;
    expect(mail.text).toContain(`http://${s.host}/account/reset-password?token=`);
    const token = tokenFromEmail(mail.text);
    expect(
      (await getPage(p.app, s.host, `/account/reset-password?token=${encodeURIComponent(token)}`)).status,
    ).toBe(200);
    const weak = await postForm(p.app, s.host, '/account/reset-password', { token, password: 'short' });
    expect(weak.status).toBe(400);
    const ok = await postForm(p.app, s.host, '/account/reset-password', {
      token,
      password: 'page reset password 1',
    });
    expect(ok.status).toBe(200);
    const again = await postForm(p.app, s.host, '/account/reset-password', {
      token,
      password: 'page reset password 1',
    });
    expect(again.status).toBe(401);
    const login = await request(p.app, 'POST', '/api/store/customers/login', {
      host: s.host,
      body: { email, password: 'page reset password 1' },
    });
    expect(login.status).toBe(200);
  });
});
