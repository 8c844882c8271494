/**
 * Security headers (issue #11 item 6): every HTML page carries a CSP that
 * forbids framing and inline script other than our hashed scripts, plus
 * X-Frame-Options, Referrer-Policy and nosniff; HSTS in production. In
 * Chromium, the pages that run scripts (signup's handle suggestion) still
 * work and the console shows no CSP violation, and a page cannot be framed.
 */
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { pagePolicy } from '../../src/lib/http/security-headers.js';
import { seedShop } from '../storefront/fixture.js';
import { createTestStore } from '../support/factories.js';
import { APEX_HOST, request, testPlatform } from '../support/platform.js';

function directives(csp: string | null): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...rest] = part.trim().split(/\s+/);
    if (name) m.set(name, rest.join(' '));
  }
  return m;
}

function expectPageHeaders(h: Headers, what: string) {
  expect(h.get('x-frame-options'), what).toBe('DENY');
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
  const csp = directives(h.get('content-security-policy'));
  expect(csp.get('frame-ancestors'), what).toBe("'none'");
  expect(csp.get('object-src'), what).toBe("'none'");
  const script = csp.get('script-src') ?? '';
  expect(script, what).toContain("'self'");
  expect(script, what).not.toContain('unsafe-inline');
  expect(script, what).not.toContain('unsafe-eval');
  return csp;
}

describe('security headers on pages', () => {
  it('every HTML page (apex, store, admin, errors) carries the CSP and friends', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const pages: Array<[string, string]> = [
      [APEX_HOST, '/'],
      [APEX_HOST, '/signup'],
      [APEX_HOST, '/login'],
      [APEX_HOST, '/console'],
      [APEX_HOST, '/no-such-page'],
      [store.host, '/'],
      [store.host, '/cart'],
      [store.host, '/admin'],
      [store.host, '/admin/login'],
      ['nope.localhost:3000', '/'],
    ];
    for (const [host, path] of pages) {
      const res = await request(p.app, 'GET', path, { host, headers: { accept: 'text/html' } });
      expect(res.headers.get('x-frame-options'), `${host}${path}`).toBe('DENY');
      if (res.status >= 300 && res.status < 400) continue; // sign-in redirects carry no page
      expect(res.headers.get('content-type'), `${host}${path}`).toMatch(/^text\/html/);
      const csp = expectPageHeaders(res.headers, `${host}${path}`);
      expect(csp.get('script-src')).not.toContain('js.stripe.com');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    // The signup page's inline script is allowed by its hash, not by a blanket.
    const signup = await request(p.app, 'GET', '/signup', { headers: { accept: 'text/html' } });
    const inline = /<script>([\s\S]*?)<\/script>/.exec(signup.text)?.[1];
    expect(inline).toBeTruthy();
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(inline!, 'utf8').digest('base64');
    expect(signup.headers.get('content-security-policy')).toContain(`'sha256-${hash}'`);
  });

  it('JSON responses get nosniff and no-framing too; HSTS only in production', async () => {
    const p = await testPlatform();
    const api = await request(p.app, 'GET', '/api/openapi.json');
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    const prod = createApp({ ...p.deps, config: { ...p.deps.config, isProduction: true } });
    const res = await request(prod, 'GET', '/login', { headers: { accept: 'text/html' } });
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    expectPageHeaders(res.headers, 'production /login');
  });

  it('the API docs load Swagger UI from our own origin only (no CDN, no inline script)', async () => {
    const p = await testPlatform();
    const res = await request(p.app, 'GET', '/api/docs', { headers: { accept: 'text/html' } });
    const csp = expectPageHeaders(res.headers, '/api/docs');
    expect(csp.get('script-src')).not.toContain('https:');
    expect(res.text).not.toMatch(/https?:\/\//);
    expect(res.text).not.toMatch(/<script>/);
    const bundle = await request(p.app, 'GET', '/api/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await request(p.app, 'GET', '/api/docs/package.json')).status).toBe(404);
  });

  it('Stripe.js is allowed only on the store order page that takes cards', () => {
    const withStripe = directives(pagePolicy({ stripe: true }));
    expect(withStripe.get('script-src')).toContain('https://js.stripe.com');
    expect(withStripe.get('frame-src')).toContain('https://js.stripe.com');
    expect(withStripe.get('connect-src')).toContain('https://api.stripe.com');
    expect(withStripe.get('frame-ancestors')).toBe("'none'");
    expect(directives(pagePolicy()).get('script-src')).not.toContain('stripe');
  });

  it('keeps a handler’s own CSP (template SVGs)', async () => {
    const p = await testPlatform();
    const signup = await request(p.app, 'GET', '/signup', { headers: { accept: 'text/html' } });
    const img = /\/template-assets\/[^"]+\.svg/.exec(signup.text)?.[0];
    expect(img).toBeTruthy();
    const res = await request(p.app, 'GET', img!);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('in Chromium', () => {
  let p: Awaited<ReturnType<typeof testPlatform>>;
  let server: ServerType;
  let browser: Browser;
  let port = 0;

  beforeAll(async () => {
    p = await testPlatform();
    server = serve({ fetch: p.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    port = (server.address() as AddressInfo).port;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('pages run their scripts with no CSP violation, and cannot be framed', {
    timeout: 120_000,
  }, async () => {
    const shop = await seedShop(p.deps);
    // The app answers by Host; Chromium sends the URL's host, so route *.localhost through the port.
    const apex = `http://localhost:${port}`;
    const base = `http://${shop.store.tenant.handle}.localhost:${port}`;
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    // Runs in the page before its own scripts (injected by the browser, not subject to the page's CSP).
    await page.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', function (e) { window.reportViolation(e.violatedDirective + ' ' + e.blockedURI); });",
    });

    // Apex signup: the inline script suggests a handle from the store name.
    const signup = await page.goto(`${apex}/signup`);
    expect(signup?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByLabel(/store name/i).fill('Csp Corner Shop');
    await expect.poll(() => page.locator('#handle').inputValue()).toBe('csp-corner-shop');

    for (const url of [
      `${base}/`,
      `${base}/products/${shop.shirt.handle}`,
      `${base}/cart`,
      `${apex}/login`,
    ]) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(200);
    }
    expect(violations).toEqual([]);

    // Framing: a page elsewhere (no CSP of its own) cannot show the apex login in a frame.
    const framed: string[] = [];
    const framer = await browser.newPage();
    framer.on('console', (m) => framed.push(m.text()));
    await framer.setContent(`<iframe src="${apex}/login"></iframe>`);
    await expect
      .poll(() => framed.join('\n'), { timeout: 10_000 })
      .toMatch(/frame-ancestors|X-Frame-Options/);
    const inner = framer.frames().find((f) => f.url().includes('/login'));
    expect(
      await inner
        ?.locator('input[type=password]')
        .count()
        .catch(() => 0),
    ).toBeFalsy();
    await page.close();
    await framer.close();
  });
});
