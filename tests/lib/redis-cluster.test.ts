/**
 * Queues on a real Redis Cluster: the test starts three masters on loopback
 * ports with Debian's redis-server (`--cluster-enabled yes`, no persistence),
 * joins them with `redis-cli --cluster create`, and runs BullMQ through the
 * queue hub in cluster mode: a job added and processed, and an outbox event
 * relayed from PostgreSQL to a worker exactly once. Every key the queues
 * wrote carries the hash-tagged prefix `{storeloom}` and lives on one master
 * (BullMQ's Lua scripts touch many keys of a queue at once: one slot or a
 * CROSSSLOT error). The cluster is torn down at the end.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { createLogger } from '../../src/lib/logger.js';
import { createOutboxRelay, enqueueOutbox, type OutboxJobData } from '../../src/lib/outbox.js';
import { createQueueHub, type QueueHub } from '../../src/lib/queue.js';
import { createTestStore, type TestStore, uniq } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';

const run = promisify(execFile);
const logger = createLogger({ level: 'silent' });
let dir = '';
const servers: ChildProcess[] = [];
let ports: number[] = [];
let hub: QueueHub;
let platform: TestPlatform;
let store: TestStore;

/** Whether 127.0.0.1:port can be bound right now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Three ports whose cluster bus ports (port + 10000) are free too. */
async function clusterPorts(): Promise<number[]> {
  const found: number[] = [];
  while (found.length < 3) {
    const p = 20_000 + Math.floor(Math.random() * 20_000);
    if (found.includes(p)) continue;
    if ((await bindable(p)) && (await bindable(p + 10_000))) found.push(p);
  }
  return found;
}

async function waitFor(cond: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const cli = (port: number, ...args: string[]) => run('redis-cli', ['-p', String(port), ...args]);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'storeloom-cluster-'));
  ports = await clusterPorts();
  for (const p of ports) {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(p),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${p}.conf`,
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    servers.push(child);
  }
  for (const p of ports)
    await waitFor(async () => (await cli(p, 'ping')).stdout.trim() === 'PONG', `node ${p}`);
  await run('redis-cli', [
    '--cluster',
    'create',
    ...ports.map((p) => `127.0.0.1:${p}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  for (const p of ports)
    await waitFor(
      async () => (await cli(p, 'cluster', 'info')).stdout.includes('cluster_state:ok'),
      'cluster ok',
    );
  hub = createQueueHub(
    { kind: 'redis-cluster', nodes: ports.map((p) => `redis://127.0.0.1:${p}`) },
    'storeloom',
  );
  platform = await testPlatform();
  store = await createTestStore(platform.deps);
}, 90_000);

afterAll(async () => {
  await hub?.close();
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.exitCode !== null) return resolve();
          s.once('exit', () => resolve());
          s.kill('SIGTERM');
        }),
    ),
  );
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('queues on a 3-master Redis Cluster', () => {
  it('reports the cluster backend and answers its readiness ping', async () => {
    expect(hub.backend).toBe('redis-cluster');
    await hub.ping();
  });

  it('runs a job, with every key of the queues under {storeloom} on one master', async () => {
    const name = uniq('cluster-q-');
    const seen: unknown[] = [];
    const worker = hub.worker(name, async (job) => {
      seen.push(job.data);
      return { doubled: (job.data as { n: number }).n * 2 };
    });
    const job = await hub.queue(name).add('double', { n: 21 });
    await waitFor(async () => (await job.getState()) === 'completed', 'the job');
    expect(seen).toEqual([{ n: 21 }]);
    const done = await hub.queue(name).getJob(job.id!);
    expect(done?.returnvalue).toEqual({ doubled: 42 });
    await worker.close();

    // Where the keys landed: one master holds them all, all under the tag.
    const perMaster = await Promise.all(
      ports.map(async (p) => (await cli(p, '--raw', 'keys', '*')).stdout.split('\n').filter(Boolean)),
    );
    const holding = perMaster.filter((keys) => keys.some((k) => k.includes(name)));
    expect(holding).toHaveLength(1);
    const all = perMaster.flat();
    expect(all.some((k) => k.startsWith(`{storeloom}:${name}:`))).toBe(true);
    expect(all.filter((k) => !k.startsWith('{storeloom}:'))).toEqual([]);
  });

  it('relays an outbox event from PostgreSQL through the cluster to its worker exactly once', async () => {
    const topic = uniq('test.cluster.');
    const queue = uniq('cluster-outbox-');
    const got: OutboxJobData[] = [];
    const worker = hub.worker(queue, async (job) => {
      got.push(job.data as OutboxJobData);
    });
    const relay = createOutboxRelay({
      db: platform.deps.db,
      hub,
      routes: { [topic]: [queue] },
      logger,
      intervalMs: 50,
    });
    await withTenant(platform.deps.db, store.tenant.id, (trx) =>
      enqueueOutbox(trx, store.tenant.id, { topic, payload: { n: 7 } }),
    );
    relay.start();
    try {
      await waitFor(async () => got.length >= 1, 'the outbox event');
      await new Promise((r) => setTimeout(r, 300)); // more relay ticks: nothing twice
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ tenantId: store.tenant.id, topic, payload: { n: 7 } });
    } finally {
      await relay.stop();
      await worker.close();
    }
  });
});
