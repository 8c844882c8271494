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
 * HEAPPROF=/tmp/x.heapprofile profile the measured window.
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
  await client.end();
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
    out(
      `RESULT tree=${path.basename(ROOT)} scenario=${SCENARIO} via=${VIA} n=${N} cpu_ms=${((c1.user + c1.system) / 1000 / N).toFixed(4)} kB=${(bytes / 1024 / N).toFixed(2)} survived_kB=${(survived / 1024 / N).toFixed(2)} gcs=${gcs} gc=${kinds} heap_mb=${(v8.getHeapStatistics().used_heap_size / 2 ** 20).toFixed(0)} wall_ms=${wall.toFixed(0)} load=${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
    );
  }
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await platform.close();
} finally {
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
process.exit(0);
