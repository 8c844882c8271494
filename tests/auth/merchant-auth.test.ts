/** Merchant auth on the apex: login, refresh rotation + reuse detection, logout, rate limits, audit. */
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { cookiesSecure } from '../../src/modules/auth/cookies.js';
import { createTestStore, createTestUser, uniq } from '../support/factories.js';
import { request, storeHost, testPlatform } from '../support/platform.js';
import { auditRows, cookieFrom, setCookieLine } from './helpers.js';

const login = (
  app: Awaited<ReturnType<typeof testPlatform>>['app'],
  email: string,
  password: string,
  headers?: Record<string, string>,
) => request(app, 'POST', '/api/auth/login', { body: { email, password }, headers });

const refresh = (app: Awaited<ReturnType<typeof testPlatform>>['app'], cookie: string | undefined) =>
  request(app, 'POST', '/api/auth/refresh', { headers: cookie ? { cookie: `sl_refresh=${cookie}` } : {} });

/** A fresh client address per test (Redis counters outlive a test run). */
const randomIp = () =>
  `fd00::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

describe('POST /api/auth/login', () => {
  it('returns a short-lived token, the merchant and their stores, and sets the refresh cookie', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const res = await login(p.app, store.owner.email, store.owner.password);
    expect(res.status).toBe(200);
    expect(res.body.merchant).toMatchObject({ id: store.owner.id, email: store.owner.email });
    expect(res.body.stores).toEqual([
      { handle: store.tenant.handle, name: store.tenant.name, role: 'owner' },
    ]);
    const claims = decodeJwt(res.body.accessToken);
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(900);
    expect(res.body.expiresIn).toBeLessThanOrEqual(900);
    const line = setCookieLine(res.headers, 'sl_refresh')!;
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(line).toMatch(/Path=\/api\/auth/);
    expect(line).not.toMatch(/Secure/i); // http://localhost only
    // The token works on the store's admin API surface (as a user token).
    const me = await request(p.app, 'GET', '/api/admin/staff', {
      host: store.host,
      token: res.body.accessToken,
    });
    expect(me.status).toBe(200);
    expect(await auditRows(p.deps, { action: 'auth.login', actorId: store.owner.id })).toHaveLength(1);
  });

  it('answers the same 401 invalid_credentials for an unknown email and a wrong password', async () => {
    const p = await testPlatform();
    const user = await createTestUser(p.deps);
    const wrong = await login(p.app, user.email, 'not the right password');
    const unknown = await login(p.app, `${uniq('nobody')}@example.test`, 'not the right password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.body.error.code).toBe('invalid_credentials');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(cookieFrom(wrong.headers, 'sl_refresh')).toBeUndefined();
    const failed = await auditRows(p.deps, { action: 'auth.login_failed', targetId: user.id });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.tenant_id).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('rejects bad input with 400 and the apex-only route on a store host with 404', async () => {
    const p = await testPlatform();
    const bad = await request(p.app, 'POST', '/api/auth/login', { body: { email: 'a@b.c' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const extra = await request(p.app, 'POST', '/api/auth/login', {
      body: { email: 'a@b.c', password: 'x', admin: true },
    });
    expect(extra.status).toBe(400);
    const store = await createTestStore(p.deps);
    const onStore = await request(p.app, 'POST', '/api/auth/login', {
      host: storeHost(store.tenant.handle),
      body: { email: store.owner.email, password: store.owner.password },
    });
    expect(onStore.status).toBe(404);
  });
});

describe('refresh sessions', () => {
  it('rotates the refresh token; reusing a rotated one revokes the whole family', async () => {
    const p = await testPlatform();
    const user = await createTestUser(p.deps);
    const first = cookieFrom((await login(p.app, user.email, user.password)).headers, 'sl_refresh');
    const r1 = await refresh(p.app, first);
    expect(r1.status).toBe(200);
    expect(r1.body.accessToken).toEqual(expect.any(String));
    const second = cookieFrom(r1.headers, 'sl_refresh');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    // A stolen copy of the first token is replayed: refused, and the family dies.
    const replay = await refresh(p.app, first);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('unauthenticated');
    const legit = await refresh(p.app, second);
    expect(legit.status).toBe(401);
    expect(await auditRows(p.deps, { action: 'auth.refresh_reuse', targetId: user.id })).toHaveLength(1);
  });

  it('two racing refreshes with one token never both succeed (row lock + reuse detection)', async () => {
    const p = await testPlatform();
    const user = await createTestUser(p.deps);
    const cookie = cookieFrom((await login(p.app, user.email, user.password)).headers, 'sl_refresh');
    const results = await Promise.all([
      refresh(p.app, cookie),
      refresh(p.app, cookie),
      refresh(p.app, cookie),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(2);
  });

  it('refuses a missing, forged or cross-site refresh', async () => {
    const p = await testPlatform();
    const user = await createTestUser(p.deps);
    const cookie = cookieFrom((await login(p.app, user.email, user.password)).headers, 'sl_refresh');
    expect((await refresh(p.app, undefined)).status).toBe(401);
    expect((await refresh(p.app, 'forged-token-value-that-is-long-enough')).status).toBe(401);
    const cross = await request(p.app, 'POST', '/api/auth/refresh', {
      headers: { cookie: `sl_refresh=${cookie}`, origin: 'http://evil.example' },
    });
    expect(cross.status).toBe(403);
    expect((await refresh(p.app, cookie)).status).toBe(200);
  });

  it('logout revokes the session', async () => {
    const p = await testPlatform();
    const user = await createTestUser(p.deps);
    const cookie = cookieFrom((await login(p.app, user.email, user.password)).headers, 'sl_refresh');
    const out = await request(p.app, 'POST', '/api/auth/logout', {
      headers: { cookie: `sl_refresh=${cookie}` },
    });
    expect(out.status).toBe(200);
    expect(setCookieLine(out.headers, 'sl_refresh')).toMatch(/Max-Age=0/);
    expect((await refresh(p.app, cookie)).status).toBe(401);
  });

  it('sets Secure on cookies except for http localhost', () => {
    expect(cookiesSecure({ PUBLIC_URL: 'http://localhost:3000' })).toBe(false);
    expect(cookiesSecure({ PUBLIC_URL: 'http://shop.localhost:3000' })).toBe(false);
    expect(cookiesSecure({ PUBLIC_URL: 'https://storeloom.example' })).toBe(true);
    expect(cookiesSecure({ PUBLIC_URL: 'http://storeloom.example' })).toBe(true);
  });
});

describe('login rate limits', () => {
  it('locks an account after N failures (429 + Retry-After), even with the right password', async () => {
    const p = await testPlatform({ env: { RATE_LOGIN_FAILS_PER_ACCOUNT: '3' } });
    const user = await createTestUser(p.deps);
    for (let i = 0; i < 3; i++) expect((await login(p.app, user.email, 'wrong password!')).status).toBe(401);
    const locked = await login(p.app, user.email, user.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    const retry = Number(locked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(900);
    // Another account is unaffected.
    const other = await createTestUser(p.deps);
    expect((await login(p.app, other.email, other.password)).status).toBe(200);
  });

  it('limits attempts per IP behind a trusted proxy', async () => {
    const p = await testPlatform({ env: { TRUST_PROXY: '1', RATE_LOGIN_PER_IP: '3' } });
    const user = await createTestUser(p.deps);
    const ip = randomIp();
    const h = { 'x-forwarded-for': ip };
    for (let i = 0; i < 3; i++) expect((await login(p.app, user.email, user.password, h)).status).toBe(200);
    const over = await login(p.app, user.email, user.password, h);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(p.app, user.email, user.password, { 'x-forwarded-for': randomIp() })).status).toBe(
      200,
    );
  });
});

describe('login rate limits without Redis', () => {
  it('uses the PostgreSQL counters and answers 429 with Retry-After', async () => {
    const p = await testPlatform({ queue: 'postgres', env: { RATE_LOGIN_FAILS_PER_ACCOUNT: '2' } });
    expect(p.deps.config.REDIS_URL).toBeUndefined();
    const user = await createTestUser(p.deps);
    for (let i = 0; i < 2; i++) expect((await login(p.app, user.email, 'wrong password!')).status).toBe(401);
    const locked = await login(p.app, user.email, user.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const row = await p.deps.db
      .selectFrom('rate_limits')
      .select('points')
      .where('key', '=', `${p.deps.config.RATE_LIMIT_PREFIX}:login:fail:user:${user.email.toLowerCase()}`)
      .executeTakeFirst();
    expect(row?.points).toBe(2);
  });
});
