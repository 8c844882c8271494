import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { createCategory } from '../../src/modules/catalog/service.js';
import { createTestProduct, createTestStore, uniq } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

async function seedCatalog(p: TestPlatform) {
  const s = await createTestStore(p.deps, { currency: 'EUR' });
  const t = s.tenant.id;
  await withTenant(p.deps.db, t, async (trx) => {
    await createCategory(trx, t, { handle: 'clothing', name: 'Clothing' });
    await createCategory(trx, t, { handle: 'shirts', name: 'Shirts', parentHandle: 'clothing' });
    await createCategory(trx, t, { handle: 'kitchen', name: 'Kitchen' });
  });
  const mk = (title: string, price: number, stock: number, extra: Record<string, unknown> = {}) =>
    createTestProduct(p.deps, t, { title, variants: [{ sku: uniq('S-'), price, stock }], ...extra });
  const tshirt = await mk('Classic T-Shirt', 1500, 5, {
    category: 'shirts',
    tags: ['cotton'],
    images: [{ url: 'https://cdn.example/t.jpg', alt: 'Tee' }],
    variants: [
      { sku: uniq('TS-'), price: 1500, compareAtPrice: 2000, stock: 5 },
      { sku: uniq('TS-'), price: 1800, stock: 0 },
    ],
  });
  const descOnly = await mk('Plain Hoodie', 4500, 0, {
    category: 'clothing',
    description: 'Pairs well with a classic look',
  });
  const mug = await mk('Café Mug', 900, 3, { category: 'kitchen', tags: ['ceramic'] });
  const draft = await mk('Classic Draft', 100, 1, { status: 'draft' });
  const expensive = await mk('Linen Blazer', 60_000, 2, { category: 'clothing' });
  return { s, tshirt, descOnly, mug, draft, expensive };
}

const list = (p: TestPlatform, host: string, qs = '') =>
  request(p.app, 'GET', `/api/store/products${qs}`, { host });
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

describe('GET /api/store/products', () => {
  it('lists only active products with the contract fields and facets', async () => {
    const p = await testPlatform();
    const { s, tshirt, draft } = await seedCatalog(p);
    const res = await list(p, s.host, '?facets=true');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(4);
    expect(ids(res)).not.toContain(draft.id);
    const card = res.body.items.find((i: { id: string }) => i.id === tshirt.id);
    expect(card).toEqual({
      id: tshirt.id,
      handle: 'classic-t-shirt',
      title: 'Classic T-Shirt',
      price: 1500,
      currency: 'EUR',
      inStock: true,
      compareAtPrice: 2000,
      image: { url: 'https://cdn.example/t.jpg', alt: 'Tee' },
    });
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.facets.categories).toEqual([
      { handle: 'clothing', name: 'Clothing', count: 2 },
      { handle: 'kitchen', name: 'Kitchen', count: 1 },
      { handle: 'shirts', name: 'Shirts', count: 1 },
    ]);
    expect(res.body.facets.inStock).toEqual({ count: 3 });
    const bands = Object.fromEntries(
      res.body.facets.priceBands.map((b: { min: number; count: number }) => [b.min, b.count]),
    );
    expect(bands).toEqual({ 0: 2, 2500: 1, 5000: 0, 10000: 0, 25000: 0, 50000: 1 });
  });

  it('counts facets only when asked (facets=true)', async () => {
    const p = await testPlatform();
    const { s } = await seedCatalog(p);
    const plain = await list(p, s.host);
    expect(plain.status).toBe(200);
    expect(plain.body.items).toHaveLength(4);
    expect(plain.body.facets).toBeUndefined();
    const off = await list(p, s.host, '?facets=false');
    expect(off.body.facets).toBeUndefined();
    const on = await list(p, s.host, '?facets=1&q=classic');
    expect(on.body.facets.priceBands).toHaveLength(6);
    expect(typeof on.body.facets.inStock.count).toBe('number');
    expect((await list(p, s.host, '?facets=yes')).status).toBe(400);
  });

  it('ranks a title match above a description match', async () => {
    const p = await testPlatform();
    const { s, tshirt, descOnly } = await seedCatalog(p);
    const res = await list(p, s.host, '?q=classic');
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([tshirt.id, descOnly.id]);
  });

  it('finds products despite typos and accents', async () => {
    const p = await testPlatform();
    const { s, tshirt, mug } = await seedCatalog(p);
    expect(ids(await list(p, s.host, '?q=tshrit'))).toContain(tshirt.id);
    expect(ids(await list(p, s.host, '?q=tshirt'))[0]).toBe(tshirt.id);
    expect(ids(await list(p, s.host, '?q=cafe'))).toEqual([mug.id]);
    expect(ids(await list(p, s.host, `?q=${encodeURIComponent('CAFÉ')}`))).toEqual([mug.id]);
    // Tags and category names are searchable.
    expect(ids(await list(p, s.host, '?q=ceramic'))).toEqual([mug.id]);
    expect(ids(await list(p, s.host, '?q=shirts'))).toEqual([tshirt.id]);
  });

  it('treats SQL and LIKE metacharacters as text', async () => {
    const p = await testPlatform();
    const { s } = await seedCatalog(p);
    for (const q of ["'; drop table products; --", '%', '_', '\\', "'", '":*&|!()<->', 'a:* | b']) {
      const res = await list(p, s.host, `?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(Array.isArray(res.body.items)).toBe(true);
    }
    expect((await list(p, s.host)).body.items).toHaveLength(4);
  });

  it('filters by category (with subcategories), price range and stock', async () => {
    const p = await testPlatform();
    const { s, tshirt, descOnly, mug, expensive } = await seedCatalog(p);
    expect(new Set(ids(await list(p, s.host, '?category=clothing')))).toEqual(
      new Set([tshirt.id, descOnly.id, expensive.id]),
    );
    expect(ids(await list(p, s.host, '?category=shirts'))).toEqual([tshirt.id]);
    expect(ids(await list(p, s.host, '?category=unknown'))).toEqual([]);
    expect(new Set(ids(await list(p, s.host, '?minPrice=1000&maxPrice=5000')))).toEqual(
      new Set([tshirt.id, descOnly.id]),
    );
    const inStock = await list(p, s.host, '?inStock=true&category=clothing&facets=true');
    expect(new Set(ids(inStock))).toEqual(new Set([tshirt.id, expensive.id]));
    // Facets ignore their own filter: category counts still show every category.
    expect(inStock.body.facets.categories.map((c: { handle: string }) => c.handle).sort()).toEqual([
      'clothing',
      'kitchen',
      'shirts',
    ]);
    expect(inStock.body.facets.inStock.count).toBe(2);
    expect(ids(await list(p, s.host, '?inStock=true&q=hoodie'))).toEqual([]);
    expect(mug).toBeDefined();
  });

  it('pages every sort with a cursor, without duplicates or gaps', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const created: { id: string; price: number }[] = [];
    for (let i = 0; i < 23; i++) {
      // Repeated prices force ties that only the id can break.
      const price = 100 * (i % 4);
      const prod = await createTestProduct(p.deps, s.tenant.id, {
        title: `Widget ${i} ${i % 3 === 0 ? 'widget widget' : 'gadget'}`,
        description: i % 2 ? 'widget' : 'plain',
        variants: [{ sku: uniq('W-'), price, stock: 1 }],
      });
      created.push({ id: prod.id, price });
    }
    const expected = new Set(created.map((c) => c.id));
    for (const sort of ['newest', 'price_asc', 'price_desc', 'relevance']) {
      const seen: string[] = [];
      const prices: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await list(
          p,
          s.host,
          `?q=widget&sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...ids(res));
        prices.push(...res.body.items.map((i: { price: number }) => i.price));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(pages, sort).toBe(5);
      expect(seen.length, sort).toBe(23);
      expect(new Set(seen), sort).toEqual(expected);
      if (sort === 'price_asc') expect(prices).toEqual([...prices].sort((a, b) => a - b));
      if (sort === 'price_desc') expect(prices).toEqual([...prices].sort((a, b) => b - a));
      if (sort === 'newest') expect(seen).toEqual(created.map((c) => c.id).reverse());
    }
    // Without q: newest over everything, also paged.
    const first = await list(p, s.host, '?limit=100');
    expect(first.body.items).toHaveLength(23);
  });

  it('answers 400 for malformed cursors, limits and filters', async () => {
    const p = await testPlatform();
    const { s } = await seedCatalog(p);
    const page = await list(p, s.host, '?limit=1&sort=price_asc');
    const cursor = page.body.nextCursor as string;
    const forged = Buffer.from(
      JSON.stringify({ s: 'price_asc', k: '1; drop table x', id: page.body.items[0].id }),
    ).toString('base64url');
    for (const qs of [
      '?limit=101',
      '?limit=0',
      '?limit=-1',
      '?limit=abc',
      '?cursor=not-a-cursor!!',
      '?cursor=eyJzIjoxfQ',
      `?cursor=${forged}&sort=price_asc`,
      `?cursor=${cursor}&sort=newest`,
      '?sort=cheapest',
      '?minPrice=-1',
      '?minPrice=12.5',
      '?maxPrice=1e20',
      '?inStock=maybe',
      '?unknown=1',
    ]) {
      const res = await list(p, s.host, qs);
      expect(res.status, qs).toBe(400);
      expect(res.body.error.code, qs).toBe('validation_failed');
    }
    expect((await list(p, s.host, `?cursor=${cursor}&sort=price_asc&limit=1`)).status).toBe(200);
  });

  it("never shows another store's products", async () => {
    const p = await testPlatform();
    const { s } = await seedCatalog(p);
    const other = await createTestStore(p.deps);
    await createTestProduct(p.deps, other.tenant.id, { title: 'Classic Foreign' });
    const res = await list(p, s.host, '?q=foreign');
    expect(res.body.items).toEqual([]);
    expect((await list(p, other.host)).body.items).toHaveLength(1);
  });
});

describe('GET /api/store/products/:idOrHandle and /api/store/categories', () => {
  it('returns an active product by id or handle, 404 for drafts, unknown and foreign', async () => {
    const p = await testPlatform();
    const { s, tshirt, draft } = await seedCatalog(p);
    const byHandle = await request(p.app, 'GET', '/api/store/products/classic-t-shirt', { host: s.host });
    expect(byHandle.status).toBe(200);
    expect(byHandle.body).toMatchObject({
      id: tshirt.id,
      handle: 'classic-t-shirt',
      title: 'Classic T-Shirt',
      category: { handle: 'shirts', name: 'Shirts' },
      images: [{ url: 'https://cdn.example/t.jpg', alt: 'Tee' }],
    });
    expect(byHandle.body.variants[0]).toMatchObject({
      price: 1500,
      compareAtPrice: 2000,
      currency: 'EUR',
      inStock: true,
    });
    expect(byHandle.body.variants[1]).toMatchObject({ inStock: false, available: 0 });
    expect(byHandle.body.variants[0].cost).toBeUndefined();
    const byId = await request(p.app, 'GET', `/api/store/products/${tshirt.id}`, { host: s.host });
    expect(byId.body.handle).toBe('classic-t-shirt');
    // A product whose handle is another product's id: the id wins.
    await createTestProduct(p.deps, s.tenant.id, { title: 'Id Lookalike', handle: tshirt.id });
    const stillById = await request(p.app, 'GET', `/api/store/products/${tshirt.id}`, { host: s.host });
    expect(stillById.body.id).toBe(tshirt.id);
    const other = await createTestStore(p.deps);
    for (const [host, ref] of [
      [s.host, draft.id],
      [s.host, draft.handle],
      [s.host, 'nope'],
      [other.host, tshirt.id],
      [other.host, 'classic-t-shirt'],
    ] as const) {
      const res = await request(p.app, 'GET', `/api/store/products/${ref}`, { host });
      expect(res.status).toBe(404);
    }
  });

  it('returns the category tree', async () => {
    const p = await testPlatform();
    const { s } = await seedCatalog(p);
    const res = await request(p.app, 'GET', '/api/store/categories', { host: s.host });
    expect(res.status).toBe(200);
    const shape = (n: { handle: string; productCount: number; children: unknown[] }): unknown => ({
      handle: n.handle,
      count: n.productCount,
      children: (n.children as (typeof n)[]).map(shape),
    });
    expect(res.body.items.map(shape)).toEqual([
      { handle: 'clothing', count: 2, children: [{ handle: 'shirts', count: 1, children: [] }] },
      { handle: 'kitchen', count: 1, children: [] },
    ]);
  });
});
