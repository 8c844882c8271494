/**
 * `npm run bench -- scale`: does Storeloom slow down as stores are added?
 *
 * Seeds two databases with bench/scale-seed.ts — a small one (10 stores ×
 * 100 products) and a large one (BENCH_SCALE_STORES, default 10,000 stores ×
 * 100 products, plus BENCH_SCALE_BIG 10 stores × 10,000 products and
 * BENCH_SCALE_ORDERS 1,000,000 orders) — starts the real API on each, and
 * drives product list, search, product detail and add-to-cart at
 * BENCH_CONNECTIONS (50) for BENCH_SECONDS (10), every request on a store
 * drawn at random from up to 1,000 of the 100-product stores. Prints req/s
 * and p99 for both and the large/small ratio (target: within 10%), in
 * BENCH_SCALE_ROUNDS (2) rounds interleaved — 10-store, 10,000-store,
 * 10-store, … — so a shared machine's load falls on both alike; the median
 * ratio is the figure. The
 * storefront read cache is off (BENCH_SCALE_CACHE=1 turns it on): 1,000
 * stores × 100 products is more keys than it holds, 10 stores' fit, so with
 * it the table would compare hit rates, not the database at 10 vs 10,000.
 *
 * The large seed takes minutes: BENCH_SCALE_STORES=1000 BENCH_SCALE_ORDERS=100000
 * gives a quick look; BENCH_SCALE_DATABASE=<url> uses a database already
 * seeded by `npm run seed:scale` (prefix `scale`) instead, and keeps it;
 * BENCH_SCALE_SMALL_DATABASE=<url> the same for the 10-store side (seed it
 * with `--stores 10 --orders 1000`).
 *
 * Then the RLS overhead on the large database: the product lookup by handle
 * on random stores, as the app role inside withTenant (the policy supplies
 * the tenant) against the owner (RLS bypassed) with an explicit tenant filter,
 * one transaction each, alternating (target ≤ 1.10, as bench/rls.ts on 10).
 */
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, createPool, withTenant } from '../src/lib/db/index.js';
import { appDatabaseUrl } from '../src/lib/db/roles.js';
import {
  type AcRequest,
  type ApiProcess,
  type Figures,
  measure,
  scratchDatabase,
  startApi,
} from './harness.js';
import { type StoreGroup, seedScale } from './scale-seed.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const STORES = Number(process.env.BENCH_SCALE_STORES ?? 10_000);
const BIG = Number(process.env.BENCH_SCALE_BIG ?? 10);
const ORDERS = Number(process.env.BENCH_SCALE_ORDERS ?? 1_000_000);
const SAMPLE = 1_000;
const EXISTING = process.env.BENCH_SCALE_DATABASE;
const EXISTING_SMALL = process.env.BENCH_SCALE_SMALL_DATABASE;
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 2);
const CACHE = process.env.BENCH_SCALE_CACHE === '1';
const RLS_RUNS = Number(process.env.BENCH_SCALE_RLS_RUNS ?? 4_000);
const TERMS = ['linen', 'wool shirt', 'ceramc mug', 'lamp', 'velvet', 'oak chair', 'copper'];

interface Target {
  handle: string;
  cartId: string;
  variantId: string;
}

type Scenario = 'product list' | 'search' | 'product' | 'add to cart';
const SCENARIOS: Scenario[] = ['product list', 'search', 'product', 'add to cart'];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** Up to SAMPLE stores of the 100-product group, each with a fresh cart and an in-stock variant. */
async function targets(client: pg.Client): Promise<{ stores: Target[]; handles: string[] }> {
  await client.query('select setseed(0.42)');
  const { rows } = await client.query<{ id: string; handle: string }>(
    `select id, handle from tenants where handle like 'scale-0-%' order by random() limit $1`,
    [SAMPLE],
  );
  const stores: Target[] = [];
  for (const s of rows) {
    const cart = await client.query<{ id: string }>(
      `insert into carts (tenant_id, currency, updated_at) values ($1, 'USD', now()) returning id`,
      [s.id],
    );
    const v = await client.query<{ id: string }>(
      'select id from variants where tenant_id = $1 and stock > 0 order by sku limit 1',
      [s.id],
    );
    stores.push({ handle: s.handle, cartId: cart.rows[0]!.id, variantId: v.rows[0]!.id });
  }
  const h = await client.query<{ handle: string }>(
    'select handle from products where tenant_id = $1 and in_stock order by handle',
    [rows[0]!.id],
  );
  return { stores, handles: h.rows.map((r) => r.handle) };
}

function requestFor(scenario: Scenario, port: number, t: { stores: Target[]; handles: string[] }) {
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
  targets: { stores: Target[]; handles: string[] };
  drop: () => Promise<void>;
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
    if (existing) {
      const n = await client.query<{ stores: string; products: string; orders: string }>(
        `select (select count(*) from tenants where handle like 'scale-%') as stores,
                (select count(*) from products) as products, (select count(*) from orders) as orders`,
      );
      const r = n.rows[0]!;
      process.stdout.write(
        `${label}: seeded before: ${r.stores} stores, ${r.products} products, ${r.orders} orders\n`,
      );
    } else {
      const seeded = await seedScale(client, { prefix: 'scale', groups, orders, stock: 1_000_000 });
      process.stdout.write(
        `${label}: seeded ${seeded.stores} stores, ${seeded.products} products, ${seeded.orders} orders in ${seeded.seconds.toFixed(0)} s\n`,
      );
    }
    const t = await targets(client);
    // The read cache would measure how many of the sampled keys fit in it, not the database: off unless asked.
    const api = await startApi(db.url, { STORE_READ_CACHE: CACHE ? '1' : '0' });
    return { label, url: db.url, client, api, targets: t, drop: db.drop };
  } catch (err) {
    await client.end();
    await db.drop();
    throw err;
  }
}

async function measureSide(side: Side, round: number): Promise<Map<Scenario, Figures>> {
  const out = new Map<Scenario, Figures>();
  for (const scenario of SCENARIOS) {
    const f = await measure(
      {
        url: side.api.url,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [{ setupRequest: requestFor(scenario, side.api.port, side.targets) }],
      },
      WARMUP,
    );
    out.set(scenario, f);
    process.stdout.write(
      `  round ${round} ${side.label} ${scenario}: ${f.rps.toFixed(0)} req/s, p99 ${f.p99} ms, failures ${f.failures}\n`,
    );
  }
  return out;
}

/**
 * RLS against the owner on the large database: a product by handle in a
 * random store, one transaction per lookup, the two sides alternating so the
 * machine's load hits both alike. Returns RLS time / owner time.
 */
export async function rlsOverhead(url: string, client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ tenant_id: string; handle: string }>(
    `select p.tenant_id, p.handle from tenants t
       join lateral (select tenant_id, handle from products where tenant_id = t.id order by handle limit 1) p on true
      where t.handle like 'scale-0-%' order by random() limit $1`,
    [RLS_RUNS],
  );
  const app = createDb(createPool({ connectionString: appDatabaseUrl(url), max: 1 }), { prepare: true });
  const owner = createDb(createPool({ connectionString: url, max: 1 }), { prepare: true });
  let rlsMs = 0;
  let ownerMs = 0;
  try {
    for (const [i, r] of rows.entries()) {
      const viaRls = async () =>
        withTenant(app, r.tenant_id, (trx) =>
          sql`select id, title, min_price from products where handle = ${r.handle}`.execute(trx),
        );
      const viaOwner = async () =>
        owner
          .transaction()
          .execute((trx) =>
            sql`select id, title, min_price from products where tenant_id = ${r.tenant_id} and handle = ${r.handle}`.execute(
              trx,
            ),
          );
      const sides = i % 2 === 0 ? [viaRls, viaOwner] : [viaOwner, viaRls];
      for (const side of sides) {
        const t0 = performance.now();
        const res = await side();
        const ms = performance.now() - t0;
        if (res.rows.length !== 1) throw new Error(`lookup of ${r.handle} found ${res.rows.length} rows`);
        if (side === viaRls) rlsMs += ms;
        else ownerMs += ms;
      }
    }
  } finally {
    await app.destroy();
    await owner.destroy();
  }
  process.stdout.write(
    `  RLS ${(rlsMs / rows.length).toFixed(3)} ms vs owner ${(ownerMs / rows.length).toFixed(3)} ms per lookup (${rows.length} stores)\n`,
  );
  return rlsMs / ownerMs;
}

export async function runScaleBench(): Promise<void> {
  const sides: Side[] = [];
  try {
    sides.push(
      await prepare('10 stores', [{ stores: 10, products: 100 }], Math.round(ORDERS / 1_000), EXISTING_SMALL),
    );
    sides.push(
      await prepare(
        `${STORES} stores`,
        [
          { stores: STORES, products: 100 },
          { stores: BIG, products: 10_000 },
        ],
        ORDERS,
        EXISTING,
      ),
    );
    const [small, large] = sides as [Side, Side];
    const sb = await large.client.query<{ shared_buffers: string }>('show shared_buffers');
    process.stdout.write(
      `shared_buffers ${sb.rows[0]!.shared_buffers}; ${ROUNDS} rounds, interleaved (10, ${STORES}, 10, ${STORES}, …)\n`,
    );
    const rounds: { small: Map<Scenario, Figures>; large: Map<Scenario, Figures> }[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const a = await measureSide(small, r);
      const b = await measureSide(large, r);
      rounds.push({ small: a, large: b });
    }
    const pad = (x: string, n: number) => x.padEnd(n);
    const median = (xs: number[]) => {
      const v = [...xs].sort((p, q) => p - q);
      return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
    };
    process.stdout.write(
      `\n${pad('scenario', 14)}${pad('round', 7)}${pad('req/s 10', 11)}${pad(`req/s ${STORES}`, 14)}${pad('ratio', 8)}${pad('p99 10', 9)}${pad(`p99 ${STORES}`, 12)}ratio\n`,
    );
    for (const s of SCENARIOS) {
      const ratios: number[] = [];
      const p99s: number[] = [];
      for (const [i, r] of rounds.entries()) {
        const a = r.small.get(s)!;
        const b = r.large.get(s)!;
        ratios.push(b.rps / a.rps);
        p99s.push(b.p99 / Math.max(a.p99, 1));
        process.stdout.write(
          `${pad(s, 14)}${pad(String(i + 1), 7)}${pad(a.rps.toFixed(0), 11)}${pad(b.rps.toFixed(0), 14)}${pad((b.rps / a.rps).toFixed(2), 8)}${pad(`${a.p99} ms`, 9)}${pad(`${b.p99} ms`, 12)}${(b.p99 / Math.max(a.p99, 1)).toFixed(2)}\n`,
        );
      }
      process.stdout.write(
        `${pad(s, 14)}${pad('median', 7)}${pad('', 25)}${pad(median(ratios).toFixed(2), 8)}${pad('', 21)}${median(p99s).toFixed(2)}\n`,
      );
    }
    const failures = rounds.reduce(
      (n, r) => n + [...r.small.values(), ...r.large.values()].reduce((m, f) => m + f.failures, 0),
      0,
    );
    process.stdout.write(
      `failures: ${failures} (target 0); target: req/s ratio ≥ 0.90 and p99 ratio ≤ 1.10\n`,
    );
    const rls = await rlsOverhead(large.url, large.client);
    process.stdout.write(`RLS overhead on ${STORES} stores: ${rls.toFixed(3)} (target ≤ 1.10)\n`);
  } finally {
    for (const side of sides) {
      await side.api.stop();
      await side.client.end();
      await side.drop();
    }
  }
}
