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
 * and p99 for both and the large/small ratio (target: within 10%).
 *
 * The large seed takes minutes: BENCH_SCALE_STORES=1000 BENCH_SCALE_ORDERS=100000
 * gives a quick look.
 */
import pg from 'pg';
import { type AcRequest, type Figures, measure, scratchDatabase, startApi } from './harness.js';
import { type StoreGroup, seedScale } from './scale-seed.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const STORES = Number(process.env.BENCH_SCALE_STORES ?? 10_000);
const BIG = Number(process.env.BENCH_SCALE_BIG ?? 10);
const ORDERS = Number(process.env.BENCH_SCALE_ORDERS ?? 1_000_000);
const SAMPLE = 1_000;
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

async function runOn(label: string, groups: StoreGroup[], orders: number): Promise<Map<Scenario, Figures>> {
  const db = await scratchDatabase('storeloom_scale');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    const seeded = await seedScale(client, { prefix: 'scale', groups, orders, stock: 1_000_000 });
    process.stdout.write(
      `${label}: seeded ${seeded.stores} stores, ${seeded.products} products, ${seeded.orders} orders in ${seeded.seconds.toFixed(0)} s\n`,
    );
    const t = await targets(client);
    api = await startApi(db.url);
    const out = new Map<Scenario, Figures>();
    for (const scenario of SCENARIOS) {
      const f = await measure(
        {
          url: api.url,
          connections: CONNECTIONS,
          duration: SECONDS,
          requests: [{ setupRequest: requestFor(scenario, api.port, t) }],
        },
        WARMUP,
      );
      out.set(scenario, f);
      process.stdout.write(
        `  ${label} ${scenario}: ${f.rps.toFixed(0)} req/s, p99 ${f.p99} ms, failures ${f.failures}\n`,
      );
    }
    return out;
  } finally {
    await api?.stop();
    await client.end();
    await db.drop();
  }
}

export async function runScaleBench(): Promise<void> {
  const small = await runOn('10 stores', [{ stores: 10, products: 100 }], Math.round(ORDERS / 1_000));
  const large = await runOn(
    `${STORES} stores`,
    [
      { stores: STORES, products: 100 },
      { stores: BIG, products: 10_000 },
    ],
    ORDERS,
  );
  const pad = (s: string, n: number) => s.padEnd(n);
  process.stdout.write(
    `\n${pad('scenario', 14)}${pad('req/s 10', 11)}${pad(`req/s ${STORES}`, 14)}${pad('ratio', 8)}${pad('p99 10', 9)}${pad(`p99 ${STORES}`, 12)}ratio\n`,
  );
  for (const s of SCENARIOS) {
    const a = small.get(s)!;
    const b = large.get(s)!;
    process.stdout.write(
      `${pad(s, 14)}${pad(a.rps.toFixed(0), 11)}${pad(b.rps.toFixed(0), 14)}${pad((b.rps / a.rps).toFixed(2), 8)}${pad(`${a.p99} ms`, 9)}${pad(`${b.p99} ms`, 12)}${(b.p99 / Math.max(a.p99, 1)).toFixed(2)}\n`,
    );
  }
  const failures = [...small.values(), ...large.values()].reduce((n, f) => n + f.failures, 0);
  process.stdout.write(`failures: ${failures} (target 0); target: req/s ratio ≥ 0.90 and p99 ratio ≤ 1.10\n`);
}
