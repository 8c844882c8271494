/**
 * `npm run bench -- signup` (or `npx tsx bench/signup.ts`): time from a
 * signup request to the first storefront page served for the new store.
 *
 * Creates a random database on BENCH_PG_URL (default the machine's
 * PostgreSQL), migrates it, starts the real API (src/main.ts) on a free port,
 * then runs BENCH_SIGNUPS (50) sequential signups cycling through every
 * template: POST /api/signup on the apex, then GET / on the new store's host
 * until it answers 200. Prints p50/p95 per template and overall (target:
 * p95 < 1 s), then stops the server and drops the database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { createDb, createPool } from '../src/lib/db/index.js';
import { migrateToLatest } from '../src/lib/db/migrate.js';
import { freePort } from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SIGNUPS = Number(process.env.BENCH_SIGNUPS ?? 50);
const TEMPLATES = (process.env.BENCH_TEMPLATES ?? 'blank,apparel,electronics,grocery').split(',');

const log = (s: string) => process.stdout.write(`${s}\n`);
const CLIENT_IP = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

/** HTTP with an explicit Host header (Node's fetch drops it; `*.localhost` does not resolve in Node). */
function call(
  port: number,
  method: string,
  urlPath: string,
  host: string,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        headers: {
          host,
          'x-forwarded-for': CLIENT_IP,
          accept: 'text/html,application/json',
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx]!;
}

export interface SignupBenchRow {
  template: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
  signupP50: number;
}

export async function runSignupBench(): Promise<SignupBenchRow[]> {
  const dbName = `storeloom_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const dbUrlObj = new URL(ADMIN_URL);
  dbUrlObj.pathname = `/${dbName}`;
  const dbUrl = dbUrlObj.toString();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'storeloom-bench-'));
  let child: ChildProcess | undefined;
  let output = '';
  try {
    const owner = createDb(createPool({ connectionString: dbUrl, max: 1 }));
    await migrateToLatest(owner);
    await owner.destroy();

    const port = await freePort();
    const apex = `localhost:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://${apex}`,
        DATABASE_URL: dbUrl,
        REDIS_URL,
        MIGRATE_ON_START: '1',
        RUN_WORKERS: '0',
        SEED_DEMO: '0',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        // The signup limit counts per client IP in the shared Redis: the bench
        // presents its own random address so it neither trips nor pollutes
        // the 127.0.0.1 counter other local runs use.
        TRUST_PROXY: '1',
        RATE_SIGNUPS_PER_IP: '100000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const until = Date.now() + 60_000;
    for (;;) {
      const ok = await call(port, 'GET', '/healthz', apex).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (Date.now() > until) throw new Error(`the API did not start:\n${output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Warm-up: one signup per template (JIT, pools, template cache), not counted.
    for (const template of TEMPLATES) {
      const h = `warm-${template}-${randomBytes(3).toString('hex')}`;
      await call(port, 'POST', '/api/signup', apex, {
        email: `${h}@bench.test`,
        password: 'bench-password-long-enough-7',
        storeName: `Warm ${template}`,
        handle: h,
        template,
      });
      await call(port, 'GET', '/', `${h}.${apex}`);
    }

    const samples: { template: string; total: number; signup: number }[] = [];
    for (let i = 0; i < SIGNUPS; i++) {
      const template = TEMPLATES[i % TEMPLATES.length]!;
      const handle = `bench-${i}-${randomBytes(3).toString('hex')}`;
      const t0 = performance.now();
      const res = await call(port, 'POST', '/api/signup', apex, {
        email: `${handle}@bench.test`,
        password: 'bench-password-long-enough-7',
        storeName: `Bench store ${i}`,
        handle,
        template,
      });
      const t1 = performance.now();
      if (res.status !== 201)
        throw new Error(`signup ${i} (${template}) → ${res.status} ${res.body.slice(0, 300)}`);
      let page = await call(port, 'GET', '/', `${handle}.${apex}`);
      while (page.status !== 200) {
        if (performance.now() - t0 > 30_000) throw new Error(`store ${handle} never served its home page`);
        page = await call(port, 'GET', '/', `${handle}.${apex}`);
      }
      const t2 = performance.now();
      samples.push({ template, total: t2 - t0, signup: t1 - t0 });
    }

    const rows: SignupBenchRow[] = [];
    for (const template of [...TEMPLATES, 'all']) {
      const xs = samples.filter((s) => template === 'all' || s.template === template);
      rows.push({
        template,
        n: xs.length,
        p50: percentile(
          xs.map((s) => s.total),
          50,
        ),
        p95: percentile(
          xs.map((s) => s.total),
          95,
        ),
        max: Math.max(...xs.map((s) => s.total)),
        signupP50: percentile(
          xs.map((s) => s.signup),
          50,
        ),
      });
    }
    log('');
    log(`Signup → first storefront page (${SIGNUPS} sequential signups, real server on :${port})`);
    log('template      n    p50 ms   p95 ms   max ms   (signup alone p50)');
    for (const r of rows)
      log(
        `${r.template.padEnd(12)} ${String(r.n).padStart(2)}  ${r.p50.toFixed(0).padStart(7)}  ${r.p95
          .toFixed(0)
          .padStart(7)}  ${r.max.toFixed(0).padStart(7)}   ${r.signupP50.toFixed(0)}`,
      );
    const all = rows.find((r) => r.template === 'all')!;
    log('');
    log(`${all.p95 < 1000 ? 'PASS' : 'MISS'}  p95 < 1000 ms  (${all.p95.toFixed(0)} ms)`);
    return rows;
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runSignupBench().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(
        `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
