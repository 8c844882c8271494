/**
 * What the HTTP benchmarks that start the real API share: a scratch
 * database, the API as a child process on a free port, Host-header probes,
 * autocannon runs that report req/s, p50 and p99, quantiles of hand-timed
 * requests, and a seeded store served by the API (withSeededApi).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDb, createPool } from '../src/lib/db/index.js';
import { migrateToLatest } from '../src/lib/db/migrate.js';
import { type SeedResult, seedCatalogue } from './seed.js';
import { freePort } from './support.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

// autocannon ships no types; this is the part of its API we use.
export interface AcRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
export interface AcOptions {
  url: string;
  connections: number;
  duration?: number;
  /** Stop after this many requests instead of after `duration`. */
  amount?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: { setupRequest: (req: AcRequest) => AcRequest }[];
}
interface AcResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
/** What autocannon returns: the run's promise, and an emitter of every response while it runs. */
type AcRun = Promise<AcResult> & {
  on(
    event: 'response',
    fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void,
  ): unknown;
};
export const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AcOptions) => AcRun;

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** non-2xx responses plus errors and timeouts */
  failures: number;
}

/**
 * One measured autocannon run after an unmeasured warm-up of the same requests. `latencies`, when given,
 * gets every measured response's time (ms, unrounded), so runs can be pooled into one distribution.
 */
export async function measure(
  opts: AcOptions,
  warmupSeconds: number,
  latencies?: number[],
): Promise<Figures> {
  if (warmupSeconds > 0) await autocannon({ ...opts, connections: 10, duration: warmupSeconds });
  const running = autocannon(opts);
  if (latencies) running.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  const r = await running;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

/** A fresh, migrated database on ADMIN_URL's server; `drop()` removes it. */
export async function scratchDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const owner = createDb(createPool({ connectionString: url, max: 1 }));
  await migrateToLatest(owner);
  await owner.destroy();
  return {
    url,
    async drop() {
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** GET with an explicit Host header (Node's fetch drops it; `*.localhost` does not resolve in Node). */
export function httpGet(url: string, host: string): Promise<{ status: number; body: string }> {
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

/** Any request with an explicit Host header; JSON bodies are sent as such. Answers status, headers and body. */
export function httpSend(
  url: string,
  host: string,
  opts: { method?: string; headers?: Record<string, string>; json?: unknown } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const payload = opts.json === undefined ? undefined : JSON.stringify(opts.json);
  const headers: Record<string, string> = { host, ...opts.headers };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface ApiProcess {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A Storeloom process (tsx) with the bench environment; its last output is kept for error messages. */
/**
 * Fixed young generations, as `npm start` (and the Docker image) and `npm run workers` run them
 * (README, "Running in production"); the API's old generation grows by a fixed 1.5× its live size
 * between full collections instead of V8's throughput-driven 1.1–4× (tests/soak-flags.test.ts keeps
 * npm start, the Dockerfile and this list the same).
 */
export const API_NODE_FLAGS = [
  '--max-semi-space-size=32',
  '--min-semi-space-size=32',
  '--heap-growing-percent=50',
];
const WORKER_NODE_FLAGS = ['--max-semi-space-size=16', '--min-semi-space-size=16'];

function spawnStoreloom(
  script: string,
  env: Record<string, string>,
  nodeFlags: string[] = [],
): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      REDIS_URL,
      MIGRATE_ON_START: '0',
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    // An IPC channel: with MEMORY_PROBE=1 the process answers memory probes over it (src/lib/memory-probe.ts).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.channel?.unref();
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => out };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** The worker process (workers/main.ts: relay, consumers, schedulers) against `databaseUrl`. */
export async function startWorkerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'storeloom-bench-'));
  // info level for the 'workers running' line that says the relay and consumers are up.
  const { child, output } = spawnStoreloom(
    'workers/main.ts',
    { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    WORKER_NODE_FLAGS,
  );
  const until = Date.now() + 90_000;
  while (!output().includes('workers running')) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}: ${output()}`);
    if (Date.now() > until) throw new Error(`worker did not start within 90 s: ${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    output,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The real API (src/main.ts: Redis queues, no workers, no demo) on a free port against `databaseUrl`. */
export async function startApi(
  databaseUrl: string,
  env: Record<string, string> = {},
  /** Node flags after the production ones (a later V8 flag wins): the soak's A/B runs. */
  extraNodeFlags: string[] = [],
): Promise<ApiProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'storeloom-bench-'));
  const { child, output } = spawnStoreloom(
    'src/main.ts',
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://localhost:${port}`,
      DATABASE_URL: databaseUrl,
      RUN_WORKERS: '0',
      DATA_DIR: dataDir,
      ...env,
    },
    [...API_NODE_FLAGS, ...extraNodeFlags],
  );
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}: ${output()}`);
    const up = await httpGet(`${url}/readyz`, `localhost:${port}`).catch(() => undefined);
    if (up && up.status < 500) break;
    if (Date.now() > until) throw new Error(`API did not come up within 60 s: ${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    child,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The value at quantile `q` (0–1) of an ascending list (p95: `quantile(sorted, 0.95)`). */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export interface SeededApi {
  /** A client on the scratch database (owner: seed more, EXPLAIN). */
  client: pg.Client;
  api: ApiProcess;
  seeded: SeedResult;
  /** The store's Host header: `{handle}.localhost:{port}`. */
  host: string;
}

/**
 * A scratch database holding one store `handle` of `products` products × 3
 * variants (stock 100), served by the real API; `run` measures it, then the
 * API stops and the database is dropped (also when `run` throws).
 */
export async function withSeededApi<T>(
  opts: { prefix: string; handle: string; products: number },
  run: (s: SeededApi) => Promise<T>,
): Promise<T> {
  const db = await scratchDatabase(opts.prefix);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const api = await startApi(db.url).catch(async (err) => {
    await client.end();
    await db.drop();
    throw err;
  });
  try {
    const seeded = await seedCatalogue(client, {
      mainHandle: opts.handle,
      mainProducts: opts.products,
      otherStores: 0,
      otherProducts: 0,
      mainStock: 100,
    });
    return await run({ client, api, seeded, host: `${opts.handle}.localhost:${api.port}` });
  } finally {
    await api.stop();
    await client.end();
    await db.drop();
  }
}
