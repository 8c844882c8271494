/**
 * Issue #11.3: /readyz is no amplifier. It is unauthenticated, so a crowd
 * may call it: its answer is probed on existing pools at most once a second,
 * so 100 concurrent callers cost no connection and no database transaction
 * each. What the crowd costs the storefront's latency is measured by
 * `npm run bench -- readyz` (a timed assertion here failed on a busy CI run).
 */

import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_URL, type Api, call, createFaultDb, seedShop, sleep, startApi } from './faults-harness.js';

let api: Api | undefined;
let db: Awaited<ReturnType<typeof createFaultDb>>;

beforeAll(async () => {
  db = await createFaultDb(); // ours alone, so its sessions can be counted
  await seedShop(db.url);
  api = await startApi({
    NODE_ENV: 'development',
    DATABASE_URL: db.url,
    MIGRATE_ON_START: '0',
    RUN_WORKERS: '0',
    SEED_DEMO: '0',
  });
}, 180_000);

afterAll(async () => {
  await api?.stop();
  await db?.drop();
}, 60_000);

/** The crowd keeps its connections open, as probes and load balancers do. */
const crowdAgent = new http.Agent({ keepAlive: true, maxSockets: 100 });

function get(port: number, urlPath: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: crowdAgent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
  });
}

/** Commits and rollbacks of the fault database so far, read from another database (so the reading adds none). */
async function transactions(): Promise<number> {
  const name = new URL(db.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const r = await admin.query<{ n: string }>(
      'select xact_commit + xact_rollback as n from pg_stat_database where datname = $1',
      [name],
    );
    return Number(r.rows[0]!.n);
  } finally {
    await admin.end();
  }
}

/** Backends report their counts when idle, at the latest 10 s after their last transaction (PostgreSQL 15). */
const STATS_FLUSH_MS = 11_000;

describe('/readyz under a crowd', () => {
  it('100 concurrent callers: no new connection and no probe per call', async () => {
    const watcher = new pg.Client({ connectionString: ADMIN_URL });
    await watcher.connect();
    const name = new URL(db.url).pathname.slice(1);
    // Backends of the fault database, by pid: a connection per call would show new ones all the time.
    const pids = async () =>
      (
        await watcher.query<{ pid: number }>(
          `select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend'`,
          [name],
        )
      ).rows.map((r) => r.pid);
    expect((await call(api!.port, 'localhost', 'GET', '/readyz')).status).toBe(200);
    await sleep(STATS_FLUSH_MS);
    // What the API does by itself (queue polling, its listener) over a window as long as the crowd's.
    const txIdle = await transactions();
    await sleep(3_000 + STATS_FLUSH_MS);
    const txBefore = await transactions();
    const idle = txBefore - txIdle;
    const before = new Set(await pids());
    const seen = new Set<number>();
    let stop = false;
    let answers = 0;
    const statuses = new Map<number, number>();
    const watch = (async () => {
      while (!stop) {
        for (const pid of await pids()) seen.add(pid);
        await sleep(50);
      }
    })();
    const caller = async () => {
      while (!stop) {
        const status = await get(api!.port, '/readyz');
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        answers++;
      }
    };
    const started = performance.now();
    const crowd = Array.from({ length: 100 }, caller);
    await sleep(3_000);
    stop = true;
    await Promise.all([...crowd, watch]);
    const seconds = (performance.now() - started) / 1_000;
    crowdAgent.destroy();
    await watcher.end();
    await sleep(STATS_FLUSH_MS);
    const during = (await transactions()) - txBefore;
    const opened = [...seen].filter((pid) => !before.has(pid)).length;
    console.log(
      `readyz: ${answers} answers in ${seconds.toFixed(1)} s from 100 callers ${JSON.stringify([...statuses])}; ` +
        `${during} transactions in the fault database (${idle} in as long without callers); ${opened} new database sessions seen`,
    );
    expect(statuses.get(200)).toBe(answers);
    expect(answers).toBeGreaterThan(500);
    // Thousands of answers opened at most a session or two (an app session replaced), never one per call.
    expect(opened).toBeLessThanOrEqual(3);
    // A probe (database and queue, both on this database here) at most once a second on top of what the idle
    // API does by itself — a handful more transactions, where a probe per call would be thousands.
    expect(during - idle).toBeLessThanOrEqual(2 * Math.ceil(seconds + 1) + 10);
  }, 150_000);
});
