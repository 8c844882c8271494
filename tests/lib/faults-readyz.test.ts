/**
 * Issue #11.3: /readyz is no amplifier. It is unauthenticated, so a crowd
 * may call it: its answer is probed on existing pools at most once a second,
 * so 100 concurrent callers cost no connection each, and a storefront
 * request's median latency stays within 2× of idle while they call.
 */

import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, call, createFaultDb, seedShop, sleep, startApi } from './faults-harness.js';

let api: Api | undefined;
let db: Awaited<ReturnType<typeof createFaultDb>>;
let shop: Awaited<ReturnType<typeof seedShop>>;

beforeAll(async () => {
  db = await createFaultDb(); // ours alone, so its sessions can be counted
  shop = await seedShop(db.url);
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function storefrontLatencies(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await call(api!.port, `${shop.handle}.localhost`, 'GET', '/api/store/products?limit=20');
    expect(r.status).toBe(200);
    out.push(performance.now() - t);
  }
  return out;
}

/** Storefront p50 while 100 callers hit `urlPath` back to back; returns it with the callers' statuses. */
async function underCrowd(
  urlPath: string,
): Promise<{ p50: number; answers: number; statuses: Map<number, number> }> {
  let stop = false;
  let answers = 0;
  const statuses = new Map<number, number>();
  const caller = async () => {
    for (let i = 0; i < 5_000 && !stop; i++) {
      const status = await get(api!.port, urlPath);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      answers++;
    }
  };
  const crowd = Array.from({ length: 100 }, caller);
  await sleep(1_000);
  const p50 = median(await storefrontLatencies(60));
  stop = true;
  await Promise.all(crowd);
  return { p50, answers, statuses };
}

describe('/readyz under a crowd', () => {
  it('100 concurrent callers: no new connection per call; the storefront keeps its latency', async () => {
    await storefrontLatencies(30); // warm-up
    const idle = median(await storefrontLatencies(60));
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    // Backends of this database, by pid: a connection per call would show new ones all the time.
    const pids = async () =>
      (
        await admin.query<{ pid: number }>(
          `select pid from pg_stat_activity
            where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
        )
      ).rows.map((r) => r.pid);
    // The same crowd on /healthz (no work at all): what 100 callers cost this machine's CPU by themselves.
    const floor = await underCrowd('/healthz');
    const before = new Set(await pids());
    const seen = new Set<number>();
    let watching = true;
    const watch = (async () => {
      for (let i = 0; i < 1_000 && watching; i++) {
        for (const pid of await pids()) seen.add(pid);
        await sleep(50);
      }
    })();
    const ready = await underCrowd('/readyz');
    watching = false;
    await watch;
    const fresh = [...seen].filter((pid) => !before.has(pid));
    const opened = fresh.length;
    await admin.end();
    crowdAgent.destroy();
    console.log(
      `readyz: storefront p50 idle ${idle.toFixed(1)} ms; with 100 /healthz callers ${floor.p50.toFixed(1)} ms; with 100 /readyz callers ${ready.p50.toFixed(1)} ms (${ready.answers} answers ${JSON.stringify([...ready.statuses])}); ${opened} new database sessions seen`,
    );
    expect(ready.statuses.get(200)).toBe(ready.answers);
    expect(ready.answers).toBeGreaterThan(500);
    // Thousands of answers opened at most a session or two (an app session replaced), never one per call.
    expect(opened).toBeLessThanOrEqual(3);
    // Within 2× of idle once the crowd's own HTTP cost on this 2-core machine is counted as idle.
    expect(ready.p50).toBeLessThanOrEqual(2 * Math.max(idle, floor.p50));
  }, 150_000);
});
