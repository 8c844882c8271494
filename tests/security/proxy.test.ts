/**
 * Client IP behind proxies (issue #11 item 4): TRUST_PROXY is a hop count or
 * proxy addresses, and the client is the first untrusted X-Forwarded-For
 * entry counted from the right, so entries a client prepends never count.
 * Requests carry a socket peer the way @hono/node-server passes it
 * (`env.incoming.socket.remoteAddress`).
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type Config, parseConfig } from '../../src/lib/config.js';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { clientIp, forwardedHost } from '../../src/lib/http/client-ip.js';
import type { AppEnv, Deps } from '../../src/lib/http/context.js';
import { createTestStore, createTestUser } from '../support/factories.js';
import { APEX_HOST, testPlatform } from '../support/platform.js';

const rand = () => randomBytes(2).readUInt16BE(0).toString(16);
const publicIp = () => `2a00:${rand()}:${rand()}::${rand()}`;

/** A probe app that reports what client-ip.ts makes of a request. */
function probe(trustProxy: string) {
  const config = parseConfig({ TRUST_PROXY: trustProxy });
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', { config } as Deps);
    await next();
  });
  app.get('/', (c) => c.json({ ip: clientIp(c) ?? null, host: forwardedHost(c) ?? null }));
  return async (peer: string | undefined, headers: Record<string, string> = {}) => {
    const env = peer ? { incoming: { socket: { remoteAddress: peer } } } : undefined;
    const res = await app.request('http://localhost/', { headers }, env);
    return (await res.json()) as { ip: string | null; host: string | null };
  };
}

describe('TRUST_PROXY parsing', () => {
  it('takes 0/1/true, a hop count, or addresses/CIDRs; refuses anything else', () => {
    const trust = (v?: string) => {
      const c: Config = parseConfig(v === undefined ? {} : { TRUST_PROXY: v });
      return { on: c.TRUST_PROXY, spec: c.trustProxy };
    };
    expect(trust()).toEqual({ on: false, spec: { hops: 0 } });
    expect(trust('0')).toEqual({ on: false, spec: { hops: 0 } });
    expect(trust('1')).toEqual({ on: true, spec: { hops: 1 } });
    expect(trust('true')).toEqual({ on: true, spec: { hops: 1 } });
    expect(trust('3')).toEqual({ on: true, spec: { hops: 3 } });
    expect(trust('10.0.0.0/8, loopback,fd00::/8')).toEqual({
      on: true,
      spec: { ranges: ['10.0.0.0/8', 'loopback', 'fd00::/8'] },
    });
    for (const bad of ['maybe', '10.0.0.0/33', '1.2.3', '10.0.0.1,,', '-1'])
      expect(() => parseConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
  });
});

describe('client IP', () => {
  it('without TRUST_PROXY is the socket peer; forwarded headers are ignored', async () => {
    const ask = probe('0');
    expect(
      await ask('203.0.113.7', { 'x-forwarded-for': '1.1.1.1', 'x-forwarded-host': 'evil.test' }),
    ).toEqual({
      ip: '203.0.113.7',
      host: null,
    });
    expect((await ask('::ffff:203.0.113.7')).ip).toBe('203.0.113.7');
  });

  it('with one hop is the entry our proxy appended, not what the client prepended', async () => {
    const ask = probe('1');
    // The client sent "X-Forwarded-For: 6.6.6.6, 7.7.7.7"; our proxy appended the real address.
    const r = await ask('10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 7.7.7.7, 198.51.100.20' });
    expect(r.ip).toBe('198.51.100.20');
    expect((await ask('10.0.0.2')).ip).toBe('10.0.0.2');
    expect((await ask('10.0.0.2', { 'x-forwarded-host': 'evil.test, shop.example.com' })).host).toBe(
      'shop.example.com',
    );
  });

  it('with two hops skips exactly two proxies', async () => {
    const ask = probe('2');
    const r = await ask('10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 198.51.100.20, 10.0.0.9' });
    expect(r.ip).toBe('198.51.100.20');
  });

  it('with proxy addresses trusts only those peers, and walks from the right to the first stranger', async () => {
    const ask = probe('10.0.0.0/8,loopback');
    expect((await ask('10.1.1.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.20, 10.0.0.9' })).ip).toBe(
      '198.51.100.20',
    );
    expect((await ask('127.0.0.1', { 'x-forwarded-for': '198.51.100.21' })).ip).toBe('198.51.100.21');
    // A peer that is not one of our proxies: its headers mean nothing.
    const direct = await ask('203.0.113.9', {
      'x-forwarded-for': '198.51.100.20',
      'x-forwarded-host': 'x.test',
    });
    expect(direct).toEqual({ ip: '203.0.113.9', host: null });
  });
});

describe('rate limits and audit behind a proxy', () => {
  it('a rotating first X-Forwarded-For entry does not escape the per-IP login limit', async () => {
    const p = await testPlatform({ env: { TRUST_PROXY: '1', RATE_LOGIN_PER_IP: '5' } });
    const user = await createTestUser(p.deps);
    const real = publicIp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await p.app.request(
        `http://${APEX_HOST}/api/auth/login`,
        {
          method: 'POST',
          headers: {
            host: APEX_HOST,
            'content-type': 'application/json',
            'x-forwarded-for': `${publicIp()}, ${real}`,
          },
          body: JSON.stringify({ email: user.email, password: user.password }),
        },
        { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
      );
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);

    // The audit log records the same address the limiter counted.
    const rows = await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .selectFrom('audit_log')
        .select('ip')
        .where('action', '=', 'auth.login')
        .where('actor_id', '=', user.id)
        .execute(),
    );
    expect(rows.length).toBe(5);
    expect(rows.every((r) => r.ip === real)).toBe(true);
  });

  it('ignores X-Forwarded-Host from a peer that is not a trusted proxy', async () => {
    const p = await testPlatform({ env: { TRUST_PROXY: '10.0.0.0/8' } });
    const store = await createTestStore(p.deps);
    const ask = (peer: string) =>
      p.app.request(
        `http://${store.host}/api/store/nothing-here`,
        { headers: { host: store.host, 'x-forwarded-host': 'no-such-store.localhost:3000' } },
        { incoming: { socket: { remoteAddress: peer } } },
      );
    expect(((await (await ask('203.0.113.5')).json()) as { error: { code: string } }).error.code).toBe(
      'not_found',
    );
    expect(((await (await ask('10.2.3.4')).json()) as { error: { code: string } }).error.code).toBe(
      'store_not_found',
    );
  });
});
