import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { addMember, createTestProduct, createTestStore, uniq } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';
import { catalogCounts } from './helpers.js';

const validBody = () => ({
  title: 'Linen Shirt',
  description: 'Breathable',
  tags: ['summer'],
  status: 'active',
  options: [{ name: 'Size', values: ['S', 'M'] }],
  images: [{ url: 'https://cdn.example/shirt.jpg', alt: 'Shirt' }],
  variants: [
    { sku: uniq('LS-S-'), options: { Size: 'S' }, price: 4500, compareAtPrice: 6000, cost: 2000, stock: 7 },
    { sku: uniq('LS-M-'), options: { Size: 'M' }, price: 4700, stock: 0, lowStockThreshold: 2 },
  ],
});

describe('POST /api/admin/products', () => {
  it('creates a product (201) with the contract fields, as staff', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const staff = await addMember(p.deps, s.tenant.id, 'staff');
    const body = validBody();
    const res = await request(p.app, 'POST', '/api/admin/products', {
      host: s.host,
      token: staff.token,
      body,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      handle: 'linen-shirt',
      title: 'Linen Shirt',
      status: 'active',
      minPrice: 4500,
      maxPrice: 4700,
      inStock: true,
    });
    expect(
      res.body.variants.map((v: { sku: string; price: number; stock: number }) => [v.sku, v.price, v.stock]),
    ).toEqual([
      [body.variants[0]!.sku, 4500, 7],
      [body.variants[1]!.sku, 4700, 0],
    ]);
    expect(typeof res.body.id).toBe('string');
    const got = await request(p.app, 'GET', `/api/admin/products/${res.body.id}`, {
      host: s.host,
      token: staff.token,
    });
    expect(got.status).toBe(200);
    expect(got.body.images).toEqual([
      expect.objectContaining({ url: 'https://cdn.example/shirt.jpg', alt: 'Shirt' }),
    ]);
    expect(got.body.variants[0]).toMatchObject({ compareAtPrice: 6000, cost: 2000, available: 7 });
    const ledger = await request(p.app, 'GET', `/api/admin/variants/${res.body.variants[0].id}/adjustments`, {
      host: s.host,
      token: staff.token,
    });
    expect(ledger.body.items).toEqual([
      expect.objectContaining({
        delta: 7,
        reason: 'initial',
        stockAfter: 7,
        actor: { type: 'user', id: staff.id },
      }),
    ]);
  });

  it('answers 409 sku_taken for a SKU used elsewhere in the store, and writes nothing', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const existing = await createTestProduct(p.deps, s.tenant.id);
    const before = await catalogCounts(p.deps, s.tenant.id);
    const body = validBody();
    body.variants[1]!.sku = existing.variants[0]!.sku;
    const res = await request(p.app, 'POST', '/api/admin/products', {
      host: s.host,
      token: s.owner.token,
      body,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('sku_taken');
    expect(await catalogCounts(p.deps, s.tenant.id)).toEqual(before);
  });

  it('allows the same SKU in another store', async () => {
    const p = await testPlatform();
    const a = await createTestStore(p.deps);
    const b = await createTestStore(p.deps);
    const existing = await createTestProduct(p.deps, a.tenant.id);
    const res = await request(p.app, 'POST', '/api/admin/products', {
      host: b.host,
      token: b.owner.token,
      body: { title: 'Same sku', variants: [{ sku: existing.variants[0]!.sku, price: 100 }] },
    });
    expect(res.status).toBe(201);
  });

  const bad: [string, (b: ReturnType<typeof validBody>) => unknown, string][] = [
    ['negative price', (b) => ({ ...b, variants: [{ ...b.variants[0], price: -1 }] }), 'variants.0.price'],
    ['float price', (b) => ({ ...b, variants: [{ ...b.variants[0], price: 19.99 }] }), 'variants.0.price'],
    [
      'price as string',
      (b) => ({ ...b, variants: [{ ...b.variants[0], price: '100' }] }),
      'variants.0.price',
    ],
    ['huge price', (b) => ({ ...b, variants: [{ ...b.variants[0], price: 1e16 }] }), 'variants.0.price'],
    [
      'huge stock',
      (b) => ({ ...b, variants: [{ ...b.variants[0], stock: 3_000_000_000 }] }),
      'variants.0.stock',
    ],
    ['negative stock', (b) => ({ ...b, variants: [{ ...b.variants[0], stock: -5 }] }), 'variants.0.stock'],
    ['unknown field', (b) => ({ ...b, vendor: 'x' }), ''],
    ['unknown variant field', (b) => ({ ...b, variants: [{ ...b.variants[0], weight: 3 }] }), 'variants.0'],
    ['no variants', (b) => ({ ...b, variants: [] }), 'variants'],
    ['empty title', (b) => ({ ...b, title: '  ' }), 'title'],
    ['duplicate SKU in body', (b) => ({ ...b, variants: [b.variants[0], b.variants[0]] }), 'variants.1.sku'],
    ['javascript: image', (b) => ({ ...b, images: [{ url: 'javascript:alert(1)' }] }), 'images.0.url'],
    ['status archived on create', (b) => ({ ...b, status: 'archived' }), 'status'],
    ['unknown category', (b) => ({ ...b, category: 'nope' }), 'category'],
    [
      'option value not declared',
      (b) => ({ ...b, variants: [{ ...b.variants[0], options: { Size: 'XL' } }] }),
      'variants.0.options.Size',
    ],
  ];
  it.each(bad)('rejects %s with 400 validation_failed and writes nothing', async (_name, mutate, path) => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const before = await catalogCounts(p.deps, s.tenant.id);
    const res = await request(p.app, 'POST', '/api/admin/products', {
      host: s.host,
      token: s.owner.token,
      body: mutate(validBody()),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await catalogCounts(p.deps, s.tenant.id)).toEqual(before);
  });

  it('answers 400 invalid_json for a broken body', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const res = await request(p.app, 'POST', '/api/admin/products', {
      host: s.host,
      token: s.owner.token,
      raw: '{"title": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });
});

describe('PATCH /api/admin/products/:id', () => {
  it('changes fields, category, variant prices; archives; adds and removes variants', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const cat = await request(p.app, 'POST', '/api/admin/categories', {
      host: s.host,
      token: s.owner.token,
      body: { handle: 'tops', name: 'Tops' },
    });
    expect(cat.status).toBe(201);
    const prod = await createTestProduct(p.deps, s.tenant.id, {
      variants: [
        { sku: uniq('A-'), price: 1000, stock: 1 },
        { sku: uniq('B-'), price: 2000, stock: 0 },
      ],
    });
    const [va, vb] = prod.variants;
    const newSku = uniq('C-');
    const res = await request(p.app, 'PATCH', `/api/admin/products/${prod.id}`, {
      host: s.host,
      token: s.owner.token,
      body: {
        title: 'Renamed',
        category: 'tops',
        tags: ['x', 'x', 'y'],
        variants: [{ id: va!.id, price: 1500, compareAtPrice: 1800, lowStockThreshold: 1 }],
        removeVariants: [vb!.id],
        addVariants: [{ sku: newSku, price: 500, stock: 4 }],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Renamed',
      handle: prod.handle,
      category: { handle: 'tops', name: 'Tops' },
      tags: ['x', 'y'],
      minPrice: 500,
      maxPrice: 1500,
    });
    expect(
      res.body.variants.map((v: { sku: string; price: number; stock: number }) => [v.sku, v.price, v.stock]),
    ).toEqual([
      [va!.sku, 1500, 1],
      [newSku, 500, 4],
    ]);
    const row = await withTenant(p.deps.db, s.tenant.id, (trx) =>
      trx
        .selectFrom('products')
        .select(['search_category'])
        .where('id', '=', prod.id)
        .executeTakeFirstOrThrow(),
    );
    expect(row.search_category).toBe('Tops');

    const archived = await request(p.app, 'PATCH', `/api/admin/products/${prod.id}`, {
      host: s.host,
      token: s.owner.token,
      body: { status: 'archived' },
    });
    expect(archived.body.status).toBe('archived');
    const store = await request(p.app, 'GET', `/api/store/products/${prod.handle}`, { host: s.host });
    expect(store.status).toBe(404);
  });

  it('refuses a variant of another product, removing every variant, and a taken handle', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const a = await createTestProduct(p.deps, s.tenant.id);
    const b = await createTestProduct(p.deps, s.tenant.id);
    const patch = (body: unknown) =>
      request(p.app, 'PATCH', `/api/admin/products/${a.id}`, { host: s.host, token: s.owner.token, body });
    const foreign = await patch({ variants: [{ id: b.variants[0]!.id, price: 1 }] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.issues[0].path).toBe('variants.0.id');
    const none = await patch({ removeVariants: [a.variants[0]!.id] });
    expect(none.status).toBe(400);
    const handle = await patch({ handle: b.handle, title: 'should not stick' });
    expect(handle.status).toBe(409);
    expect(handle.body.error.code).toBe('handle_taken');
    const after = await request(p.app, 'GET', `/api/admin/products/${a.id}`, {
      host: s.host,
      token: s.owner.token,
    });
    expect(after.body.title).toBe(a.title);
    expect(after.body.variants[0].price).toBe(a.variants[0]!.price);
    const bad = await patch({ variants: [{ id: a.variants[0]!.id, price: -5 }] });
    expect(bad.status).toBe(400);
    const unknownField = await patch({ stock: 5 });
    expect(unknownField.status).toBe(400);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1'; drop table products;--"]) {
      const res = await request(p.app, 'GET', `/api/admin/products/${encodeURIComponent(id)}`, {
        host: s.host,
        token: s.owner.token,
      });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
});

describe('GET /api/admin/products', () => {
  it('lists every status with filters and a cursor', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    await request(p.app, 'POST', '/api/admin/categories', {
      host: s.host,
      token: s.owner.token,
      body: { handle: 'mugs', name: 'Mugs' },
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const prod = await createTestProduct(p.deps, s.tenant.id, {
        title: `Mug ${i} 100%_cotton\\`,
        status: i % 2 ? 'draft' : 'active',
        category: i < 2 ? 'mugs' : undefined,
      });
      ids.push(prod.id);
    }
    const get = (qs: string) =>
      request(p.app, 'GET', `/api/admin/products${qs}`, { host: s.host, token: s.owner.token });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await get('?status=draft')).body.items).toHaveLength(2);
    expect((await get('?category=mugs')).body.items).toHaveLength(2);
    expect((await get('?q=Mug%203')).body.items.map((i: { id: string }) => i.id)).toEqual([ids[3]]);
    expect((await get('?q=%25')).body.items).toHaveLength(5);
    expect((await get('?q=z%25')).body.items).toHaveLength(0);
    expect((await get('?q=g_0')).body.items).toHaveLength(0);
    expect((await get('?q=%5C')).body.items).toHaveLength(5);
    expect((await get('?q=_')).body.items).toHaveLength(5);
    expect((await get(`?q=${encodeURIComponent("'; drop table products; --")}`)).body.items).toHaveLength(0);
    expect((await get('?limit=101')).status).toBe(400);
    expect((await get('?cursor=garbage!')).status).toBe(400);
    expect((await get('?status=gone')).status).toBe(400);
  });
});
