/** POST /api/signup: provisioning from every template, and the storefront answering at once. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { loadTemplates } from '../../src/modules/stores/templates.js';
import { request, storeHost, testPlatform } from '../support/platform.js';
import { signupBody } from './helpers.js';

describe('POST /api/signup', () => {
  it('creates the merchant, a trial store and a token for the default (blank) template', async () => {
    const { app, deps } = await testPlatform();
    const body = signupBody();
    const res = await request(app, 'POST', '/api/signup', { body });
    expect(res.status).toBe(201);
    expect(res.body.store).toMatchObject({
      handle: body.handle,
      name: body.storeName,
      url: `http://${body.handle}.localhost:3000`,
      currency: 'USD',
    });
    expect(res.body.merchant.email).toBe(body.email);
    expect(res.body.accessToken).toMatch(/^ey/);

    const tenant = await withPlatformAccess(deps.db, (trx) =>
      trx
        .selectFrom('tenants')
        .select(['id', 'plan', 'status', 'trial_ends_at', 'created_at'])
        .where('handle', '=', body.handle)
        .executeTakeFirstOrThrow(),
    );
    expect(tenant.id).toBe(res.body.store.id);
    expect(tenant.status).toBe('active');
    const trialDays = (tenant.trial_ends_at!.getTime() - tenant.created_at.getTime()) / 86_400_000;
    expect(Math.round(trialDays)).toBe(14);

    // The token works on the new store's admin as its owner.
    const role = await withPlatformAccess(deps.db, (trx) =>
      trx
        .selectFrom('memberships')
        .select('role')
        .where('tenant_id', '=', tenant.id)
        .where('user_id', '=', res.body.merchant.id)
        .executeTakeFirst(),
    );
    expect(role?.role).toBe('owner');
  });

  it('provisions every template with its settings, pages, categories, products, rates and outbox event', async () => {
    const { app, deps } = await testPlatform();
    const templates = await loadTemplates();
    expect([...templates.keys()].sort()).toEqual(['apparel', 'blank', 'electronics', 'grocery']);
    for (const [name, t] of templates) {
      const body = signupBody({ template: name });
      const res = await request(app, 'POST', '/api/signup', { body });
      expect(res.status, `${name}: ${res.text}`).toBe(201);
      expect(res.body.store.currency).toBe(t.manifest.currency);
      const tenantId = res.body.store.id as string;
      const counts = await withPlatformAccess(deps.db, async (trx) => {
        const count = async (table: string) =>
          (
            await sql<{
              n: number;
            }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(trx)
          ).rows[0]!.n;
        return {
          products: await count('products'),
          variants: await count('variants'),
          images: await count('product_images'),
          categories: await count('categories'),
          pages: await count('store_pages'),
          settings: await count('store_settings'),
          shipping: await count('shipping_rates'),
          tax: await count('tax_rates'),
          provisioned: (
            await sql<{ n: number }>`select count(*)::int as n from outbox
              where tenant_id = ${tenantId} and topic = 'tenant.provisioned'`.execute(trx)
          ).rows[0]!.n,
        };
      });
      const variants = t.catalog.products.reduce((n, p) => n + p.variants.length, 0);
      expect(counts, name).toEqual({
        products: t.catalog.products.length,
        variants,
        images: t.catalog.products.reduce((n, p) => n + p.images.length, 0),
        categories: t.manifest.categories.length,
        pages: t.manifest.pages.length,
        settings: 1,
        shipping: t.manifest.shippingRates.length,
        tax: t.manifest.taxRates.length,
        provisioned: 1,
      });
      if (name !== 'blank') expect(t.catalog.products.length).toBeGreaterThanOrEqual(20);
      // Initial stock went through the ledger and matches the template.
      const stock = await withPlatformAccess(deps.db, (trx) =>
        trx
          .selectFrom('variants')
          .select(({ fn }) => fn.sum<number>('stock').as('total'))
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow(),
      );
      const expected = t.catalog.products.flatMap((p) => p.variants).reduce((n, v) => n + (v.stock ?? 0), 0);
      expect(Number(stock.total ?? 0), name).toBe(expected);
    }
  });

  it('serves the new storefront home at once with the template theme, navigation and products', async () => {
    const { app } = await testPlatform();
    const body = signupBody({ template: 'apparel', storeName: 'Thread & Co' });
    const res = await request(app, 'POST', '/api/signup', { body });
    expect(res.status).toBe(201);
    const home = await request(app, 'GET', '/', {
      host: storeHost(body.handle),
      headers: { accept: 'text/html' },
    });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(home.text).toContain('Thread &amp; Co');
    expect(home.text).toContain('--c-primary:#7a2e3b'); // apparel theme colour
    expect(home.text).toContain('Classic Organic Tee');
    expect(home.text).toContain('href="/products/classic-organic-tee"');
    expect(home.text).toContain('/template-assets/apparel/images/classic-organic-tee.svg');
    expect(home.text).toContain('href="/pages/about"');
    expect(home.text).toContain('aria-label="Store"');
    expect(home.text).toContain('Shop by category');

    const about = await request(app, 'GET', '/pages/about', { host: storeHost(body.handle) });
    expect(about.status).toBe(200);
    expect(about.text).toContain('Thread &amp; Co started'.replace('started', '')); // store name substituted
    expect(about.text).toContain('<strong>fabric, fit and how it ages</strong>');
    const missing = await request(app, 'GET', '/pages/nope', { host: storeHost(body.handle) });
    expect(missing.status).toBe(404);

    const img = await request(app, 'GET', '/template-assets/apparel/images/classic-organic-tee.svg', {
      host: storeHost(body.handle),
    });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/svg+xml');
    expect(img.text).toContain('<svg');
  });

  it('answers the handle availability check', async () => {
    const { app } = await testPlatform();
    const body = signupBody();
    expect((await request(app, 'GET', `/api/signup/handle-availability?handle=${body.handle}`)).body).toEqual(
      {
        handle: body.handle,
        available: true,
      },
    );
    await request(app, 'POST', '/api/signup', { body });
    const taken = await request(
      app,
      'GET',
      `/api/signup/handle-availability?handle=${body.handle.toUpperCase()}`,
    );
    expect(taken.body).toMatchObject({ handle: body.handle, available: false, reason: 'taken' });
    const reserved = await request(app, 'GET', '/api/signup/handle-availability?handle=admin');
    expect(reserved.body).toMatchObject({ available: false, reason: 'reserved' });
    const bad = await request(app, 'GET', '/api/signup/handle-availability?handle=-ab');
    expect(bad.body).toMatchObject({ available: false, reason: 'bad_dash' });
  });
});
