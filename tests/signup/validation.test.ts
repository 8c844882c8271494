/** POST /api/signup bad input: handle rules, duplicates, email, password, template — and nothing is created. */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { checkPasswordStrength } from '../../src/modules/auth/password-policy.js';
import { request, testPlatform } from '../support/platform.js';
import { signupBody } from './helpers.js';

async function tenantExists(handle: string): Promise<boolean> {
  const { deps } = await testPlatform();
  const row = await withPlatformAccess(deps.db, (trx) =>
    trx.selectFrom('tenants').select('id').where('handle', '=', handle).executeTakeFirst(),
  );
  return row !== undefined;
}

async function userExists(email: string): Promise<boolean> {
  const { deps } = await testPlatform();
  const row = await withPlatformAccess(deps.db, (trx) =>
    trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(),
  );
  return row !== undefined;
}

describe('POST /api/signup — handle rules', () => {
  const bad: [string, string][] = [
    ['ab', 'too short'],
    ['a'.repeat(41), 'too long'],
    ['my_shop', 'underscore'],
    ['my shop', 'space'],
    ['café', 'non-ascii'],
    ['-shop', 'leading dash'],
    ['shop-', 'trailing dash'],
    ['sh--op', 'double dash'],
    ['admin', 'reserved'],
    ['WWW', 'reserved, upper case'],
    ['console', 'reserved'],
    ['storeloom', 'reserved'],
  ];
  for (const [handle, why] of bad) {
    it(`refuses "${handle}" (${why}) with 400 validation_failed on handle`, async () => {
      const { app } = await testPlatform();
      const body = signupBody({ handle });
      const res = await request(app, 'POST', '/api/signup', { body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain('handle');
      expect(await userExists(body.email)).toBe(false);
    });
  }

  it('accepts 3 and 40 characters and lower-cases the handle', async () => {
    const { app } = await testPlatform();
    const forty = `x${Math.random().toString(36).slice(2, 8)}`.padEnd(40, '9');
    const res = await request(app, 'POST', '/api/signup', {
      body: signupBody({ handle: forty.toUpperCase() }),
    });
    expect(res.status).toBe(201);
    expect(res.body.store.handle).toBe(forty);
  });

  it('answers 409 handle_taken for a case-insensitive duplicate, without creating the second user', async () => {
    const { app } = await testPlatform();
    const first = signupBody();
    expect((await request(app, 'POST', '/api/signup', { body: first })).status).toBe(201);
    const second = signupBody({ handle: first.handle.toUpperCase() });
    const res = await request(app, 'POST', '/api/signup', { body: second });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('handle_taken');
    expect(await userExists(second.email)).toBe(false);
  });
});

describe('POST /api/signup — email, password, template, shape', () => {
  it('answers 409 email_taken when the email already has an account (any case)', async () => {
    const { app } = await testPlatform();
    const first = signupBody();
    expect((await request(app, 'POST', '/api/signup', { body: first })).status).toBe(201);
    const second = signupBody({ email: first.email.toUpperCase() });
    const res = await request(app, 'POST', '/api/signup', { body: second });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_taken');
    expect(await tenantExists(second.handle)).toBe(false);
  });

  it('answers 409 email_taken for an existing merchant even with the right password (they add stores after signing in)', async () => {
    const { app } = await testPlatform();
    const first = signupBody();
    expect((await request(app, 'POST', '/api/signup', { body: first })).status).toBe(201);
    const second = signupBody({ email: first.email, password: first.password });
    const res = await request(app, 'POST', '/api/signup', { body: second });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_taken');
    expect(await tenantExists(second.handle)).toBe(false);
  });

  for (const [password, why] of [
    ['short1', 'shorter than 10'],
    ['password123', 'common'],
    ['1234567890', 'common digits'],
    ['QWERTYUIOP', 'common, any case'],
    ['aaaaaaaaaaaa', 'one repeated character'],
  ] as const) {
    it(`refuses a weak password (${why}) with 400 on password`, async () => {
      const { app } = await testPlatform();
      const body = signupBody({ password });
      const res = await request(app, 'POST', '/api/signup', { body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain('password');
      expect(await tenantExists(body.handle)).toBe(false);
      expect(await userExists(body.email)).toBe(false);
    });
  }

  it('refuses the email or handle as the password', () => {
    expect(checkPasswordStrength('merchant-shop@example.test', ['merchant-shop@example.test']).ok).toBe(
      false,
    );
    expect(checkPasswordStrength('my-lovely-shop', ['a@b.c', 'my-lovely-shop']).ok).toBe(false);
    expect(checkPasswordStrength('plum-orchard-rain-42', ['a@b.c', 'shop']).ok).toBe(true);
  });

  it('refuses an unknown template with 400 on template', async () => {
    const { app } = await testPlatform();
    const body = signupBody({ template: 'spaceships' });
    const res = await request(app, 'POST', '/api/signup', { body });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toContainEqual(expect.objectContaining({ path: 'template' }));
    expect(await tenantExists(body.handle)).toBe(false);
  });

  it('refuses a bad email, a missing store name and unknown fields', async () => {
    const { app } = await testPlatform();
    for (const body of [
      signupBody({ email: 'not-an-email' }),
      signupBody({ storeName: '   ' }),
      { ...signupBody(), plan: 'pro' },
      { email: 'a@b.test' },
    ]) {
      const res = await request(app, 'POST', '/api/signup', { body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('exists only on the apex', async () => {
    const { app } = await testPlatform();
    const first = signupBody();
    await request(app, 'POST', '/api/signup', { body: first });
    const res = await request(app, 'POST', '/api/signup', {
      host: `${first.handle}.localhost:3000`,
      body: signupBody(),
    });
    expect(res.status).toBe(404);
    const check = await request(app, 'GET', '/api/signup/handle-availability?handle=abc', {
      host: `${first.handle}.localhost:3000`,
    });
    expect(check.status).toBe(404);
  });

  it('rate-limits signups per IP with 429 and Retry-After', async () => {
    const { app } = await testPlatform({ env: { TRUST_PROXY: '1', RATE_SIGNUPS_PER_IP: '2' } });
    const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;
    const headers = { 'x-forwarded-for': ip };
    expect((await request(app, 'POST', '/api/signup', { body: signupBody(), headers })).status).toBe(201);
    expect((await request(app, 'POST', '/api/signup', { body: signupBody(), headers })).status).toBe(201);
    const body = signupBody();
    const res = await request(app, 'POST', '/api/signup', { body, headers });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await tenantExists(body.handle)).toBe(false);
  });
});
