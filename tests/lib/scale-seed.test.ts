/**
 * The scale seed (bench/scale-seed.ts, `npm run seed:scale`) on a database of
 * its own: the counts asked for, orders whose totals are their lines' sum,
 * lines only from the order's own store, the same catalogue and order lines
 * for the same arguments, and rows the app role reads only per tenant; and,
 * since it loads with triggers and keys off: the rows hold what the triggers
 * would have computed, every key and index is back and validated, and two
 * databases seeded with the same arguments (one over two connections, one
 * over one) are identical table by table, ids included.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedScale } from '../../bench/scale-seed.js';
import { createDb, createPool } from '../../src/lib/db/index.js';
import { migrateToLatest } from '../../src/lib/db/migrate.js';
import { appDatabaseUrl } from '../../src/lib/db/roles.js';
import { ADMIN_URL } from '../support/global-setup.js';

const dbNames: string[] = [];
let url: string;
let client: pg.Client;
const opened: pg.Client[] = [];

/** A fresh migrated database; returns its URL. */
async function freshDatabase(): Promise<string> {
  const name = `storeloom_scale_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  dbNames.push(name);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const owner = createDb(createPool({ connectionString: u.toString(), max: 1 }));
  await migrateToLatest(owner);
  await owner.destroy();
  return u.toString();
}

async function connect(to: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: to });
  await c.connect();
  opened.push(c);
  return c;
}

beforeAll(async () => {
  url = await freshDatabase();
  client = await connect(url);
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.map((c) => c.end()));
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  for (const name of dbNames) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const one = async (text: string, params: unknown[] = []) =>
  Number((await client.query(text, params)).rows[0].n);

describe('seed:scale', () => {
  it('seeds the stores, catalogues and paid orders asked for, consistently', async () => {
    const groups = [
      { stores: 30, products: 20 },
      { stores: 1, products: 200 },
    ];
    const r = await seedScale(client, { prefix: 'a', groups, orders: 500 });
    expect(r.stores).toBe(31);
    expect(r.products).toBe(800);
    expect(await one("select count(*) as n from tenants where handle like 'a-%'")).toBe(31);
    expect(await one('select count(*) as n from products')).toBe(800);
    expect(await one('select count(*) as n from variants')).toBe(2400);
    // Orders are spread by catalogue size: the big store has 200/800 of them.
    expect(r.orders).toBeGreaterThanOrEqual(490);
    expect(r.orders).toBeLessThanOrEqual(530);
    expect(
      await one(
        "select count(*) as n from orders o join tenants t on t.id = o.tenant_id where t.handle = 'a-1-1'",
      ),
    ).toBe(125);
    expect(await one("select count(*) as n from orders where status <> 'paid' or total <= 0")).toBe(0);
    expect(
      await one(`select count(*) as n from orders o
                  where o.total <> (select sum(total) from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id)`),
    ).toBe(0);
    // The storefront search keys (0530), as the products' insert trigger writes them.
    const keys = `select p.tenant_id, k, p.id from products p, unnest(storeloom_product_search_keys(p.search, p.title_trgm)) k`;
    expect(await one('select count(*) as n from product_search_keys')).toBeGreaterThan(0);
    expect(
      await one(`select count(*) as n from ((${keys} except all select tenant_id, key, product_id from product_search_keys)
                 union all (select tenant_id, key, product_id from product_search_keys except all ${keys})) d`),
    ).toBe(0);
    expect(
      await one(`select count(*) as n from order_lines l join variants v on v.id = l.variant_id
                  where v.tenant_id <> l.tenant_id`),
    ).toBe(0);
    expect(
      await one(`select count(*) as n from order_counters c
                  where c.next_number <= (select coalesce(max(number), 1000) from orders o where o.tenant_id = c.tenant_id)`),
    ).toBe(0);
  });

  it('gives the same catalogue and order lines for the same arguments', async () => {
    await seedScale(client, { prefix: 'b', groups: [{ stores: 2, products: 20 }], orders: 40 });
    await seedScale(client, { prefix: 'c', groups: [{ stores: 2, products: 20 }], orders: 40 });
    const lines = async (handle: string) =>
      (
        await client.query(
          `select o.number, l.sku, l.quantity, l.total from orders o
             join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
             join tenants t on t.id = o.tenant_id where t.handle = $1 order by 1, 2`,
          [handle],
        )
      ).rows;
    const b = await lines('b-0-2');
    expect(b.length).toBeGreaterThan(20);
    expect(await lines('c-0-2')).toEqual(b);
  });

  it("lays a store's products out together with layout 'store', interleaved by default", async () => {
    // Pages holding the store's products, over 40 products of about 180 bytes (~40 per page).
    const pages = (handle: string) =>
      one(
        `select count(distinct (p.ctid::text::point)[0]) as n
           from products p join tenants t on t.id = p.tenant_id where t.handle = $1`,
        [handle],
      );
    await seedScale(client, { prefix: 'f', groups: [{ stores: 40, products: 40 }], orders: 0 });
    await seedScale(client, {
      prefix: 'g',
      groups: [{ stores: 40, products: 40 }],
      orders: 0,
      layout: 'store',
    });
    expect(await pages('f-0-20')).toBeGreaterThan(20);
    expect(await pages('g-0-20')).toBeLessThanOrEqual(3);
  });

  it('the app role reads one store at a time', async () => {
    const app = new pg.Client({ connectionString: appDatabaseUrl(url) });
    await app.connect();
    try {
      const { rows } = await client.query("select id from tenants where handle = 'a-0-7'");
      await app.query('begin');
      await app.query(`select set_config('app.tenant_id', $1, true)`, [rows[0].id]);
      const seen = await app.query('select distinct tenant_id from orders');
      await app.query('commit');
      expect(seen.rows.map((x) => x.tenant_id)).toEqual([rows[0].id]);
    } finally {
      await app.end();
    }
  });

  it('writes what the triggers would have and restores every key and index, validated', async () => {
    await seedScale(client, { prefix: 'e', groups: [{ stores: 3, products: 40 }], orders: 60, stock: 9 });
    // The card columns and search category of every product, as the catalogue computes them.
    await client.query('begin');
    await client.query(
      'select storeloom_refresh_products(array_agg(tenant_id), array_agg(id)) from products',
    );
    const refreshed = await one(
      "select n_tup_upd as n from pg_stat_xact_user_tables where relname = 'products'",
    );
    await client.query('rollback');
    expect(refreshed).toBe(0);
    expect(
      await one('select count(*) as n from products where card_compare_at_price is not null'),
    ).toBeGreaterThan(0);
    expect(
      await one(`select count(*) as n from products p
                  where search_category <> coalesce((select name from categories c
                                                      where c.tenant_id = p.tenant_id and c.id = p.category_id), '')`),
    ).toBe(0);
    expect(
      await one(`select count(*) as n from order_lines l join variants v on v.tenant_id = l.tenant_id and v.id = l.variant_id
                  where (v.sku, v.price, v.product_id, v.cost) is distinct from (l.sku, l.unit_price, l.product_id, l.cost)`),
    ).toBe(0);
    expect(
      await one(`select count(*) as n from variants v left join inventory_adjustments a
                   on a.tenant_id = v.tenant_id and a.variant_id = v.id and a.reason = 'initial'
                  where (v.stock > 0) <> (a.id is not null) or a.stock_after <> v.stock`),
    ).toBe(0);
    // Same keys and indexes as a database that was only migrated, all of them valid.
    const schema = async (c: pg.Client) =>
      (
        await c.query(
          `select conrelid::regclass::text as t, conname, convalidated, pg_get_constraintdef(oid) as def
             from pg_constraint where contype in ('p', 'u', 'f') and connamespace = 'public'::regnamespace
           union all
           select tablename, indexname, true, indexdef from pg_indexes where schemaname = 'public'
           order by 1, 2, 4`,
        )
      ).rows;
    const migrated = await connect(await freshDatabase());
    const seeded = await schema(client);
    expect(seeded.filter((r) => !r.convalidated)).toEqual([]);
    expect(seeded).toEqual(await schema(migrated));
    // New ledger rows (the app's) number after the seeded ones.
    const next = await one("select nextval(pg_get_serial_sequence('inventory_adjustments', 'id')) as n");
    expect(next).toBeGreaterThan(await one('select max(id) as n from inventory_adjustments'));
  }, 120_000);

  it('seeds identical databases for the same arguments, over two connections or one', async () => {
    const asOf = new Date('2026-11-01T12:00:00Z');
    const args = {
      prefix: 'd',
      groups: [
        { stores: 7, products: 30 },
        { stores: 2, products: 150 },
      ],
      orders: 300,
      stock: 50,
      asOf,
    };
    const single = await connect(await freshDatabase());
    const pairUrl = await freshDatabase();
    const pair = [await connect(pairUrl), await connect(pairUrl)];
    await seedScale(single, args);
    await seedScale(pair[0]!, { ...args, extraClients: [pair[1]!] });
    const digest = async (c: pg.Client, table: string) =>
      (
        await c.query(
          `select count(*)::int as rows, md5(string_agg(t::text, '|' order by t::text)) as md5 from ${table} t`,
        )
      ).rows[0];
    for (const table of [
      'tenants',
      'categories',
      'shipping_rates',
      'order_counters',
      'products',
      'variants',
      'inventory_adjustments',
      'orders',
      'order_lines',
    ]) {
      const a = await digest(single, table);
      expect(a.rows, table).toBeGreaterThan(0);
      expect(await digest(pair[0]!, table), table).toEqual(a);
    }
  }, 120_000);
});
