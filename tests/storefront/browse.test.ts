/**
 * Storefront browsing pages and crawler files, rendered for a seeded store:
 * status, key content, SEO head (title, description, canonical), JSON-LD,
 * sitemap/robots, the 404 page for another store's product or a draft, and
 * the 503 page for a suspended store. No page leaks a stack trace.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestProduct } from '../support/factories.js';
import { APEX_HOST, type TestPlatform, testPlatform } from '../support/platform.js';
import { leaksInternals, PageClient } from './browser-like.js';
import { type Shop, seedShop } from './fixture.js';

let p: TestPlatform;
let shop: Shop;
let other: Shop;
let client: PageClient;

beforeAll(async () => {
  p = await testPlatform();
  [shop, other] = await Promise.all([seedShop(p.deps), seedShop(p.deps)]);
  client = new PageClient(p.app, shop.store.host);
});

describe('browsing pages', () => {
  it('collections index lists the categories that hold products', async () => {
    const res = await client.get('/collections');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/collections/apparel"');
    expect(res.text).toContain('Kitchen');
    expect(leaksInternals(res.text)).toBe(false);
  });

  it('a collection shows its active products with facets and a canonical URL', async () => {
    const res = await client.get('/collections/apparel');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<title>Apparel · ');
    expect(res.text).toContain('Linen Shirt');
    expect(res.text).toContain('Wool Scarf');
    expect(res.text).not.toContain('Ceramic Mug');
    expect(res.text).not.toContain('Secret Prototype');
    expect(res.text).toContain('aria-label="Filters"');
    expect(res.text).toContain('In stock only');
    expect(res.text).toMatch(/<link rel="canonical" href="http:\/\/[^"]+\/collections\/apparel"/);
    expect(res.text).toMatch(/<meta name="description" content="[^"]+"/);
    expect(leaksInternals(res.text)).toBe(false);
  });

  it('an unknown collection is the 404 page', async () => {
    const res = await client.get('/collections/nope');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
  });

  it('search finds by words and typos, filters in stock, and sorts', async () => {
    const res = await client.get('/search?q=linen');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Linen Shirt');
    expect(res.text).not.toContain('Ceramic Mug');
    expect(res.text).toContain('value="linen"');

    const typo = await client.get('/search?q=cerammic');
    expect(typo.text).toContain('Ceramic Mug');

    const inStock = await client.get('/search?inStock=true');
    expect(inStock.text).toContain('Linen Shirt');
    expect(inStock.text).not.toContain('Wool Scarf');

    const sorted = await client.get('/search?sort=price_asc');
    const mug = sorted.text.indexOf('Ceramic Mug');
    const shirt = sorted.text.indexOf('Linen Shirt');
    expect(mug).toBeGreaterThan(0);
    expect(mug).toBeLessThan(shirt);
  });

  it('search paginates with next / first-page links that carry the filters', async () => {
    const big = await seedShop(p.deps);
    const t = big.store.tenant.id;
    for (let i = 0; i < 26; i++)
      await createTestProduct(p.deps, t, {
        title: `Pager Item ${String(i).padStart(2, '0')}`,
        category: 'kitchen',
      });
    const c = new PageClient(p.app, big.store.host);
    const first = await c.get('/search?q=pager&sort=newest');
    expect(first.status).toBe(200);
    expect(first.text.match(/Pager Item/g)?.length).toBe(24);
    const next = /<a href="([^"]+)" rel="next">/.exec(first.text)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toMatch(/^\/search\?q=pager&sort=newest&cursor=/);
    const second = await c.get(next!);
    expect(second.status).toBe(200);
    expect(second.text.match(/Pager Item/g)?.length).toBe(2);
    expect(second.text).not.toContain('rel="next"');
    expect(second.text).toContain('First page');
    // A tampered cursor is a client error, never a 500.
    const bad = await c.get('/search?q=pager&cursor=%27%3B--');
    expect(bad.status).toBeLessThan(500);
    expect(leaksInternals(bad.text)).toBe(false);
  });

  it('hostile search input is rendered safely', async () => {
    const res = await client.get(`/search?q=${encodeURIComponent(`"><script>alert(1)</script>' or 1=1 --`)}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(leaksInternals(res.text)).toBe(false);
  });
});

describe('product page', () => {
  it('shows one picker per option (links to ?variant=), stock status, the compare-at price and add-to-cart form', async () => {
    const res = await client.get(`/products/${shop.shirt.handle}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1 id="product-title">Linen Shirt</h1>');
    expect(res.text).toContain('<s class="compare-at">$60.00</s>');
    expect(res.text).toContain('$45.00');
    expect(res.text).toMatch(/<p class="picker-name" id="picker-0">Size/);
    expect(res.text.match(/data-variant-link=""/g)?.length).toBe(3);
    const s = shop.shirt.variants.find((v) => v.title === 'S')!;
    expect(res.text).toContain(`name="variantId" value="${s.id}"`);
    expect(res.text).toContain('(sold out)');
    expect(res.text).toContain('In stock');
    expect(res.text).toContain('alt="A white linen shirt"');
    expect(res.text).toContain('action="/cart/items"');
    expect(res.text).toContain('name="_csrf"');
    expect(res.text).toMatch(/<link rel="canonical" href="http:\/\/[^"]+\/products\/linen-shirt"/);
    // Each head link once, in the head, where the layout put it (not hoisted by hono's JSX: see
    // src/web/components/head-link.ts).
    const head = res.text.slice(0, res.text.indexOf('</head>'));
    for (const rel of ['icon', 'manifest', 'canonical'])
      expect(res.text.split(`<link rel="${rel}"`).length - 1, rel).toBe(1);
    expect(head).toMatch(
      /<title>[^<]*<\/title><link rel="icon" href="\/favicon.svg" type="image\/svg\+xml"\/><link rel="manifest" href="\/manifest.webmanifest"\/>/,
    );
    expect(head).toMatch(/<link rel="canonical" href="http:\/\/[^"]+\/products\/linen-shirt"\/>/);
    expect(leaksInternals(res.text)).toBe(false);
  });

  it('carries valid JSON-LD Product data', async () => {
    const res = await client.get(`/products/${shop.shirt.handle}`);
    const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(res.text);
    expect(m).not.toBeNull();
    const data = JSON.parse(m![1]!);
    expect(data['@type']).toBe('Product');
    expect(data.name).toBe('Linen Shirt');
    expect(data.offers).toHaveLength(3);
    expect(data.offers[0]).toMatchObject({ '@type': 'Offer', price: '45.00', priceCurrency: 'USD' });
    expect(data.offers[2].availability).toBe('https://schema.org/OutOfStock');
  });

  it('a sold-out product says so and cannot be added', async () => {
    const res = await client.get(`/products/${shop.soldOut.handle}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Sold out');
    expect(res.text).toMatch(/<button[^>]*disabled[^>]*>Sold out/);
  });

  it("another store's product, a draft or an unknown handle is the 404 page", async () => {
    const theirs = await createTestProduct(p.deps, other.store.tenant.id, { title: 'Only Over There' });
    const there = await new PageClient(p.app, other.store.host).get(`/products/${theirs.handle}`);
    expect(there.status).toBe(200);
    const foreign = await client.get(`/products/${theirs.handle}`);
    expect(foreign.status).toBe(404);
    expect(foreign.text).toContain('Page not found');
    expect(foreign.text).not.toContain('Only Over There');
    const draft = await client.get(`/products/${shop.draft.handle}`);
    expect(draft.status).toBe(404);
    expect(draft.text).not.toContain('Secret Prototype');
    const unknown = await client.get('/products/does-not-exist');
    expect(unknown.status).toBe(404);
    expect(leaksInternals(unknown.text)).toBe(false);
  });
});

describe('crawler files', () => {
  it('sitemap.xml lists active products only', async () => {
    const res = await client.get('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('xml');
    expect(res.text).toContain(`/products/${shop.shirt.handle}</loc>`);
    expect(res.text).toContain(`/products/${shop.soldOut.handle}</loc>`);
    expect(res.text).not.toContain(`/products/${shop.draft.handle}<`);
    expect(res.text).toContain('/collections/apparel</loc>');
    expect(res.text).toContain(`<loc>http://${shop.store.tenant.handle}.localhost:3000/</loc>`);
  });

  it('robots.txt on a store and on the apex', async () => {
    const store = await client.get('/robots.txt');
    expect(store.status).toBe(200);
    expect(store.text).toContain('Disallow: /checkout');
    expect(store.text).toContain(`Sitemap: http://${shop.store.tenant.handle}.localhost:3000/sitemap.xml`);
    const apex = await new PageClient(p.app, APEX_HOST).get('/robots.txt');
    expect(apex.status).toBe(200);
    expect(apex.text).toContain('User-agent: *');
    expect(apex.text).toContain('Disallow: /console');
  });
});

describe('suspended store', () => {
  it('every shopping page is the 503 unavailable page', async () => {
    const suspended = await seedShop(p.deps, { status: 'suspended' });
    const c = new PageClient(p.app, suspended.store.host);
    for (const path of ['/collections', `/products/${suspended.shirt.handle}`, '/search?q=linen', '/cart']) {
      const res = await c.get(path);
      expect(res.status, path).toBe(503);
      expect(res.text).toMatch(/unavailable/i);
      expect(res.text).not.toContain('Linen Shirt');
    }
    const robots = await c.get('/robots.txt');
    expect(robots.text).toContain('Disallow: /');
    expect((await c.get('/sitemap.xml')).status).toBe(503);
  });
});
