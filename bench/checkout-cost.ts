/**
 * Checkout's cost in-process, for comparing trees on a shared machine:
 * after WARM checkouts (default 400), N more (1,500) at CONC at a time (8)
 * through app.request() — the app as the API runs it, no HTTP server —
 * between two forced GCs marked `MARK start` / `MARK end` on stdout. Prints
 * CPU ms of this process per checkout (the in-process request plumbing
 * included, the same in every tree). Not a timed test; its own database.
 *
 *   node --expose-gc --trace-gc-nvp --max-semi-space-size=1 --min-semi-space-size=1 \
 *     --import tsx bench/checkout-cost.ts > /tmp/cost.log
 *
 * Bytes allocated per checkout, which no other load changes: the sum over the
 * GCs between the marks of total_size_before minus the previous GC's
 * total_size_after, divided by N (the trace's `allocated=` field is not
 * that). PROF=/tmp/x.cpuprofile and HEAPPROF=/tmp/x.heapprofile profile the
 * measured window (the heap profile samples every 4 KiB and keeps collected
 * objects: allocation by site).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { bootPlatform } from '../src/boot.js';
import { parseConfig } from '../src/lib/config.js';
import { createDb, createPool } from '../src/lib/db/index.js';
import { migrateToLatest } from '../src/lib/db/migrate.js';
import { createLogger } from '../src/lib/logger.js';
import { seedCarts, seedCatalogue } from './seed.js';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WARM = Number(process.env.WARM ?? 400);
const N = Number(process.env.N ?? 1500);
const CONC = Number(process.env.CONC ?? 8);
const out = (s: string) => process.stdout.write(`${s}\n`);

const dbName = `storeloom_ckcost_${randomBytes(4).toString('hex')}`;
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
  const carts = await seedCarts(client, seed.mainTenantId, WARM + N, { variantIds: seed.variantIds });
  await client.query('analyze');
  await client.end();
  const config = parseConfig({
    NODE_ENV: 'development',
    PUBLIC_URL: 'http://localhost:3000',
    DATABASE_URL: dbUrl,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: '0',
    RUN_WORKERS: '0',
    SEED_DEMO: '0',
  });
  const platform = await bootPlatform(config, createLogger({ level: 'silent' }), {
    migrate: false,
    readCache: false,
    notices: false,
  });
  const app = createApp(platform.deps);
  let next = 0;
  const one = async () => {
    const i = next++;
    const res = await app.request(`http://bench.localhost:3000/api/store/carts/${carts[i]}/checkout`, {
      method: 'POST',
      headers: {
        host: 'bench.localhost:3000',
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({
        email: `shopper${i}@bench.test`,
        shippingAddress: {
          name: 'Bench Shopper',
          line1: '1 Load Street',
          city: 'Springfield',
          postalCode: '12345',
          country: 'US',
        },
      }),
    });
    await res.text();
    if (res.status !== 201) throw new Error(`checkout ${res.status}`);
  };
  const runN = async (n: number) => {
    const end = next + n;
    await Promise.all(
      Array.from({ length: CONC }, async () => {
        while (next < end) await one();
      }),
    );
  };
  await runN(WARM);
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  const { Session } = await import('node:inspector/promises');
  const session = process.env.PROF ? new Session() : null;
  const heap = process.env.HEAPPROF ? new Session() : null;
  if (heap) {
    heap.connect();
    await heap.post('HeapProfiler.enable');
    await heap.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
  }
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  out('MARK start');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await runN(N);
  const c1 = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  if (heap) {
    const { profile } = await heap.post('HeapProfiler.stopSampling');
    (await import('node:fs')).writeFileSync(process.env.HEAPPROF!, JSON.stringify(profile));
    heap.disconnect();
  }
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    (await import('node:fs')).writeFileSync(process.env.PROF!, JSON.stringify(profile));
    session.disconnect();
  }
  gc();
  out('MARK end');
  out(
    `RESULT n=${N} cpu_ms_per_checkout=${((c1.user + c1.system) / 1000 / N).toFixed(3)} wall_ms=${wall.toFixed(0)} load=${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`,
  );
  await platform.close();
} finally {
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
process.exit(0);
