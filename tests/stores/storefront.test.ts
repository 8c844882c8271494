/** Storefront home, content pages, the suspended-store page, and the pages' safety with merchant data. */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { forgetStoreChrome } from '../../src/modules/stores/service.js';
import { forgetSite } from '../../src/modules/tenancy/site.js';
import { signupBody } from '../signup/helpers.js';
import { createTestStore } from '../support/factories.js';
import { request, storeHost, testPlatform } from '../support/platform.js';

async function signupStore(template = 'grocery') {
  const { app } = await testPlatform();
  const body = signupBody({ template });
  const res = await request(app, 'POST', '/api/signup', { body });
  expect(res.status).toBe(201);
  return { ...body, id: res.body.store.id as string, host: storeHost(body.handle) };
}

describe('storefront home and pages', () => {
  it('renders the grocery template in its currency with featured products and categories', async () => {
    const { app } = await testPlatform();
    const store = await signupStore('grocery');
    const res = await request(app, 'GET', '/', { host: store.host });
    expect(res.status).toBe(200);
    expect(res.text).toContain('--c-primary:#2e7d32');
    expect(res.text).toContain('Fresh from the farm');
    expect(res.text).toContain('Braeburn Apples');
    expect(res.text).toMatch(/€\d/); // EUR prices
    expect(res.text).toContain('Fruit &amp; Vegetables');
    expect(res.text).toContain('<main id="main"');
    expect(res.text).toContain('class="skip" href="#main"');
    expect(res.text).toContain('action="/search"');
    expect(res.text).toContain('href="/cart"');
    expect(res.text).toContain('href="/account"');
  });

  it('renders an empty store (blank template, or a store without settings) without failing', async () => {
    const { app, deps } = await testPlatform();
    const blank = await signupStore('blank');
    const res = await request(app, 'GET', '/', { host: blank.host });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Products will appear here soon');
    const bare = await createTestStore(deps);
    const res2 = await request(app, 'GET', '/', { host: bare.host });
    expect(res2.status).toBe(200);
    expect(res2.text).toContain(bare.tenant.name);
  });

  it('shows the landing page with the plans on the apex', async () => {
    const { app } = await testPlatform();
    const res = await request(app, 'GET', '/');
    expect(res.status).toBe(200);
    for (const text of [
      'Storeloom',
      'Trial',
      'Starter',
      'Growth',
      'Pro',
      '$29.00',
      '$79.00',
      '$299.00',
      'href="/signup"',
    ])
      expect(res.text).toContain(text);
  });

  it('shows 503 "store unavailable" on every storefront page of a suspended store, while its JSON admin stays reachable', async () => {
    const { app, deps } = await testPlatform();
    const store = await signupStore('apparel');
    await withPlatformAccess(deps.db, (trx) =>
      trx
        .updateTable('tenants')
        .set({ status: 'suspended', suspended_reason: 'test' })
        .where('id', '=', store.id)
        .execute(),
    );
    forgetSite(store.handle);
    for (const path of ['/', '/pages/about']) {
      const res = await request(app, 'GET', path, { host: store.host, headers: { accept: 'text/html' } });
      expect(res.status, path).toBe(503);
      expect(res.text).toContain('Store unavailable');
      expect(res.text).not.toContain('Classic Organic Tee');
    }
    const api = await request(app, 'GET', '/api/store/products', { host: store.host });
    expect(api.status).toBe(503);
    expect(api.body.error.code).toBe('store_unavailable');
  });

  it('escapes merchant content: page Markdown, store name, navigation links and theme values', async () => {
    const { app, deps } = await testPlatform();
    const store = await signupStore('blank');
    await withTenant(deps.db, store.id, async (trx) => {
      await trx
        .updateTable('store_pages')
        .set({ body: '<script>alert(1)</script>\n\n[click](javascript:alert(2)) and [ok](/pages/shipping)' })
        .where('tenant_id', '=', store.id)
        .where('slug', '=', 'about')
        .execute();
      await trx
        .updateTable('store_settings')
        .set({
          theme: JSON.stringify({
            colors: { primary: 'red;}</style><script>alert(3)</script>' },
            fonts: { body: 'x</style>' },
          }),
          navigation: JSON.stringify([{ label: '<b>Evil</b>', href: 'javascript:alert(4)' }]),
        })
        .where('tenant_id', '=', store.id)
        .execute();
    });
    forgetStoreChrome(store.id);
    const res = await request(app, 'GET', '/pages/about', { host: store.host });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert');
    // An unsafe link stays visible as plain text (markdown-it does not parse it as a link); never an href.
    expect(res.text).not.toMatch(/href="javascript:/i);
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).toContain('<a href="/pages/shipping">ok</a>');
    expect(res.text).toContain('&lt;b&gt;Evil&lt;/b&gt;');
    expect(res.text).toContain('--c-primary:#1f4e79'); // fell back to the default colour
  });

  it('serves template images read-only and refuses traversal', async () => {
    const { app } = await testPlatform();
    const ok = await request(app, 'GET', '/template-assets/grocery/images/sourdough-loaf.svg');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/svg+xml');
    for (const path of [
      '/template-assets/grocery/..%2F..%2Fpackage.json',
      '/template-assets/grocery/manifest.json',
      '/template-assets/nope/images/x.svg',
      '/template-assets/grocery/images/missing.svg',
    ]) {
      expect((await request(app, 'GET', path)).status, path).toBe(404);
    }
  });
});

describe('storefront right after signup', () => {
  it('answers at once even when the host was asked for (and cached as unknown) just before', async () => {
    const { app } = await testPlatform();
    const body = signupBody({ template: 'blank' });
    const before = await request(app, 'GET', '/', { host: storeHost(body.handle) });
    expect(before.status).toBe(404);
    expect((await request(app, 'POST', '/api/signup', { body })).status).toBe(201);
    const after = await request(app, 'GET', '/', { host: storeHost(body.handle) });
    expect(after.status).toBe(200);
  });
});

describe('template navigation', () => {
  it('links to pages that exist on the new store (collections, search, about)', async () => {
    const { app } = await testPlatform();
    const store = await signupStore('apparel');
    const home = await request(app, 'GET', '/', { host: store.host });
    const navHrefs = [
      ...home.text.matchAll(/<nav class="nav nav-wide" aria-label="Store"><ul>(.*?)<\/ul>/g),
    ].flatMap((m) => [...m[1]!.matchAll(/href="([^"]+)"/g)].map((h) => h[1]!.replaceAll('&amp;', '&')));
    expect(navHrefs).toContain('/collections/tops');
    for (const href of navHrefs) {
      const res = await request(app, 'GET', href, { host: store.host });
      expect(res.status, href).toBe(200);
    }
    const tops = await request(app, 'GET', '/collections/tops', { host: store.host });
    expect(tops.text).toContain('Classic Organic Tee');
  });
});
