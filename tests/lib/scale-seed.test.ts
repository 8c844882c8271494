/**
 * The scale seed (bench/scale-seed.ts, `npm run seed:scale`) on a database of
 * its own: the counts asked for, orders whose totals are their lines' sum,
 * lines only from the order's own store, the same catalogue and order lines
 * for the same arguments, and rows the app role reads only per tenant.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedScale } from '../../bench/scale-seed.js';
import { createDb, createPool } from '../../src/lib/db/index.js';
import { migrateToLatest } from '../../src/lib/db/migrate.js';
import { appDatabaseUrl } from '../../src/lib/db/roles.js';
import { ADMIN_URL } from '../support/global-setup.js';

const dbName = `storeloom_scale_${randomBytes(4).toString('hex')}`;
let url: string;
let client: pg.Client;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  url = u.toString();
  const owner = createDb(createPool({ connectionString: url, max: 1 }));
  await migrateToLatest(owner);
  await owner.destroy();
  client = new pg.Client({ connectionString: url });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
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
});
