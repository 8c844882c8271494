/**
 * `npm run bench -- scale-statements`: what ONE storefront request's
 * statement costs the database on each side of the scale bench, without
 * load — so a req/s or p99 gap can be told apart from a gap in work.
 *
 * Needs both databases seeded by `npm run seed:scale` (see bench/scale.ts):
 * BENCH_SCALE_DATABASE (large) and BENCH_SCALE_SMALL_DATABASE (10 stores).
 * For each side it takes BENCH_SCALE_STATEMENT_STORES (25) random stores of
 * the 100-product group (and the scale bench's variant choice), runs each
 * scenario's service once to capture its statement off pg's client exactly as
 * the app sends it, then EXPLAINs it (ANALYZE, BUFFERS, TIMING OFF) as the
 * app role inside the store's tenant transaction BENCH_SCALE_STATEMENT_REPEAT
 * (7) times; the two sides go store by store back to back (alternating which
 * goes first), so load that comes and goes falls on both alike. It prints
 * shared buffers per call (exact) and the fastest of the repeats' execution
 * times (the one least disturbed by other work; planning not included), the
 * median over the rounds. Add to cart runs in a transaction that is
 * ROLLED BACK: a cart inserted there, then the add twice (insert, then the
 * on-conflict update the scale bench's repeated adds hit). Nothing else
 * writes; the databases are not migrated.
 */
import pg from 'pg';
import { createDb, createPool, type Db, withTenant } from '../src/lib/db/index.js';
import { appDatabaseUrl } from '../src/lib/db/roles.js';
import { addToLine } from '../src/modules/cart/repository/add-line.js';
import { insertCart } from '../src/modules/cart/repository.js';
import { getStoreProduct, searchStoreProducts } from '../src/modules/catalog/store-service.js';
import { type Captured, captureStatements } from './statement-capture.js';
import { SCALE_SEARCH_TERMS } from './support.js';

const STORES = Number(process.env.BENCH_SCALE_STATEMENT_STORES ?? 25);
/** 10,000-product stores (the large database's second group) whose searches are measured too. */
const BIG_STORES = Number(process.env.BENCH_SCALE_STATEMENT_BIG_STORES ?? 3);
const REPEAT = Number(process.env.BENCH_SCALE_STATEMENT_REPEAT ?? 7);
/** The scale bench's terms, and a prefix ("lam" → lamp) that only this bench measures. */
const TERMS = [...SCALE_SEARCH_TERMS, 'lam'];

interface Cost {
  buffers: number;
  ms: number;
}
/** Per statement, one cost per store measured. */
type Costs = Map<string, Cost[]>;

/** The reads and writes (select/with statements) the app sends while `fn` runs. */
async function capture(fn: () => Promise<unknown>): Promise<Captured[]> {
  return (await captureStatements(fn)).filter((s) => /^\s*(select|with)\b/i.test(s.text));
}

interface Plan {
  Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number };
  'Execution Time': number;
}

async function explain(app: pg.Client, q: Captured, values = q.values): Promise<Cost> {
  const res = await app.query({
    text: `explain (analyze, buffers, timing off, format json) ${q.text}`,
    values,
  });
  const top = res.rows[0]['QUERY PLAN'][0] as Plan;
  return {
    buffers: top.Plan['Shared Hit Blocks'] + top.Plan['Shared Read Blocks'],
    ms: top['Execution Time'],
  };
}

const fastest = (xs: Cost[]): Cost => ({
  buffers: xs[xs.length - 1]!.buffers,
  ms: Math.min(...xs.map((x) => x.ms)),
});

/** A read statement REPEAT times in the store's tenant transaction (rolled back): the last buffers, the least ms. */
async function readCost(app: pg.Client, tenantId: string, q: Captured): Promise<Cost> {
  const runs: Cost[] = [];
  for (let i = 0; i < REPEAT; i++) {
    await app.query('begin');
    await app.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    runs.push(await explain(app, q));
    await app.query('rollback');
  }
  return fastest(runs);
}

/** The add-to-cart statement on a cart inserted in the same, rolled-back, transaction: first add, then second. */
async function addCost(app: pg.Client, tenantId: string, q: Captured, cartId: string): Promise<[Cost, Cost]> {
  const first: Cost[] = [];
  const second: Cost[] = [];
  for (let i = 0; i < REPEAT; i++) {
    await app.query('begin');
    await app.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    const cart = await app.query<{ id: string }>(
      `insert into carts (tenant_id, currency, updated_at) values ($1, 'USD', now()) returning id`,
      [tenantId],
    );
    const values = q.values.map((v) => (v === cartId ? cart.rows[0]!.id : v));
    first.push(await explain(app, q, values));
    second.push(await explain(app, q, values));
    await app.query('rollback');
  }
  return [fastest(first), fastest(second)];
}

class Rollback extends Error {}

/** The add statement as the app sends it, captured in a transaction that is rolled back. */
async function addStatement(
  db: Db,
  tenantId: string,
  variantId: string,
): Promise<{ q: Captured; cartId: string }> {
  let cartId = '';
  const seen = await capture(() =>
    withTenant(db, tenantId, async (trx) => {
      cartId = (await insertCart(trx, tenantId, null, 'USD')).id;
      await addToLine(trx, tenantId, cartId, null, variantId, 1, 99);
      throw new Rollback();
    }).catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    }),
  );
  return { q: seen.find((s) => s.text.includes('insert into cart_items'))!, cartId };
}

interface Store {
  id: string;
  variantId: string;
}

/** The stores the scale bench would pick (its query and seed), and the product handles of the first. */
async function pickStores(owner: pg.Client): Promise<{ stores: Store[]; handles: string[] }> {
  await owner.query('select setseed(0.42)');
  const { rows } = await owner.query<{ id: string; variant_id: string }>(
    `select t.id, v.id as variant_id
       from (select id from tenants where handle like 'scale-0-%' order by random() limit $1) t
       cross join lateral (select id from variants where tenant_id = t.id and stock > 0 order by sku limit 1) v`,
    [STORES],
  );
  const h = await owner.query<{ handle: string }>(
    'select handle from products where tenant_id = $1 and in_stock order by handle',
    [rows[0]!.id],
  );
  return {
    stores: rows.map((r) => ({ id: r.id, variantId: r.variant_id })),
    handles: h.rows.map((r) => r.handle),
  };
}

const push = (costs: Costs, key: string, c: Cost) => costs.set(key, [...(costs.get(key) ?? []), c]);

interface Side {
  owner: pg.Client;
  app: pg.Client;
  db: Db;
  stores: Store[];
  handles: string[];
  costs: Costs;
}

async function openSide(url: string): Promise<Side> {
  const owner = new pg.Client({ connectionString: url });
  await owner.connect();
  const app = new pg.Client({ connectionString: appDatabaseUrl(url) });
  await app.connect();
  const db = createDb(createPool({ connectionString: appDatabaseUrl(url), max: 1 }));
  return { owner, app, db, ...(await pickStores(owner)), costs: new Map() };
}

async function closeSide(side: Side): Promise<void> {
  await side.app.end();
  await side.db.destroy();
  await side.owner.end();
}

/** Every scenario's statement cost for the side's i-th picked store (wrapping round a side with fewer). */
async function measureStore(side: Side, i: number): Promise<void> {
  const { app, db, costs, handles } = side;
  const s = side.stores[i % side.stores.length]!;
  const store = { id: s.id, currency: 'USD' };
  const read = async (key: string, fn: () => Promise<unknown>) => {
    const q = (await capture(fn)).find((x) => /\bproducts\b/.test(x.text))!;
    push(costs, key, await readCost(app, s.id, q));
  };
  const query = { limit: 24, facets: false, inStock: false };
  await read('product list', () => searchStoreProducts(db, store, query));
  for (const q of TERMS) await read(`search: ${q}`, () => searchStoreProducts(db, store, { ...query, q }));
  await read('product', () => getStoreProduct(db, store, handles[i % handles.length]!));
  const add = await addStatement(db, s.id, s.variantId);
  const [first, second] = await addCost(app, s.id, add.q, add.cartId);
  push(costs, 'add to cart (new line)', first);
  push(costs, 'add to cart (line +1)', second);
}

/** The large database's biggest stores (the seed's second group, 10,000 products each), BIG_STORES of them. */
async function pickBigStores(owner: pg.Client): Promise<string[]> {
  const { rows } = await owner.query<{ id: string }>(
    `select id from tenants where handle like 'scale-1-%' order by handle limit $1`,
    [BIG_STORES],
  );
  return rows.map((r) => r.id);
}

/** The search statements (and the product list's) of one big store, with facets as the storefront page asks. */
async function measureBigStore(side: Side, tenantId: string, costs: Costs): Promise<void> {
  const store = { id: tenantId, currency: 'USD' };
  const read = async (key: string, fn: () => Promise<unknown>) => {
    const q = (await capture(fn)).find((x) => /\bproducts\b/.test(x.text))!;
    push(costs, key, await readCost(side.app, tenantId, q));
  };
  const query = { limit: 24, facets: false, inStock: false };
  await read('product list', () => searchStoreProducts(side.db, store, query));
  for (const q of TERMS)
    await read(`search: ${q}`, () => searchStoreProducts(side.db, store, { ...query, q }));
  await read('search: lamp +facets', () =>
    searchStoreProducts(side.db, store, { ...query, q: 'lamp', facets: true }),
  );
}

/** Per statement of the big stores: buffers per call (mean) and the fastest execution (median over stores). */
function bigTable(costs: Costs): string {
  const lines = [`${'statement'.padEnd(24)} ${'buffers'.padStart(9)} ${'ms'.padStart(9)}`];
  for (const [key, c] of costs)
    lines.push(
      `${key.padEnd(24)} ${mean(c.map((x) => x.buffers))
        .toFixed(1)
        .padStart(9)} ${median(c.map((x) => x.ms))
        .toFixed(3)
        .padStart(9)}`,
    );
  return lines.join('\n');
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Per scenario: buffers per call (mean) and the fastest execution (median over stores) on each side, and large ÷ small. */
function table(large: Costs, small: Costs): string {
  const lines = [
    `${'statement'.padEnd(24)} ${'buffers large'.padStart(13)} ${'small'.padStart(7)} ${'ratio'.padStart(6)}   ${'ms large'.padStart(8)} ${'small'.padStart(7)} ${'ratio'.padStart(6)}`,
  ];
  for (const [key, l] of large) {
    const s = small.get(key) ?? [];
    if (!s.length) continue;
    const [bl, bs] = [mean(l.map((c) => c.buffers)), mean(s.map((c) => c.buffers))];
    const [ml, ms] = [median(l.map((c) => c.ms)), median(s.map((c) => c.ms))];
    lines.push(
      `${key.padEnd(24)} ${bl.toFixed(1).padStart(13)} ${bs.toFixed(1).padStart(7)} ${(bl / bs).toFixed(2).padStart(6)}   ${ml.toFixed(3).padStart(8)} ${ms.toFixed(3).padStart(7)} ${(ml / ms).toFixed(2).padStart(6)}`,
    );
  }
  return lines.join('\n');
}

export async function runScaleStatementsBench(): Promise<void> {
  const large = process.env.BENCH_SCALE_DATABASE;
  const small = process.env.BENCH_SCALE_SMALL_DATABASE;
  if (!large || !small) {
    process.stdout.write(
      'scale-statements: skipped (set BENCH_SCALE_DATABASE and BENCH_SCALE_SMALL_DATABASE)\n',
    );
    return;
  }
  const [l, s] = [await openSide(large), await openSide(small)];
  const n = Math.max(l.stores.length, s.stores.length);
  const big: Costs = new Map();
  let bigStores: string[] = [];
  try {
    // Store by store, the two sides back to back (alternating which goes first),
    // so load that comes and goes falls on both alike.
    for (let i = 0; i < n; i++) {
      for (const side of i % 2 ? [s, l] : [l, s]) await measureStore(side, i);
    }
    bigStores = await pickBigStores(l.owner);
    for (const id of bigStores) await measureBigStore(l, id, big);
  } finally {
    await closeSide(l);
    await closeSide(s);
  }
  process.stdout.write(
    `scale-statements: ${l.stores.length} stores (large) and ${s.stores.length} (small), ${n} rounds, fastest of ${REPEAT} executions (ms, median over rounds), buffers per call (mean)\n` +
      `${table(l.costs, s.costs)}\n` +
      (bigStores.length
        ? `\n${bigStores.length} stores of 10,000 products (large database), same measure:\n${bigTable(big)}\n`
        : ''),
  );
}
