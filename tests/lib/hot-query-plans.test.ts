/**
 * The storefront's hot queries on a database of many stores (seeded with
 * bench/scale-seed.ts): every statement the product list, search, product
 * page and add-to-cart run is captured off the real driver (pg's client, as
 * the app sends it), then EXPLAINed as the app role inside that store's
 * tenant transaction (sequential scans discouraged, as a database of 10,000
 * stores makes them): no tenant table may still need one, and every index
 * read of one must be bounded by tenant_id — so a later query cannot slide
 * back to reading all stores' rows as the platform grows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedScale } from '../../bench/scale-seed.js';
import { type Captured, captureStatements } from '../../bench/statement-capture.js';
import { createDb, createPool } from '../../src/lib/db/index.js';
import { migrateToLatest } from '../../src/lib/db/migrate.js';
import { appDatabaseUrl } from '../../src/lib/db/roles.js';
import { ADMIN_URL } from '../support/global-setup.js';
import { request, storeHost, type TestPlatform, testPlatform } from '../support/platform.js';

const dbName = `storeloom_plans_${randomBytes(4).toString('hex')}`;
const u = new URL(ADMIN_URL);
u.pathname = `/${dbName}`;
const url = u.toString();
let p: TestPlatform;
let owner: pg.Client;

const captured: Captured[] = [];

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const db = createDb(createPool({ connectionString: url, max: 1 }));
  await migrateToLatest(db);
  await db.destroy();
  owner = new pg.Client({ connectionString: url });
  await owner.connect();
  await seedScale(owner, {
    prefix: 'plan',
    groups: [
      { stores: 300, products: 20 },
      { stores: 2, products: 300 },
    ],
    orders: 5_000,
  });
  p = await testPlatform({ env: { DATABASE_URL: url } });
}, 300_000);

afterAll(async () => {
  await owner?.end();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

/** Records what the app's pg clients send while `fn` runs (observing the real driver, not replacing it). */
async function capture(fn: () => Promise<void>): Promise<Captured[]> {
  const seen = await captureStatements(fn);
  captured.push(...seen);
  return seen;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

const TENANT_TABLES = new Set([
  'products',
  'variants',
  'categories',
  'carts',
  'cart_items',
  'orders',
  'order_lines',
  'inventory_adjustments',
  'shipping_rates',
  'product_search_keys',
]);

function walk(node: PlanNode, out: PlanNode[] = []): PlanNode[] {
  out.push(node);
  for (const child of node.Plans ?? []) walk(child, out);
  return out;
}

/**
 * A tenant table's read is bounded when its index condition names the store
 * itself (the tenant id as a constant: what lets Citus route the statement
 * to one shard) or joins on tenant_id to a row that does (a co-located join).
 */
function problemsOf(plan: PlanNode, tenantId: string): string[] {
  const problems: string[] = [];
  for (const n of walk(plan)) {
    const rel = n['Relation Name'];
    // Scans only: a ModifyTable (insert/update) writes the rows its own scans found.
    if (!rel || !TENANT_TABLES.has(rel) || !n['Node Type'].includes('Scan')) continue;
    const cond = n['Index Cond'] ?? n['Recheck Cond'] ?? '';
    const bounded = cond.includes(`tenant_id = '${tenantId}'`) || /tenant_id = \w+\.tenant_id/.test(cond);
    if (n['Node Type'] === 'Seq Scan') problems.push(`${rel}: Seq Scan`);
    else if (!bounded)
      problems.push(`${rel}: ${n['Node Type']} not bounded by this store (${cond || 'no cond'})`);
  }
  return problems;
}

/** Problems of one statement's plan: sequential scans of tenant tables, index reads not bounded by tenant_id. */
async function planProblems(tenantId: string, q: Captured): Promise<string[]> {
  const app = new pg.Client({ connectionString: appDatabaseUrl(url) });
  await app.connect();
  try {
    await app.query('begin');
    await app.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    // A seeded test database is small enough that scanning it all is cheap, so
    // the planner is told to avoid sequential scans: what remains is the index
    // the query can use, and it must be bounded by tenant_id (at 10,000
    // stores the planner picks it of its own accord: see npm run bench -- scale).
    await app.query('set local enable_seqscan = off');
    const res = await app.query({ text: `explain (format json) ${q.text}`, values: q.values });
    await app.query('rollback');
    const plan = res.rows[0]['QUERY PLAN'][0].Plan as PlanNode;
    return problemsOf(plan, tenantId).map((x) => `${x} in: ${q.text.replace(/\s+/g, ' ').slice(0, 160)}`);
  } finally {
    await app.end();
  }
}

const isExplainable = (text: string) =>
  /^\s*(select|with|insert|update|delete)\b/i.test(text) && !text.includes(';');

describe('hot storefront queries on a database of many stores', () => {
  it('the checker flags a read of all stores (owner, no RLS, no tenant condition)', async () => {
    await owner.query('begin');
    await owner.query('set local enable_seqscan = off');
    const res = await owner.query(
      "explain (format json) select id from products where title = 'Linen Shirt 1'",
    );
    await owner.query('rollback');
    expect(problemsOf(res.rows[0]['QUERY PLAN'][0].Plan, '00000000-0000-4000-8000-000000000000')).toEqual([
      'products: Seq Scan',
    ]);
  });

  it('read tenant tables only through tenant_id-bounded indexes', async () => {
    const stores = await owner.query<{ id: string; handle: string }>(
      "select id, handle from tenants where handle in ('plan-0-217', 'plan-1-2') order by handle",
    );
    const problems: string[] = [];
    let statements = 0;
    for (const store of stores.rows) {
      const host = storeHost(store.handle);
      const product = await owner.query<{ handle: string; variant: string }>(
        `select p.handle, v.id as variant from products p join variants v on v.tenant_id = p.tenant_id and v.product_id = p.id
          where p.tenant_id = $1 and v.stock > 0 order by p.handle limit 1`,
        [store.id],
      );
      const { handle, variant } = product.rows[0]!;
      const seen = await capture(async () => {
        expect((await request(p.app, 'GET', '/api/store/products?limit=24', { host })).status).toBe(200);
        expect((await request(p.app, 'GET', '/api/store/products?q=linen', { host })).status).toBe(200);
        expect((await request(p.app, 'GET', `/api/store/products/${handle}`, { host })).status).toBe(200);
        const cart = await request(p.app, 'POST', '/api/store/carts', { host, body: {} });
        expect(cart.status).toBe(201);
        const add = await request(p.app, 'POST', `/api/store/carts/${cart.body.id}/items`, {
          host,
          body: { variantId: variant, quantity: 1 },
        });
        expect(add.status).toBe(200);
      });
      for (const q of seen.filter((s) => isExplainable(s.text))) {
        statements++;
        problems.push(...(await planProblems(store.id, q)));
      }
    }
    expect(statements).toBeGreaterThanOrEqual(8);
    expect(problems).toEqual([]);
  });
});
