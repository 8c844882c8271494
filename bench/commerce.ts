/**
 * `npm run bench -- commerce` (or `npx tsx bench/commerce.ts`): the commerce
 * benchmark. Not a timed test — it prints figures.
 *
 * 1. Creates a random database on BENCH_PG_URL (default the machine's
 *    PostgreSQL), migrates it, bulk-seeds one store with 1,000 products × 3
 *    variants plus 200 other stores × 100 products (bench/seed.ts).
 * 2. Starts the real API (src/main.ts, Redis queue, no workers) and the bare
 *    baseline (bench/baseline-server.ts) as separate processes on real ports.
 * 3. Drives each with autocannon at 50 connections for BENCH_SECONDS (10),
 *    after an unmeasured warm-up of the same scenario (BENCH_WARMUP, 2 s, at
 *    10 connections):
 *    baseline list, product list, search, product JSON, add to cart (rotating
 *    over pre-created carts), checkout (each request on its own pre-filled
 *    cart with a unique Idempotency-Key).
 * 4. Prints req/s, p50, p99, non-2xx, the ratio to the baseline and the CPU
 *    ms per request of the API process and of the database's backends
 *    (bench/cpu.ts: steadier than req/s on a shared machine); checks the
 *    targets; drops the database.
 *
 * Knobs: BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_POOL (DB pool of both
 * servers; default the API's own default, 2 × CPUs + 2),
 * BENCH_ONLY=product list,checkout (scenarios to run besides the baseline),
 * BENCH_CPU_PROF=/tmp/dir (V8 CPU profile of the API process, written at exit),
 * BENCH_API_FLAGS (extra node flags for the API, e.g. `--trace-gc-nvp`) and
 * BENCH_API_OUT=/tmp/file (the API's standard output goes there: with
 * `--trace-gc-nvp`, the `allocated=` fields of a short and a long run give
 * bytes allocated per request, which no other load on the machine changes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { createDb, createPool } from '../src/lib/db/index.js';
import { migrateToLatest } from '../src/lib/db/migrate.js';
import { cpuMeter } from './cpu.js';
import { seedCarts, seedCatalogue } from './seed.js';
import { freePort } from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const HANDLE = 'bench';

// autocannon ships no types; this is the part of its API we use.
interface AcRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AcOptions {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: { setupRequest: (req: AcRequest) => AcRequest }[];
}
interface AcResult {
  requests: { average: number; total: number };
  latency: { p50: number; p97_5: number; p99: number; average: number };
  throughput: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AcOptions) => Promise<AcResult>;

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** autocannon has no p95: its next percentile up. */
  p975: number;
  /** Average bytes per response (headers included). */
  bytes: number;
  non2xx: number;
  errors: number;
  codes: string;
  /** CPU ms per request of the API process and of the bench database's backends (bench/cpu.ts). */
  apiCpu: number;
  dbCpu: number;
}

function startProcess(
  label: string,
  script: string,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  let out = '';
  const prof =
    label === 'api' && process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
  // The API runs with the V8 flags `npm start` gives it (package.json).
  const v8 = label === 'api' ? ['--max-semi-space-size=32', ...apiFlags()] : [];
  const child = spawn(process.execPath, [...prof, ...v8, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const file =
    label === 'api' && process.env.BENCH_API_OUT ? createWriteStream(process.env.BENCH_API_OUT) : null;
  child.stdout?.on('data', (d: Buffer) => {
    if (file) file.write(d);
    else out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.once('exit', (code) => {
    if (code && code !== 0) process.stderr.write(`[${label}] exited with ${code}\n${out.slice(-4000)}\n`);
  });
  return { child, output: () => out };
}

/** Extra node flags for the API process (BENCH_API_FLAGS, e.g. `--trace-gc-nvp` with BENCH_API_OUT). */
function apiFlags(): string[] {
  return (process.env.BENCH_API_FLAGS ?? '').split(' ').filter(Boolean);
}

/** GET with an explicit Host header (Node's fetch drops it; `*.localhost` does not resolve in Node). */
function httpGet(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

async function waitHttp(url: string, host: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const res = await httpGet(url, host);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`${url} did not come up within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
/** Set once the API is up: CPU per request is measured around each scenario's measured run. */
let meter: ReturnType<typeof cpuMeter> | undefined;
/**
 * Run after each warm-up: ANALYZE the bench's database, as autovacuum would on
 * any server in service after a scenario's first writes (this machine's
 * clusters run with autovacuum off). Without it the planner keeps the seed's
 * statistics of an empty `orders` table, and the foreign-key checks of
 * checkout's order insert (order lines, reservations, events → orders) pick
 * whichever index on (tenant_id, …) is smallest, reading the store's whole
 * range of orders while the store's order counter is locked (measured:
 * 81 instead of 14 buffers, final statement 11.1 instead of 4.6 ms at
 * ~2,600 orders). The same in every tree the bench is run in.
 */
let afterWarmUp: (() => Promise<void>) | undefined;

async function run(name: string, opts: AcOptions): Promise<Row> {
  if (ONLY && name !== 'baseline list' && !ONLY.includes(name))
    return {
      name,
      rps: 0,
      p50: 0,
      p99: 0,
      p975: 0,
      bytes: 0,
      non2xx: 0,
      errors: 0,
      codes: 'skipped',
      apiCpu: 0,
      dbCpu: 0,
    };
  // Unmeasured warm-up of this very scenario (same requests, 10 connections):
  // a server in service has JIT-compiled the path and prepared its statements
  // on its connections; the first second of a cold path is not steady state.
  if (WARMUP > 0) await autocannon({ ...opts, connections: 10, duration: WARMUP });
  await afterWarmUp?.();
  const before = await meter?.sample();
  const r = await autocannon(opts);
  const after = await meter?.sample();
  const cpu = before && after && meter ? meter.perRequest(before, after, r.requests.total) : undefined;
  const codes = Object.entries(r.statusCodeStats ?? {})
    .map(([code, v]) => `${code}×${v.count}`)
    .join(' ');
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    p975: r.latency.p97_5,
    bytes: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    codes,
    apiCpu: cpu?.api ?? 0,
    dbCpu: cpu?.db ?? 0,
  };
}

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

export async function runCommerceBench(): Promise<Row[]> {
  const dbName = `storeloom_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const dbUrlObj = new URL(ADMIN_URL);
  dbUrlObj.pathname = `/${dbName}`;
  const dbUrl = dbUrlObj.toString();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'storeloom-bench-'));
  const children: ChildProcess[] = [];
  const meterClients: pg.Client[] = [];
  try {
    const t0 = performance.now();
    const owner = createDb(createPool({ connectionString: dbUrl, max: 1 }));
    await migrateToLatest(owner);
    await owner.destroy();
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const seed = await seedCatalogue(client, {
      mainHandle: HANDLE,
      mainProducts: 1000,
      otherStores: 200,
      otherProducts: 100,
      mainStock: 1_000_000,
    });
    const addCarts = await seedCarts(client, seed.mainTenantId, 1000, null);
    const checkoutCarts = await seedCarts(client, seed.mainTenantId, 40_000, { variantIds: seed.variantIds });
    await client.query('analyze');
    await client.end();
    afterWarmUp = async () => {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      try {
        await c.query('analyze');
      } finally {
        await c.end();
      }
    };
    log(`seeded ${dbName} in ${Math.round(performance.now() - t0)} ms`);

    const [apiPort, basePort] = await Promise.all([freePort(), freePort()]);
    const api = startProcess('api', 'src/main.ts', {
      NODE_ENV: 'development',
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://localhost:${apiPort}`,
      DATABASE_URL: dbUrl,
      REDIS_URL,
      MIGRATE_ON_START: '0',
      RUN_WORKERS: '0',
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      // The API's own default pool (2 × CPUs + 2) unless BENCH_POOL says otherwise.
      ...(process.env.BENCH_POOL ? { DB_POOL_SIZE: process.env.BENCH_POOL } : {}),
    });
    children.push(api.child);
    const base = startProcess('baseline', 'bench/baseline-server.ts', {
      BASELINE_DB_URL: dbUrl,
      BASELINE_TENANT_ID: seed.mainTenantId,
      BASELINE_PORT: String(basePort),
      // The same pool size as the API's.
      BASELINE_POOL: process.env.BENCH_POOL ?? String(2 * availableParallelism() + 2),
    });
    children.push(base.child);
    const storeHost = `${HANDLE}.localhost:${apiPort}`;
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const baseUrl = `http://127.0.0.1:${basePort}`;
    await Promise.all([
      waitHttp(`${apiUrl}/api/store/products`, storeHost),
      waitHttp(`${baseUrl}/api/store/products`, 'x'),
    ]);
    const probe = await httpGet(`${apiUrl}/api/store/products?limit=2`, storeHost);
    log(`probe GET /api/store/products → ${probe.status} ${probe.body.slice(0, 200)}`);

    const meterClient = new pg.Client({ connectionString: ADMIN_URL });
    await meterClient.connect();
    meterClients.push(meterClient);
    if (api.child.pid) meter = cpuMeter(meterClient, dbName, api.child.pid);

    const common = { connections: CONNECTIONS, duration: SECONDS };
    const hostHeaders = { host: storeHost };
    const rows: Row[] = [];
    rows.push(await run('baseline list', { ...common, url: `${baseUrl}/api/store/products` }));
    rows.push(
      await run('product list', { ...common, url: `${apiUrl}/api/store/products`, headers: hostHeaders }),
    );
    const terms = ['linen', 'wool shirt', 'ceramc mug', 'lamp', 'velvet', 'oak chair', 'copper'];
    rows.push(
      await run('search', {
        ...common,
        url: `${apiUrl}/api/store/products`,
        headers: hostHeaders,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              path: `/api/store/products?q=${encodeURIComponent(pick(terms))}`,
            }),
          },
        ],
      }),
    );
    rows.push(
      await run('product JSON', {
        ...common,
        url: `${apiUrl}/api/store/products`,
        headers: hostHeaders,
        requests: [
          { setupRequest: (req) => ({ ...req, path: `/api/store/products/${pick(seed.handles)}` }) },
        ],
      }),
    );
    // Storefront HTML pages (issue #13: p95 < 50 ms server time, < 100 kB without images).
    const pages: [string, () => string][] = [
      ['page home', () => '/'],
      ['page search', () => `/search?q=${encodeURIComponent(pick(terms))}`],
      ['page product', () => `/products/${pick(seed.handles)}`],
      ['page cart', () => '/cart'],
    ];
    for (const [name, path] of pages) {
      rows.push(
        await run(name, {
          ...common,
          url: apiUrl,
          headers: { ...hostHeaders, accept: 'text/html' },
          requests: [{ setupRequest: (req) => ({ ...req, path: path() }) }],
        }),
      );
    }
    rows.push(
      await run('add to cart', {
        ...common,
        url: apiUrl,
        method: 'POST',
        headers: { ...hostHeaders, 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              method: 'POST',
              path: `/api/store/carts/${pick(addCarts)}/items`,
              body: JSON.stringify({ variantId: pick(seed.variantIds), quantity: 1 }),
            }),
          },
        ],
      }),
    );
    let next = 0;
    rows.push(
      await run('checkout', {
        ...common,
        url: apiUrl,
        method: 'POST',
        headers: { ...hostHeaders, 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (req) => {
              const cartId = checkoutCarts[next++ % checkoutCarts.length];
              return {
                ...req,
                method: 'POST',
                path: `/api/store/carts/${cartId}/checkout`,
                headers: {
                  ...hostHeaders,
                  'content-type': 'application/json',
                  'idempotency-key': randomUUID(),
                },
                body: JSON.stringify({
                  email: `shopper${next}@bench.test`,
                  shippingAddress: {
                    name: 'Bench Shopper',
                    line1: '1 Load Street',
                    city: 'Springfield',
                    postalCode: '12345',
                    country: 'US',
                  },
                }),
              };
            },
          },
        ],
      }),
    );
    if (next > checkoutCarts.length) log(`WARNING: checkout wrapped around ${checkoutCarts.length} carts`);
    report(rows);
    return rows;
  } finally {
    meter = undefined;
    await Promise.all(meterClients.map((c) => c.end()));
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            const timer = setTimeout(() => {
              c.kill('SIGKILL');
              resolve();
            }, 10_000);
            c.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    const a = new pg.Client({ connectionString: ADMIN_URL });
    await a.connect();
    await a.query(`drop database if exists ${dbName} with (force)`);
    await a.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function report(rows: Row[]): void {
  const base = rows.find((r) => r.name === 'baseline list')?.rps ?? 0;
  log('');
  log(`commerce bench — ${CONNECTIONS} connections, ${SECONDS} s each after a ${WARMUP} s warm-up`);
  log(
    `${'scenario'.padEnd(16)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'p97.5'.padStart(8)}${'bytes'.padStart(8)}${'÷ base'.padStart(9)}${'api ms'.padStart(8)}${'db ms'.padStart(7)}  non-2xx / errors`,
  );
  for (const r of rows) {
    const ratio = base ? `${((r.rps / base) * 100).toFixed(0)}%` : '-';
    log(
      `${r.name.padEnd(16)}${r.rps.toFixed(0).padStart(10)}${String(r.p50).padStart(9)}${String(r.p99).padStart(9)}${String(r.p975).padStart(8)}${String(r.bytes).padStart(8)}${ratio.padStart(9)}${r.apiCpu.toFixed(2).padStart(8)}${r.dbCpu.toFixed(2).padStart(7)}  ${r.non2xx} / ${r.errors}  ${r.codes}`,
    );
  }
  const get = (n: string) => rows.find((r) => r.name === n);
  const list = get('product list');
  const cart = get('add to cart');
  const checkout = get('checkout');
  const checks = [
    [
      'product list ≥ 50% of baseline req/s',
      !!list && base > 0 && list.rps >= base / 2,
      list ? `${((list.rps / base) * 100).toFixed(0)}%` : '-',
    ],
    ['product list p99 < 50 ms', !!list && list.p99 < 50, `${list?.p99} ms`],
    ['add to cart p99 < 50 ms', !!cart && cart.p99 < 50 && cart.non2xx === 0, `${cart?.p99} ms`],
    [
      'checkout p99 < 150 ms',
      !!checkout && checkout.p99 < 150 && checkout.non2xx === 0,
      `${checkout?.p99} ms`,
    ],
  ] as const;
  log('');
  for (const [label, ok, value] of checks) log(`${ok ? 'PASS' : 'MISS'}  ${label}  (${value})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCommerceBench().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(
        `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
