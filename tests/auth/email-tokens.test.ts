/** Merchant password reset and email verification: single use, expiry (controlled clock), sessions revoked, no enumeration. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createTestUser, uniq } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';
import { cookieFrom, outboxEmails, tokenFromEmail } from './helpers.js';

describe('password reset', () => {
  it('emails a single-use link; confirming changes the password and revokes every session', async () => {
    const p = await testPlatform();
    const user = await createTestUser(p.deps);
    const login = await request(p.app, 'POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const refresh = cookieFrom(login.headers, 'sl_refresh');
    const req = await request(p.app, 'POST', '/api/auth/password-reset', {
      body: { email: user.email.toUpperCase() },
    });
    expect(req.status).toBe(202);
    const mails = await outboxEmails(p.deps, user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.tenantId).toBe('00000000-0000-0000-0000-000000000000');
    expect(mails[0]!.text).toContain('http://localhost:3000/reset-password?token=');
    const token = tokenFromEmail(mails[0]!.text);

    const weak = await request(p.app, 'POST', '/api/auth/password-reset/confirm', {
      body: { token, password: '1234567890' },
    });
    expect(weak.status).toBe(400);
    const ok = await request(p.app, 'POST', '/api/auth/password-reset/confirm', {
      body: { token, password: 'a new long password' },
    });
    expect(ok.status).toBe(200);
    const reuse = await request(p.app, 'POST', '/api/auth/password-reset/confirm', {
      body: { token, password: 'another long password' },
    });
    expect(reuse.status).toBe(401);
    expect(
      (await request(p.app, 'POST', '/api/auth/refresh', { headers: { cookie: `sl_refresh=${refresh}` } }))
        .status,
    ).toBe(401);
    expect(
      (
        await request(p.app, 'POST', '/api/auth/login', {
          body: { email: user.email, password: user.password },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await request(p.app, 'POST', '/api/auth/login', {
          body: { email: user.email, password: 'a new long password' },
        })
      ).status,
    ).toBe(200);
  });

  it('an expired link is refused (clock moved past one hour)', async () => {
    const p = await testPlatform();
    const user = await createTestUser(p.deps);
    await request(p.app, 'POST', '/api/auth/password-reset', { body: { email: user.email } });
    const token = tokenFromEmail((await outboxEmails(p.deps, user.email))[0]!.text);
    const later = createApp({ ...p.deps, now: () => new Date(Date.now() + 61 * 60 * 1000) });
    const res = await request(later, 'POST', '/api/auth/password-reset/confirm', {
      body: { token, password: 'a new long password' },
    });
    expect(res.status).toBe(401);
    expect(
      (
        await request(p.app, 'POST', '/api/auth/login', {
          body: { email: user.email, password: user.password },
        })
      ).status,
    ).toBe(200);
  });

  it('answers 202 for an unknown email and sends nothing; forged tokens → 401', async () => {
    const p = await testPlatform();
    const ghost = `${uniq('ghost')}@example.test`;
    expect(
      (await request(p.app, 'POST', '/api/auth/password-reset', { body: { email: ghost } })).status,
    ).toBe(202);
    expect(await outboxEmails(p.deps, ghost)).toHaveLength(0);
    const forged = await request(p.app, 'POST', '/api/auth/password-reset/confirm', {
      body: { token: 'A'.repeat(43), password: 'a new long password' },
    });
    expect(forged.status).toBe(401);
  });
});

describe('email verification', () => {
  it('sends a link to a signed-in unverified user; the link verifies once and expires', async () => {
    const p = await testPlatform();
    const user = await createTestUser(p.deps);
    await p.deps.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', user.id).execute();
    expect((await request(p.app, 'POST', '/api/auth/verify-email')).status).toBe(401);
    expect((await request(p.app, 'POST', '/api/auth/verify-email', { token: user.token })).status).toBe(202);
    expect((await request(p.app, 'POST', '/api/auth/verify-email', { token: user.token })).status).toBe(202);
    const [second, first] = await outboxEmails(p.deps, user.email);
    const expiredApp = createApp({ ...p.deps, now: () => new Date(Date.now() + 49 * 3600 * 1000) });
    const expired = await request(expiredApp, 'POST', '/api/auth/verify-email/confirm', {
      body: { token: tokenFromEmail(first!.text) },
    });
    expect(expired.status).toBe(401);
    const ok = await request(p.app, 'POST', '/api/auth/verify-email/confirm', {
      body: { token: tokenFromEmail(second!.text) },
    });
    expect(ok.status).toBe(200);
    const again = await request(p.app, 'POST', '/api/auth/verify-email/confirm', {
      body: { token: tokenFromEmail(second!.text) },
    });
    expect(again.status).toBe(401);
    const row = await p.deps.db
      .selectFrom('users')
      .select('email_verified_at')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.email_verified_at).not.toBeNull();
  });
});
