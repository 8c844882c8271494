/**
 * Issue #11.2: the queue's Redis lost and back, in production mode. The API
 * (workers and relay in-process) runs against a Redis of this test's own on
 * a spare loopback port (never the shared one on 6379), with persistence so
 * a restart keeps what it held. While Redis is down, storefront, cart and
 * checkout keep working, /readyz says the queue is down (503), events wait
 * in the outbox; when it returns every event is delivered exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/support.js';
import { OUTBOX_ROUTES } from '../../src/lib/queue-names.js';
import {
  type Api,
  call,
  checkBooks,
  createFaultDb,
  runShoppers,
  seedShop,
  sleep,
  startApi,
  waitOutboxDrained,
} from './faults-harness.js';

const redisDir = mkdtempSync(path.join(os.tmpdir(), 'storeloom-redis-'));
let redisPort = 0;
let redis: ChildProcess | undefined;
let db: Awaited<ReturnType<typeof createFaultDb>>;
let shop: Awaited<ReturnType<typeof seedShop>>;
let api: Api | undefined;

async function startRedis(): Promise<void> {
  redis = spawn(
    'redis-server',
    [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--dir',
      redisDir,
      '--appendonly',
      'yes',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    const r = new Redis(redisPort, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    r.on('error', () => {});
    const ok = await r.connect().then(
      () => r.ping().then(() => true),
      () => false,
    );
    r.disconnect();
    if (ok) return;
    await sleep(50);
  }
  throw new Error('our redis-server did not start');
}

async function stopRedis(): Promise<void> {
  const r = redis;
  if (!r || r.exitCode !== null) return;
  const gone = new Promise((resolve) => r.once('exit', resolve));
  r.kill('SIGTERM');
  await gone;
}

beforeAll(async () => {
  redisPort = await freePort();
  await startRedis();
  db = await createFaultDb();
  shop = await seedShop(db.url);
  api = await startApi({
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    DATA_DIR: redisDir,
    MIGRATE_ON_START: '0',
    RUN_WORKERS: '1',
    SEED_DEMO: '0',
  });
}, 180_000);

afterAll(async () => {
  await api?.stop();
  await stopRedis();
  await db?.drop();
  rmSync(redisDir, { recursive: true, force: true });
}, 60_000);

const readyz = async () =>
  (await call(api!.port, 'localhost', 'GET', '/readyz')) as { status: number; body: unknown };

describe('Redis lost and back under load (production mode)', () => {
  it('shopping goes on, /readyz names the queue, events wait and are delivered once', async () => {
    expect((await readyz()).status).toBe(200);
    const host = `${shop.handle}.localhost`;
    const start = Date.now();
    const load = runShoppers(api!, host, shop.variantIds, 6, start + 16_000, start + 40_000);
    await sleep(3_000);
    await stopRedis();
    const downAt = Date.now();
    await sleep(1_500);
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', database: true, queue: false });
    // Storefront reads answer while Redis is away.
    expect((await call(api!.port, host, 'GET', '/api/store/products')).status).toBe(200);
    await sleep(Math.max(0, 8_000 - (Date.now() - downAt)));
    expect(api!.exit(), api!.output().slice(-3000)).toBeUndefined();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const held = await c.query<{ n: number }>('select count(*)::int as n from outbox where sent_at is null');
    await startRedis();

    const stats = await load;
    expect(api!.exit(), api!.output().slice(-3000)).toBeUndefined();
    // Checkout never needed Redis: nothing failed, nothing was retried.
    expect([...stats.statuses.keys()].sort()).toEqual([200, 201]);
    expect(stats.unresolved).toBe(0);
    expect(await checkBooks(db.url, shop.tenantId, [...stats.orders.values()])).toEqual([]);

    // Every event is delivered once Redis is back (waited for while the relay makes progress).
    const topics = Object.keys(OUTBOX_ROUTES);
    expect((await waitOutboxDrained(c)).unsent).toBe(0);
    const { rows: events } = await c.query<{ tenant_id: string; id: number; topic: string }>(
      'select tenant_id, id::int, topic from outbox where topic = any($1)',
      [topics],
    );
    await c.end();
    const r = new Redis(redisPort, '127.0.0.1');
    try {
      const missing: string[] = [];
      for (const e of events)
        for (const q of OUTBOX_ROUTES[e.topic] ?? [])
          if ((await r.exists(`bull:${q}:ob-${e.tenant_id}-${e.id}`)) !== 1) missing.push(`${q}/${e.id}`);
      expect(missing).toEqual([]);
      // Exactly once: each job id was added once (BullMQ dedupes by id; no job was re-created under another id).
      const keys = await r.keys('bull:*:ob-*');
      const jobKeys = keys.filter((k) => /^bull:[^:]+:ob-[^:]+$/.test(k));
      expect(jobKeys.length).toBe(events.reduce((n, e) => n + (OUTBOX_ROUTES[e.topic]?.length ?? 0), 0));
    } finally {
      r.disconnect();
    }
    expect((await readyz()).status).toBe(200);
    console.log(
      `redis: ${held.rows[0]!.n} events held while down; ${stats.orders.size} orders; statuses ${JSON.stringify([...stats.statuses])}`,
    );
  }, 300_000);
});
