/**
 * Search as a shopper meets it (issue #13): the in-stock facet shows its
 * count, result counts, swapped letters still find the product, and an empty
 * result offers "did you mean" and new products. Also the favicon and manifest.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { transpositions } from '../../src/modules/catalog/repository/store-search.js';
import { createTestProduct } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { PageClient } from './browser-like.js';
import { type Shop, seedShop } from './fixture.js';

let p: TestPlatform;
let shop: Shop;
let client: PageClient;

beforeAll(async () => {
  p = await testPlatform();
  shop = await seedShop(p.deps);
  await createTestProduct(p.deps, shop.store.tenant.id, {
    title: 'Rain Jacket',
    status: 'active',
    variants: [{ sku: `JKT-${Date.now()}`, price: 12000, stock: 4 }],
  });
  client = new PageClient(p.app, shop.store.host);
});

describe('search help', () => {
  it('labels the in-stock facet with its count and shows how many products match', async () => {
    const res = await client.get('/collections/apparel');
    expect(res.text).not.toContain('[object Object]');
    expect(res.text).toContain('In stock only (1)');
    expect(res.text).toMatch(/\(2 products\)/);
  });

  it('finds a product when two letters are swapped', async () => {
    expect(transpositions('jakcet')).toContain('jacket');
    const res = await client.get('/search?q=jakcet');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Rain Jacket');
    const api = await client.get('/api/store/products?q=lnien');
    expect(api.text).toContain('Linen Shirt');
  });

  it('offers "did you mean" and new products when nothing matches', async () => {
    const near = await client.get('/search?q=keramik');
    const empty = await client.get('/search?q=zzzzqqq');
    for (const res of [near, empty]) {
      expect(res.status).toBe(200);
      expect(res.text).toContain('(0 products)');
      expect(res.text).toContain('New in the store');
    }
    expect(near.text).toContain('Did you mean <a href="/search?q=Ceramic%20Mug">Ceramic Mug</a>?');
    expect(empty.text).toContain('Check the spelling');
    expect(empty.text).not.toContain('Did you mean');
  });

  it('serves a favicon and a web manifest', async () => {
    const icon = await client.get('/favicon.ico');
    expect(icon.status).toBe(200);
    expect(icon.text).toContain('<svg');
    const manifest = await client.get('/manifest.webmanifest');
    expect(JSON.parse(manifest.text)).toMatchObject({ name: shop.store.tenant.name, start_url: '/' });
  });
});
