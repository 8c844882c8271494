/**
 * The development mailbox is private (issue #11 item 5): it answers a request
 * whose socket peer is loopback, or a signed-in platform admin; any other
 * peer gets 404 whatever headers it sends; production never has it. The
 * listen address defaults to loopback.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/lib/config.js';
import { storeDevMail } from '../../src/modules/mail/service.js';
import { pageLogin } from '../auth/page-helpers.js';
import { createTestUser } from '../support/factories.js';
import { APEX_HOST, testPlatform } from '../support/platform.js';

type App = Awaited<ReturnType<typeof testPlatform>>['app'];

const visit = (app: App, peer: string, path: string, headers: Record<string, string> = {}) =>
  app.request(
    `http://${APEX_HOST}${path}`,
    { headers: { host: APEX_HOST, accept: 'text/html', ...headers } },
    { incoming: { socket: { remoteAddress: peer } } },
  );

describe('development mailbox access', () => {
  it('listens on loopback unless HOST says otherwise', () => {
    expect(parseConfig({}).HOST).toBe('127.0.0.1');
    expect(parseConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('answers loopback peers only; forwarded headers do not make a stranger local', async () => {
    const p = await testPlatform();
    const to = `victim-${Date.now()}@example.test`;
    await storeDevMail(p.deps.db, `test:${to}`, { to, subject: 'Reset your password', text: 'secret link' });
    const path = `/dev/mail?to=${encodeURIComponent(to)}`;
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const res = await visit(p.app, peer, path);
      expect(res.status, peer).toBe(200);
      expect(await res.text()).toContain('secret link');
    }
    for (const peer of ['203.0.113.9', '10.0.0.5', '::ffff:192.168.1.2', 'fe80::1']) {
      const res = await visit(p.app, peer, path, {
        'x-forwarded-for': '127.0.0.1',
        'x-real-ip': '127.0.0.1',
      });
      expect(res.status, peer).toBe(404);
      expect(await res.text()).not.toContain('secret link');
    }
  });

  it('behind a trusted local proxy, the forwarded client must be local too', async () => {
    const p = await testPlatform({ env: { TRUST_PROXY: '1' } });
    const remote = await visit(p.app, '127.0.0.1', '/dev/mail', { 'x-forwarded-for': '198.51.100.7' });
    expect(remote.status).toBe(404);
    const local = await visit(p.app, '127.0.0.1', '/dev/mail', { 'x-forwarded-for': '127.0.0.1' });
    expect(local.status).toBe(200);
  });

  it('a signed-in platform admin may read it from anywhere; other users may not', async () => {
    const p = await testPlatform();
    const admin = await createTestUser(p.deps, { platformAdmin: true });
    const merchant = await createTestUser(p.deps);
    const adminSession = await pageLogin(p.app, APEX_HOST, '/login', admin.email, admin.password);
    const userSession = await pageLogin(p.app, APEX_HOST, '/login', merchant.email, merchant.password);
    expect((await visit(p.app, '203.0.113.9', '/dev/mail', { cookie: adminSession.cookie })).status).toBe(
      200,
    );
    expect((await visit(p.app, '203.0.113.9', '/dev/mail', { cookie: userSession.cookie })).status).toBe(404);
    expect(
      (await visit(p.app, '203.0.113.9', '/dev/mail', { authorization: `Bearer ${admin.token}` })).status,
    ).toBe(200);
  });

  it('never exists in production, not even for loopback', async () => {
    const p = await testPlatform();
    const { createApp } = await import('../../src/app.js');
    const prod = createApp({ ...p.deps, config: { ...p.deps.config, isProduction: true } });
    expect((await visit(prod, '127.0.0.1', '/dev/mail')).status).toBe(404);
  });
});
