/**
 * One scenario's cost per request in-process, for comparing two trees on a
 * shared machine (the same file runs in the tree before the renovation,
 * f448026, which boots from src/platform.ts instead of src/boot.ts):
 * after WARM requests (default 2,000), N more (5,000) at CONC at a time (8)
 * between two forced GCs. Prints CPU ms of this process per request and
 * bytes allocated per request (v8.GCProfiler: the heap before and after each
 * GC of the window), neither of which other load on the machine changes
 * much. Not a timed test; its own database, dropped at the end.
 *
 *   SCENARIO=add|list|detail|checkout VIA=request|http \
 *     node --expose-gc --max-semi-space-size=32 --import tsx bench/request-cost.ts
 *
 * VIA=request drives the app through app.request() (no HTTP server);
 * VIA=http serves it on a loopback port with @hono/node-server, as
 * `npm start` does, and drives it with node:http from the same process
 * (the client's cost is the same in every tree). PROF=/tmp/x.cpuprofile and
 * HEAPPROF=/tmp/x.heapprofile profile the measured window. PRELIST=n serves n
 * product lists first (as `bench commerce` does before add to cart).
 * DBSTATS=1 (a database with pg_stat_statements preloaded) prints the
 * window's statements, round trips, buffers and WAL per request; DBSTATS=2
 * each statement; OBJSTATS=1 with it, each function's calls and time, each
 * table's inserts and HOT/non-HOT updates and each index's scans per request
 * (pg_stat_statements.track = 'all' and track_functions = 'all' show what
 * triggers run).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/lib/config.js';
import { createDb, createPool } from '../src/lib/db/index.js';
import { migrateToLatest } from '../src/lib/db/migrate.js';
import { createLogger } from '../src/lib/logger.js';
import { backendPids, cpuMs } from './cpu.js';
import { seedCarts, seedCatalogue } from './seed.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SCENARIO = process.env.SCENARIO ?? 'add';
const VIA = process.env.VIA ?? 'request';
const WARM = Number(process.env.WARM ?? 2000);
const N = Number(process.env.N ?? 5000);
const CONC = Number(process.env.CONC ?? 8);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
const out = (s: string) => process.stdout.write(`${s}\n`);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  status: number;
}

/**
 * Bytes allocated in a window: V8 keeps no running total, so the window's GCs (v8.GCProfiler, which
 * records the heap before and after each) add what was allocated between them.
 */
function allocationWindow() {
  const used0 = v8.getHeapStatistics().used_heap_size;
  const profiler = new v8.GCProfiler();
  profiler.start();
  return {
    stop(): { bytes: number; gcs: number; kinds: string; survived: number } {
      const used1 = v8.getHeapStatistics().used_heap_size;
      const stats = profiler.stop()?.statistics ?? [];
      let bytes = 0;
      let after = used0;
      const kinds = new Map<string, { n: number; us: number }>();
      // What scavenges kept: still young after (copied) plus moved to the old space (promoted).
      let survived = 0;
      const space = (h: (typeof stats)[number]['beforeGC'], name: string) =>
        h.heapSpaceStatistics.find((x) => x.spaceName === name)?.spaceUsedSize ?? 0;
      for (const gc of stats) {
        if (gc.gcType === 'Scavenge')
          survived +=
            space(gc.afterGC, 'new_space') + space(gc.afterGC, 'old_space') - space(gc.beforeGC, 'old_space');
        const k = kinds.get(gc.gcType) ?? { n: 0, us: 0 };
        k.n++;
        k.us += gc.cost;
        kinds.set(gc.gcType, k);
        bytes += gc.beforeGC.heapStatistics.usedHeapSize - after;
        after = gc.afterGC.heapStatistics.usedHeapSize;
      }
      const summary = [...kinds].map(([t, k]) => `${t}:${k.n}/${(k.us / 1000).toFixed(0)}ms`).join(',');
      return { bytes: bytes + used1 - after, gcs: stats.length, kinds: summary, survived };
    },
  };
}

/**
 * Round trips: bursts of messages the app's pg connections write within one tick (a pipelined group
 * is written in one go and answered in one go; the next burst waits for an answer).
 */
let roundTrips = 0;
if (process.env.DBSTATS) {
  const proto = (pg as unknown as { Connection: { prototype: Record<string, (...a: unknown[]) => unknown> } })
    .Connection.prototype;
  const send = proto._send as (...a: unknown[]) => unknown;
  const inBurst = new WeakSet<object>();
  proto._send = function (this: object, ...a: unknown[]) {
    if (!inBurst.has(this)) {
      inBurst.add(this);
      roundTrips++;
      process.nextTick(() => inBurst.delete(this));
    }
    return send.apply(this, a);
  };
}

const dbName = `storeloom_reqcost_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`create database ${dbName}`);
const u = new URL(ADMIN_URL);
u.pathname = `/${dbName}`;
const dbUrl = u.toString();
try {
  const owner = createDb(createPool({ connectionString: dbUrl, max: 1 }));
  await migrateToLatest(owner);
  await owner.destroy();
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const seed = await seedCatalogue(client, {
    mainHandle: 'bench',
    mainProducts: 300,
    otherStores: 2,
    otherProducts: 10,
    mainStock: 1_000_000,
  });
  const total = (WARM + N) * ROUNDS;
  const addCarts = await seedCarts(client, seed.mainTenantId, 1000, null);
  const checkoutCarts =
    SCENARIO === 'checkout'
      ? await seedCarts(client, seed.mainTenantId, total, { variantIds: seed.variantIds })
      : [];
  await client.query('analyze');
  if (process.env.DBSTATS) {
    await client.query('create extension if not exists pg_stat_statements');
    // Planning time too (this database only; the app's connections open after this).
    await client.query(`alter database ${dbName} set pg_stat_statements.track_planning = on`);
  }
  await client.end();
  const stats = process.env.DBSTATS ? new pg.Client({ connectionString: dbUrl }) : null;
  await stats?.connect();
  // OBJSTATS=1 (with DBSTATS): functions' calls and time, tables' inserts/updates (HOT or not) and
  // index scans over the window, from the cumulative statistics (backends flush them at most every
  // second, and 10 s after going idle: the window is framed by waits of that length).
  const objectStats = async (): Promise<Map<string, number[]>> => {
    const m = new Map<string, number[]>();
    if (!stats || !process.env.OBJSTATS) return m;
    await new Promise((r) => setTimeout(r, 11_000));
    await stats.query('select pg_stat_clear_snapshot()');
    const { rows } = await stats.query<{ k: string; a: string; b: string; c: string; d: string }>(
      `select 'fn ' || funcname k, calls::text a, total_time::text b, self_time::text c, '0' d from pg_stat_user_functions
       union all
       select 'tb ' || relname, n_tup_ins::text, n_tup_upd::text, n_tup_hot_upd::text, n_tup_del::text from pg_stat_user_tables
       union all
       select 'ix ' || relname || '.' || indexrelname, idx_scan::text, idx_tup_read::text, '0', '0' from pg_stat_user_indexes`,
    );
    for (const r of rows) m.set(r.k, [Number(r.a), Number(r.b), Number(r.c), Number(r.d)]);
    return m;
  };
  const printObjectStats = (a: Map<string, number[]>, b: Map<string, number[]>) => {
    for (const [k, v1] of [...b].sort(([x], [y]) => (x < y ? -1 : 1))) {
      const v0 = a.get(k) ?? [0, 0, 0, 0];
      const d = v1.map((x, i) => (x - (v0[i] ?? 0)) / N);
      if (d.every((x) => x === 0)) continue;
      const f = (x: number | undefined, dp = 3) => (x ?? 0).toFixed(dp).padStart(8);
      if (k.startsWith('fn '))
        out(
          `  ${k.padEnd(48)} calls ${f(d[0])} total_us ${f((d[1] ?? 0) * 1000, 1)} self_us ${f((d[2] ?? 0) * 1000, 1)}`,
        );
      else if (k.startsWith('tb '))
        out(`  ${k.padEnd(48)} ins ${f(d[0])} upd ${f(d[1])} hot ${f(d[2])} del ${f(d[3])}`);
      else out(`  ${k.padEnd(48)} scans ${f(d[0])} tup_read ${f(d[1])}`);
    }
  };
  const dbSnapshot = async () => {
    if (!stats) return null;
    const pids = await backendPids(stats, dbName);
    const { rows } = await stats.query<{ x: string }>(
      `select (xact_commit + xact_rollback)::text x from pg_stat_database where datname = current_database()`,
    );
    return {
      pids,
      cpu: new Map(pids.map((p) => [p, cpuMs([p])])),
      xacts: Number(rows[0]?.x),
      rt: roundTrips,
    };
  };
  const config = parseConfig({
    NODE_ENV: 'development',
    PUBLIC_URL: 'http://localhost:3000',
    DATABASE_URL: dbUrl,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'warn',
    MIGRATE_ON_START: '0',
    RUN_WORKERS: '0',
    SEED_DEMO: '0',
  });
  // The tree before the renovation boots from src/platform.ts; main from src/boot.ts, with the
  // read-cache options src/main.ts passes (the older bootPlatform ignores them).
  const bootFile = existsSync(path.join(ROOT, 'src/boot.ts')) ? 'src/boot.ts' : 'src/platform.ts';
  const { bootPlatform } = (await import(pathToFileURL(path.join(ROOT, bootFile)).href)) as {
    bootPlatform: (
      c: typeof config,
      l: ReturnType<typeof createLogger>,
      o: Record<string, unknown>,
    ) => Promise<{ deps: Parameters<typeof createApp>[0]; close(): Promise<void> }>;
  };
  const flags = config as unknown as { storeReadCache?: boolean; changeNotices?: boolean };
  const platform = await bootPlatform(config, createLogger({ level: 'warn' }), {
    migrate: false,
    readCache: flags.storeReadCache,
    notices: flags.changeNotices,
  });
  const app = createApp(platform.deps);
  const host = 'bench.localhost:3000';
  let checkoutNext = 0;
  const next = (): Req => {
    const headers = { host, 'content-type': 'application/json' };
    switch (SCENARIO) {
      case 'add':
        return {
          method: 'POST',
          path: `/api/store/carts/${pick(addCarts)}/items`,
          headers,
          body: JSON.stringify({ variantId: pick(seed.variantIds), quantity: 1 }),
          status: 200,
        };
      case 'list':
        return { method: 'GET', path: '/api/store/products', headers: { host }, status: 200 };
      case 'detail':
        return {
          method: 'GET',
          path: `/api/store/products/${pick(seed.handles)}`,
          headers: { host },
          status: 200,
        };
      case 'checkout':
        return {
          method: 'POST',
          path: `/api/store/carts/${checkoutCarts[checkoutNext++]}/checkout`,
          headers: { ...headers, 'idempotency-key': randomUUID() },
          body: JSON.stringify({
            email: `shopper${checkoutNext}@bench.test`,
            shippingAddress: {
              name: 'Bench Shopper',
              line1: '1 Load Street',
              city: 'Springfield',
              postalCode: '12345',
              country: 'US',
            },
          }),
          status: 201,
        };
      default:
        throw new Error(`unknown SCENARIO ${SCENARIO}`);
    }
  };

  let send: (r: Req) => Promise<number>;
  let server: http.Server | undefined;
  if (VIA === 'http') {
    const { createAdaptorServer } = await import('@hono/node-server');
    server = createAdaptorServer({ fetch: app.fetch }) as http.Server;
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONC });
    send = (r) =>
      new Promise((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers, agent },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(r.body);
      });
  } else {
    send = async (r) => {
      const res = await app.request(`http://${host}${r.path}`, {
        method: r.method,
        headers: r.headers,
        body: r.body,
      });
      await res.text();
      return res.status;
    };
  }

  let sent = 0;
  let snapshotAt = Number.POSITIVE_INFINITY;
  const snapshotDue = () => sent >= snapshotAt;
  const runN = async (n: number) => {
    let left = n;
    snapshotAt = sent + Math.floor(n / 2);
    await Promise.all(
      Array.from({ length: CONC }, async () => {
        while (left > 0) {
          left--;
          sent++;
          const r = next();
          const status = await send(r);
          if (status !== r.status) throw new Error(`${SCENARIO} ${r.path}: ${status}`);
        }
      }),
    );
  };
  if (process.env.ROUTES) {
    // The handlers the router matches for this scenario's request, in order (what each request runs).
    const r = next();
    const router = (
      app as unknown as {
        router: { match(m: string, p: string): [[[unknown, { method: string; path: string }]][]] };
      }
    ).router;
    for (const [[, route]] of router.match(r.method, r.path.split('?')[0] as string)[0])
      out(`ROUTE ${route.method} ${route.path}`);
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const { Session } = await import('node:inspector/promises');
  // PAGES=n: n storefront home pages first, as `bench commerce` serves pages before its API scenarios
  // (a page request is what first enables the request-context AsyncLocalStorage in main's tree).
  for (let i = 0; i < Number(process.env.PAGES ?? 0); i++) {
    const status = await send({
      method: 'GET',
      path: '/',
      headers: { host, accept: 'text/html' },
      status: 200,
    });
    if (status !== 200) throw new Error(`page /: ${status}`);
  }
  // PRELIST=n: n product-list requests first, as `bench commerce` runs its product list before add to
  // cart and checkout (the state that leaves — caches, heap — is part of what those scenarios meet).
  for (let i = 0, n = Number(process.env.PRELIST ?? 0); i < n; i += CONC) {
    const statuses = await Promise.all(
      Array.from({ length: Math.min(CONC, n - i) }, () =>
        send({ method: 'GET', path: '/api/store/products', headers: { host }, status: 200 }),
      ),
    );
    if (statuses.some((s) => s !== 200)) throw new Error(`product list: ${statuses.join(',')}`);
  }
  for (let round = 0; round < ROUNDS; round++) {
    await runN(WARM);
    gc();
    const session = process.env.PROF ? new Session() : null;
    const heap = process.env.HEAPPROF ? new Session() : null;
    if (heap) {
      heap.connect();
      await heap.post('HeapProfiler.enable');
      await heap.post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        // SURVIVORS=1: leave out what young-generation GCs collected (what outlived a scavenge remains).
        includeObjectsCollectedByMinorGC: !process.env.SURVIVORS,
      } as never);
    }
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    }
    let promises = 0;
    // PROMISES=1 counts the promises (and other async resources) the window creates.
    const hook = process.env.PROMISES
      ? (await import('node:async_hooks'))
          .createHook({
            init(_id, type) {
              if (type === 'PROMISE') promises++;
            },
          })
          .enable()
      : null;
    if (stats) {
      await stats.query(
        'select pg_stat_statements_reset(0, (select oid from pg_database where datname = current_database()), 0)',
      );
      await stats.query('select pg_stat_clear_snapshot()');
    }
    const obj0 = await objectStats();
    const db0 = await dbSnapshot();
    // WAITS=1 (with DBSTATS): what the database's app backends are doing, sampled every 10 ms during the
    // window (state / wait event), e.g. how often checkouts queue for the store's order counter lock.
    const waits = new Map<string, number>();
    let sampling = Boolean(stats && process.env.WAITS);
    const sampler = (async () => {
      while (sampling && stats) {
        const { rows } = await stats.query<{ w: string }>(
          `select coalesce(wait_event_type || ':' || wait_event, 'cpu') || ' ' || state as w
             from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
              and backend_type = 'client backend' and application_name = 'storeloom-app'`,
        );
        for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const alloc = allocationWindow();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    if (process.env.SNAPSHOT) {
      // SNAPSHOT=/tmp/x.heapsnapshot: a heap snapshot halfway through the window, under load.
      const snapshot = (async () => {
        while (!snapshotDue()) await new Promise((r) => setTimeout(r, 50));
        v8.writeHeapSnapshot(process.env.SNAPSHOT);
      })();
      await Promise.all([runN(N), snapshot]);
    } else await runN(N);
    const c1 = process.cpuUsage(c0);
    const wall = performance.now() - t0;
    sampling = false;
    await sampler;
    if (waits.size) {
      const all = [...waits.values()].reduce((a, b) => a + b, 0);
      out(
        `WAITS ${[...waits]
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `${k}=${((100 * n) / all).toFixed(0)}%`)
          .join(' ')}`,
      );
    }
    const { bytes, gcs, kinds, survived } = alloc.stop();
    hook?.disable();
    if (hook) out(`PROMISES per request ${(promises / N).toFixed(1)}`);
    if (heap) {
      const { profile } = await heap.post('HeapProfiler.stopSampling');
      writeFileSync(process.env.HEAPPROF as string, JSON.stringify(profile));
      heap.disconnect();
    }
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(process.env.PROF as string, JSON.stringify(profile));
      session.disconnect();
    }
    gc();
    if (stats && db0) {
      await new Promise((r) => setTimeout(r, Number(process.env.SETTLE ?? 3000)));
      await stats.query('select pg_stat_clear_snapshot()');
      const db1 = await dbSnapshot();
      if (!db1) throw new Error('no snapshot');
      let cpu = 0;
      for (const [pid, ms] of db1.cpu) cpu += ms - (db0.cpu.get(pid) ?? 0);
      const { rows } = await stats.query<Record<string, string>>(
        `select query, calls::text, rows::text, total_exec_time::text exec, total_plan_time::text plan, plans::text, shared_blks_hit::text hit,
                shared_blks_read::text rd, shared_blks_dirtied::text dirtied, shared_blks_written::text written,
                wal_bytes::text wal, wal_records::text walrec
           from pg_stat_statements
          where dbid = (select oid from pg_database where datname = current_database())
            and query not like '%pg_stat_%' and query not like '%pg_backend_pid%'
          order by calls desc, total_exec_time desc`,
      );
      const sum = (k: string) => rows.reduce((a, r) => a + Number(r[k]), 0) / N;
      // The stats client's own two snapshot transactions and the reset are not the app's.
      const xacts = (db1.xacts - db0.xacts - 4) / N;
      out(
        `DBSTATS tree=${path.basename(ROOT)} scenario=${SCENARIO} n=${N} statements=${sum('calls').toFixed(2)} round_trips=${((db1.rt - db0.rt) / N).toFixed(2)} xacts=${xacts.toFixed(2)} exec_ms=${sum('exec').toFixed(3)} plan_ms=${sum('plan').toFixed(3)} plans=${sum('plans').toFixed(2)} rows=${sum('rows').toFixed(2)} blks_hit=${sum('hit').toFixed(1)} blks_read=${sum('rd').toFixed(2)} dirtied=${sum('dirtied').toFixed(2)} written=${sum('written').toFixed(2)} wal_bytes=${sum('wal').toFixed(0)} wal_records=${sum('walrec').toFixed(1)} db_cpu_ms=${(cpu / N).toFixed(3)}`,
      );
      printObjectStats(obj0, await objectStats());
      if (process.env.DBSTATS === '2')
        for (const r of rows)
          out(
            `  ${(Number(r.calls) / N).toFixed(3).padStart(7)} calls ${(Number(r.exec) / N).toFixed(4).padStart(7)} ms ${(Number(r.plan) / N).toFixed(4).padStart(7)} plan ${(Number(r.hit) / N).toFixed(1).padStart(6)} hit ${(Number(r.dirtied) / N).toFixed(2).padStart(5)} dirt ${(Number(r.wal) / N).toFixed(0).padStart(5)} walB ${(Number(r.rows) / N).toFixed(2).padStart(5)} rows  ${String(r.query).replace(/\s+/g, ' ').slice(0, 260)}`,
          );
    }
    out(
      `RESULT tree=${path.basename(ROOT)} scenario=${SCENARIO} via=${VIA} n=${N} cpu_ms=${((c1.user + c1.system) / 1000 / N).toFixed(4)} kB=${(bytes / 1024 / N).toFixed(2)} survived_kB=${(survived / 1024 / N).toFixed(2)} gcs=${gcs} gc=${kinds} heap_mb=${(v8.getHeapStatistics().used_heap_size / 2 ** 20).toFixed(0)} wall_ms=${wall.toFixed(0)} load=${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
    );
  }
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await platform.close();
  await stats?.end();
} finally {
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
process.exit(0);
