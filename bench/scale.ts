/**
 * `npm run bench -- scale`: does Storeloom slow down as stores are added?
 *
 * Two databases — a small one (10 stores × 100 products, 1,000 orders) and a
 * large one (BENCH_SCALE_STORES, default 10,000 stores × 100 products, plus
 * BENCH_SCALE_BIG 10 stores × 10,000 products and BENCH_SCALE_ORDERS
 * 1,000,000 orders) — each behind the real API, read cache off (1,000 stores ×
 * 100 products are more keys than it holds while 10 stores' fit: with it the
 * table would compare hit rates, not the database; BENCH_SCALE_CACHE=1 turns
 * it on). Load: product list, search, product detail and add-to-cart at
 * BENCH_CONNECTIONS (50), every request on a store drawn at random from up to
 * 1,000 of the 100-product stores (each round gets fresh carts).
 *
 * Built for a noisy 2-core machine. Each scenario is measured on both sides
 * back to back in short runs (BENCH_SCALE_SECONDS, 4 s, after a 1 s warm-up),
 * in BENCH_SCALE_ROUNDS (8) rounds whose order alternates — round 1: 10, large;
 * round 2: large, 10; … (ABBA) — so load that comes and goes falls on both
 * sides of a pair alike and neither side always goes first. One unmeasured
 * round warms both databases first, after each side has read its load's hot
 * set once (bench/scale-warm.ts); the hit ratio over the measured rounds is
 * printed under the table.
 *
 * How to read it:
 *  - each "round" line is one pair: both sides' req/s and p99, their ratios
 *    (large ÷ 10: req/s ≥ 0.90 and p99 ≤ 1.10 is "within 10%"), which went
 *    first, and the 1-minute load average after the pair;
 *  - the table gives per scenario the MEDIAN of the per-round ratios — the
 *    figure to quote — with the middle half of the ratios [IQR] and their
 *    extremes (min–max). A narrow IQR around the median means the pairs
 *    agree; a wide one means the machine's load moved within pairs, and
 *    then the median is only as good as the number of rounds (add rounds);
 *  - "swing" is each side's own req/s max ÷ min − 1 over the rounds: how
 *    much the machine moved. With swings of 100%+ (a loaded machine) read the
 *    ratios as noise; take the table on a quiet machine (load < 1 before);
 *  - the load averages before and after say how quiet the run was;
 *  - "pooled" reads every answer of every round as one distribution per side: its p99 counts a round in
 *    which one side met a stall in full, where the median of ratios passes over it (bench/scale-table.ts).
 *
 * Databases: by default both are seeded here into scratch databases on
 * BENCH_PG_URL (slow: the large seed takes minutes) and dropped after.
 * BENCH_SCALE_DATABASE=<url> (the large side) and
 * BENCH_SCALE_SMALL_DATABASE=<url> (the 10-store side) use databases seeded
 * by `npm run seed:scale` instead, migrated to the latest first (unless
 * BENCH_SCALE_MIGRATE=0: as they are) and kept:
 *   npm run seed:scale -- --database <large> --stores 10000 --products 100 \
 *     --big-stores 10 --big-products 10000 --orders 1000000 --stock 1000000
 *   npm run seed:scale -- --database <small> --stores 10 --products 100 \
 *     --orders 1000 --stock 1000000
 * (prefix `scale`; --stock so add-to-cart never runs a variant out).
 * BENCH_SCALE_STORES=1000 BENCH_SCALE_ORDERS=100000 gives a quick look;
 * BENCH_SCALE_ROUNDS=0 skips the timed rounds (the cost pass alone);
 * BENCH_SCALE_SAMPLE (1,000) is how many stores the load spreads over.
 *
 * Then, load-independent, what each request costs the database on each side
 * (bench/scale-cost.ts: statements, transactions, buffers and Host lookups
 * per request from pg_stat_statements, and CPU ms per request of the API
 * process and of the database's backends from /proc, BENCH_SCALE_COST_REQUESTS
 * 2,000 per scenario, 0 skips; needs the extension in shared_preload_libraries) — when
 * the ratios say the large side is slower, this says whether it does more
 * work per request or only met more load. And the RLS overhead on the large
 * database (bench/scale-rls.ts, target ≤ 1.10 as bench/rls.ts on 10;
 * BENCH_SCALE_RLS_RUNS=0 skips it).
 */
import pg from 'pg';
import { createDb, createPool } from '../src/lib/db/index.js';
import { migrateToLatest } from '../src/lib/db/migrate.js';
import {
  type AcRequest,
  type ApiProcess,
  type Figures,
  measure,
  scratchDatabase,
  startApi,
} from './harness.js';
import { costPerRequest } from './scale-cost.js';
import { rlsOverhead } from './scale-rls.js';
import { type StoreGroup, seedScale } from './scale-seed.js';
import {
  hugePagesLine,
  loadAverage,
  type Pair,
  type Pooled,
  pairLine,
  pooledSummary,
  summary,
} from './scale-table.js';
import { bufferStats, hitRatio, warmHotSet } from './scale-warm.js';
import { SCALE_SEARCH_TERMS } from './support.js';

const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const STORES = Number(process.env.BENCH_SCALE_STORES ?? 10_000);
const BIG = Number(process.env.BENCH_SCALE_BIG ?? 10);
const ORDERS = Number(process.env.BENCH_SCALE_ORDERS ?? 1_000_000);
/**
 * How many stores the load is spread over (up to; 1,000 as the issue asks). BENCH_SCALE_SAMPLE=10 on the
 * large database is the control: the same tenant count with the small side's active-store count.
 */
const SAMPLE = Number(process.env.BENCH_SCALE_SAMPLE ?? 1_000);
const EXISTING = process.env.BENCH_SCALE_DATABASE;
const EXISTING_SMALL = process.env.BENCH_SCALE_SMALL_DATABASE;
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 8);
const CACHE = process.env.BENCH_SCALE_CACHE === '1';
const RLS_RUNS = Number(process.env.BENCH_SCALE_RLS_RUNS ?? 4_000);
const COST_REQUESTS = Number(process.env.BENCH_SCALE_COST_REQUESTS ?? 2_000);
const TERMS = SCALE_SEARCH_TERMS;
/** 0: existing databases are used as they are (another branch migrated them past this one's files). */
const MIGRATE = process.env.BENCH_SCALE_MIGRATE !== '0';

interface Target {
  tenantId: string;
  handle: string;
  cartId: string;
  variantId: string;
}
interface Targets {
  stores: Target[];
  handles: string[];
}

type Scenario = 'product list' | 'search' | 'product' | 'add to cart';
const SCENARIOS: Scenario[] = ['product list', 'search', 'product', 'add to cart'];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** Up to SAMPLE stores of the 100-product group, each with an in-stock variant (carts: freshCarts). */
async function targets(client: pg.Client): Promise<Targets> {
  await client.query('select setseed(0.42)');
  const { rows } = await client.query<{ id: string; handle: string; variant_id: string }>(
    `select t.id, t.handle, v.id as variant_id
       from (select id, handle from tenants where handle like 'scale-0-%' order by random() limit $1) t
       cross join lateral (select id from variants where tenant_id = t.id and stock > 0 order by sku limit 1) v`,
    [SAMPLE],
  );
  const h = await client.query<{ handle: string }>(
    'select handle from products where tenant_id = $1 and in_stock order by handle',
    [rows[0]!.id],
  );
  const stores = rows.map((r) => ({ tenantId: r.id, handle: r.handle, variantId: r.variant_id, cartId: '' }));
  return { stores, handles: h.rows.map((r) => r.handle) };
}

/** A new empty cart per store (one statement): a line never reaches its quantity cap across rounds. */
async function freshCarts(client: pg.Client, t: Targets): Promise<void> {
  const { rows } = await client.query<{ id: string; tenant_id: string }>(
    `insert into carts (tenant_id, currency, updated_at)
     select unnest($1::uuid[]), 'USD', now() returning id, tenant_id`,
    [t.stores.map((s) => s.tenantId)],
  );
  const byTenant = new Map(rows.map((r) => [r.tenant_id, r.id]));
  for (const s of t.stores) s.cartId = byTenant.get(s.tenantId)!;
}

function requestFor(scenario: Scenario, port: number, t: Targets) {
  return (req: AcRequest): AcRequest => {
    const s = pick(t.stores);
    const headers = { ...req.headers, host: `${s.handle}.localhost:${port}` };
    switch (scenario) {
      case 'product list':
        return { ...req, method: 'GET', path: '/api/store/products', headers };
      case 'search':
        return {
          ...req,
          method: 'GET',
          path: `/api/store/products?q=${encodeURIComponent(pick(TERMS))}`,
          headers,
        };
      case 'product':
        return { ...req, method: 'GET', path: `/api/store/products/${pick(t.handles)}`, headers };
      case 'add to cart':
        return {
          ...req,
          method: 'POST',
          path: `/api/store/carts/${s.cartId}/items`,
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ variantId: s.variantId, quantity: 1 }),
        };
    }
  };
}

interface Side {
  label: string;
  url: string;
  client: pg.Client;
  api: ApiProcess;
  targets: Targets;
  drop: () => Promise<void>;
}

/** What an existing database holds (and that its stock will last), after migrating it to the latest. */
async function describeExisting(label: string, url: string, client: pg.Client): Promise<void> {
  if (MIGRATE) {
    const owner = createDb(createPool({ connectionString: url, max: 1 }));
    await migrateToLatest(owner);
    await owner.destroy();
  }
  const n = await client.query<{ stores: string; products: string; orders: string; stock: number | null }>(
    `select (select count(*) from tenants where handle like 'scale-%') as stores,
            (select count(*) from products) as products, (select count(*) from orders) as orders,
            (select min(v.stock) from variants v join tenants t on t.id = v.tenant_id
              where t.handle = 'scale-0-1' and v.stock > 0) as stock`,
  );
  const r = n.rows[0]!;
  process.stdout.write(
    `${label}: existing ${url.replace(/\/\/[^@]*@/, '//')}: ${r.stores} stores, ${r.products} products, ${r.orders} orders, stock ${r.stock}\n`,
  );
  if (Number(r.stores) === 0)
    throw new Error(`${url} has no 'scale-' stores: seed it with npm run seed:scale`);
  if ((r.stock ?? 0) < 100_000)
    process.stdout.write('  (low stock: reseed with --stock 1000000 or add-to-cart may answer 409)\n');
}

/** A seeded database (an existing one if `existing`, kept; else a scratch one, seeded here) with its API running. */
async function prepare(
  label: string,
  groups: StoreGroup[],
  orders: number,
  existing?: string,
): Promise<Side> {
  const db = existing ? { url: existing, drop: async () => {} } : await scratchDatabase('storeloom_scale');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    if (existing) await describeExisting(label, db.url, client);
    else {
      const seeded = await seedScale(client, { prefix: 'scale', groups, orders, stock: 1_000_000 });
      process.stdout.write(
        `${label}: seeded ${seeded.stores} stores, ${seeded.products} products, ${seeded.orders} orders in ${seeded.seconds.toFixed(0)} s\n`,
      );
    }
    const t = await targets(client);
    const api = await startApi(db.url, { STORE_READ_CACHE: CACHE ? '1' : '0' });
    return { label, url: db.url, client, api, targets: t, drop: db.drop };
  } catch (err) {
    await client.end();
    await db.drop();
    throw err;
  }
}

function run(side: Side, scenario: Scenario, seconds: number, latencies?: number[]): Promise<Figures> {
  return measure(
    {
      url: side.api.url,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [{ setupRequest: requestFor(scenario, side.api.port, side.targets) }],
    },
    WARMUP,
    latencies,
  );
}

/**
 * Every scenario on both sides, each pair back to back; odd rounds 10 first, even rounds large first.
 * `pooled` gets every measured response time per scenario and side (all rounds in one distribution).
 */
async function rounds(small: Side, large: Side, pooled: Map<string, Pooled>): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (const s of SCENARIOS) pooled.set(s, { small: [], large: [] });
  for (let round = 1; round <= ROUNDS; round++) {
    await Promise.all([freshCarts(small.client, small.targets), freshCarts(large.client, large.targets)]);
    const first = round % 2 === 1 ? 'small' : 'large';
    for (const scenario of SCENARIOS) {
      const into = pooled.get(scenario)!;
      const a = first === 'small' ? await run(small, scenario, SECONDS, into.small) : undefined;
      const b = await run(large, scenario, SECONDS, into.large);
      const c = a ?? (await run(small, scenario, SECONDS, into.small));
      const load = Number(loadAverage().split(' ')[0]);
      const pair: Pair = { round, scenario, first, small: c, large: b, load };
      pairs.push(pair);
      process.stdout.write(pairLine(pair, large.label));
    }
  }
  return pairs;
}

export async function runScaleBench(): Promise<void> {
  const sides: Side[] = [];
  try {
    sides.push(
      await prepare('10 stores', [{ stores: 10, products: 100 }], Math.round(ORDERS / 1_000), EXISTING_SMALL),
    );
    const groups = [
      { stores: STORES, products: 100 },
      { stores: BIG, products: 10_000 },
    ];
    sides.push(await prepare(`${STORES} stores`, groups, ORDERS, EXISTING));
    const [small, large] = sides as [Side, Side];
    const sb = await large.client.query<{ shared_buffers: string }>('show shared_buffers');
    const hp = await large.client.query<{ huge_pages: string }>('show huge_pages');
    const hpNeeded = await large.client.query<{ shared_memory_size_in_huge_pages: string }>(
      'show shared_memory_size_in_huge_pages',
    );
    process.stdout.write(
      `huge_pages ${hp.rows[0]!.huge_pages} (the server's shared memory needs ` +
        `${hpNeeded.rows[0]!.shared_memory_size_in_huge_pages} huge pages); this machine: ${hugePagesLine()}\n`,
    );
    process.stdout.write(
      `shared_buffers ${sb.rows[0]!.shared_buffers}; ${CONNECTIONS} connections; ${ROUNDS} rounds of ` +
        `${SECONDS} s runs (+${WARMUP} s warm-up), pairs alternating ABBA\nload average before: ${loadAverage()}\n`,
    );
    // The hot set read once on both sides (bench/scale-warm.ts), then one unmeasured pass,
    // so neither side's measured runs read a cold cache.
    for (const side of [small, large]) {
      const s = await warmHotSet(side.client, side.targets);
      process.stdout.write(`warm-up of ${side.label}' hot set: ${s.toFixed(1)} s\n`);
    }
    await Promise.all([freshCarts(small.client, small.targets), freshCarts(large.client, large.targets)]);
    for (const scenario of SCENARIOS) for (const side of [small, large]) await run(side, scenario, 2);
    if (ROUNDS > 0) {
      const before = await Promise.all([bufferStats(small.client), bufferStats(large.client)]);
      const pooled = new Map<string, Pooled>();
      const pairs = await rounds(small, large, pooled);
      const after = await Promise.all([bufferStats(small.client), bufferStats(large.client)]);
      process.stdout.write(summary(pairs, SCENARIOS, String(STORES)));
      process.stdout.write(pooledSummary(pooled, String(STORES)));
      process.stdout.write(
        `shared-buffer hit ratio over the measured rounds: 10 stores ${hitRatio(before[0], after[0])}, ` +
          `${STORES} stores ${hitRatio(before[1], after[1])}\n`,
      );
      process.stdout.write(`load average after: ${loadAverage()}\n`);
    }
    if (COST_REQUESTS > 0) {
      await Promise.all([freshCarts(small.client, small.targets), freshCarts(large.client, large.targets)]);
      const cost = (side: Side) => ({
        label: side.label,
        client: side.client,
        url: side.api.url,
        apiPid: side.api.child.pid,
        request: (s: string) => requestFor(s as Scenario, side.api.port, side.targets),
      });
      await costPerRequest([cost(small), cost(large)], SCENARIOS, COST_REQUESTS);
    }
    if (RLS_RUNS > 0) {
      const rls = await rlsOverhead(large.url, large.client);
      process.stdout.write(`RLS overhead on ${STORES} stores: ${rls.toFixed(3)} (target ≤ 1.10)\n`);
    }
  } finally {
    for (const side of sides) {
      await side.api.stop();
      await side.client.end();
      await side.drop();
    }
  }
}
