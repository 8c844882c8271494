import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { createCategory } from '../../src/modules/catalog/service.js';
import { addMember, createTestProduct, createTestStore, uniq } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { catalogCounts } from './helpers.js';

const importCsv = (p: TestPlatform, host: string, token: string, csv: string, type = 'text/csv') =>
  request(p.app, 'POST', '/api/admin/products/import', {
    host,
    token,
    raw: csv,
    headers: { 'content-type': type },
  });

describe('CSV export and import', () => {
  it('round-trips a catalog: export from one store, import into another', async () => {
    const p = await testPlatform();
    const a = await createTestStore(p.deps);
    const b = await createTestStore(p.deps);
    for (const s of [a, b]) {
      await withTenant(p.deps.db, s.tenant.id, (trx) =>
        createCategory(trx, s.tenant.id, { handle: 'tops', name: 'Tops' }),
      );
    }
    await createTestProduct(p.deps, a.tenant.id, {
      title: 'Shirt, "the best"',
      description: 'Line one\nLine two, with comma',
      category: 'tops',
      tags: ['cotton', 'summer sale'],
      images: [
        { url: 'https://cdn.example/1.jpg', alt: 'Front' },
        { url: 'https://cdn.example/2.jpg', alt: 'Back' },
      ],
      options: [
        { name: 'Size', values: ['S', 'M'] },
        { name: 'Color', values: ['Red'] },
      ],
      variants: [
        {
          sku: uniq('RT-'),
          title: 'S / Red',
          options: { Size: 'S', Color: 'Red' },
          price: 1999,
          compareAtPrice: 2500,
          cost: 800,
          stock: 4,
          lowStockThreshold: 1,
        },
        { sku: uniq('RT-'), title: 'M / Red', options: { Size: 'M', Color: 'Red' }, price: 2099, stock: 0 },
      ],
    });
    await createTestProduct(p.deps, a.tenant.id, { title: '=HYPERLINK("evil")', status: 'draft' });
    const exported = await request(p.app, 'GET', '/api/admin/products/export.csv', {
      host: a.host,
      token: a.owner.token,
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    const rows = parse(exported.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(rows[2]!.title).toBe(`'=HYPERLINK("evil")`);

    const imported = await importCsv(p, b.host, b.owner.token, exported.text);
    expect(imported.status).toBe(200);
    expect(imported.body.imported).toEqual({ products: 2, variants: 3 });
    // One catalog.imported event in the same transaction (the recommendations worker rebuilds after it).
    const events = await withTenant(p.deps.db, b.tenant.id, (trx) =>
      trx.selectFrom('outbox').select('payload').where('topic', '=', 'catalog.imported').execute(),
    );
    expect(events.map((e) => e.payload)).toEqual([{ created: 2, updated: 0 }]);

    const shape = async (s: typeof a) => {
      const list = await request(p.app, 'GET', '/api/admin/products?limit=100', {
        host: s.host,
        token: s.owner.token,
      });
      const out = [];
      for (const item of list.body.items) {
        const d = (
          await request(p.app, 'GET', `/api/admin/products/${item.id}`, {
            host: s.host,
            token: s.owner.token,
          })
        ).body;
        out.push({
          handle: d.handle,
          title: d.title,
          description: d.description,
          status: d.status,
          category: d.category?.handle ?? null,
          tags: d.tags,
          options: d.options,
          images: d.images.map((i: { url: string; alt: string }) => [i.url, i.alt]),
          variants: d.variants.map((v: Record<string, unknown>) => [
            v.sku,
            v.title,
            v.options,
            v.price,
            v.compareAtPrice,
            v.cost,
            v.stock,
            v.lowStockThreshold,
          ]),
        });
      }
      return out.sort((x, y) => x.handle.localeCompare(y.handle));
    };
    expect(await shape(b)).toEqual(await shape(a));
  });

  it('reports every bad row with its line number and imports nothing', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const existing = await createTestProduct(p.deps, s.tenant.id);
    const before = await catalogCounts(p.deps, s.tenant.id);
    const csv = [
      'handle,title,sku,price,stock,category,status',
      'good-one,Good,GOOD-1,100,1,,active', // line 2 ok
      'bad-price,Bad price,BP-1,19.99,1,,active', // line 3
      'neg,Negative,NEG-1,-5,1,,active', // line 4
      `dup,Dup,${existing.variants[0]!.sku},100,1,,active`, // line 5 SKU taken in store
      'twice,Twice,GOOD-1,100,1,,active', // line 6 duplicate of line 2
      'nocat,No cat,NC-1,100,1,ghosts,active', // line 7
      'badstatus,Bad status,BS-1,100,1,,published', // line 8
      ',,NOTITLE-1,100,1,,', // line 9 no title
      'huge,Huge,HG-1,100,99999999999,,active', // line 10
      `${existing.handle},Existing,EX-1,100,1,,active`, // line 11 handle exists
      'multi,"Two', // line 12: a quoted title spanning lines 12-13 …
      'lines",ML-1,1.5,1,,active', // … with a bad price: reported on line 12
    ].join('\n');
    const res = await importCsv(p, s.host, s.owner.token, csv);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const lines = new Set(res.body.error.issues.map((i: { path: string }) => Number(i.path.split('.')[1])));
    expect([...lines].sort((x, y) => (x as number) - (y as number))).toEqual([
      3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    const paths = res.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'line.3.price',
        'line.4.price',
        'line.5.sku',
        'line.6.sku',
        'line.7.category',
        'line.8.status',
        'line.9.title',
        'line.10.stock',
        'line.11.handle',
        'line.12.price',
      ]),
    );
    expect(await catalogCounts(p.deps, s.tenant.id)).toEqual(before);
  });

  it('refuses malformed CSV, unknown columns and other media types', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const before = await catalogCounts(p.deps, s.tenant.id);
    const cases: [string, string, number][] = [
      ['title,sku,price\n"unterminated,X,1\n', 'text/csv', 400],
      ['title,sku,price,weight\nA,B,1,2\n', 'text/csv', 400],
      ['title,price\nA,1\n', 'text/csv', 400],
      ['title,sku,price\n', 'text/csv', 400],
      ['title,sku,price\nA,B,1,extra\n', 'text/csv', 400],
      ['{"title":"x"}', 'application/json', 415],
    ];
    for (const [csv, type, status] of cases) {
      const res = await importCsv(p, s.host, s.owner.token, csv, type);
      expect(res.status, csv).toBe(status);
      expect(res.body.error.code).toBeTruthy();
    }
    expect(await catalogCounts(p.deps, s.tenant.id)).toEqual(before);
  });

  it('needs the admin role to import (staff may export)', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const staff = await addMember(p.deps, s.tenant.id, 'staff');
    const admin = await addMember(p.deps, s.tenant.id, 'admin');
    const csv = `title,sku,price\nMug,${uniq('M-')},500\n`;
    expect((await importCsv(p, s.host, staff.token, csv)).status).toBe(403);
    const ok = await importCsv(p, s.host, admin.token, csv);
    expect(ok.status).toBe(200);
    expect(ok.body.imported).toEqual({ products: 1, variants: 1 });
    const exp = await request(p.app, 'GET', '/api/admin/products/export.csv', {
      host: s.host,
      token: staff.token,
    });
    expect(exp.status).toBe(200);
    expect(exp.text).toContain('Mug');
  });
});
