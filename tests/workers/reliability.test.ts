/**
 * Worker reliability, on BOTH queue backends: a worker child process killed
 * with SIGKILL mid-job → after restart the job completes and its effect
 * exists once; 500 jobs in flight and SIGTERM → none lost; a poison job fails
 * at once (no retries) without blocking the others.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createQueueHub, type QueueHub } from '../../src/lib/queue.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(here, 'fixtures', 'worker-child.ts');
const LOCK_MS = 1500;

let owner: pg.Client;
beforeAll(async () => {
  owner = new pg.Client({ connectionString: inject('databaseUrl') });
  await owner.connect();
  await owner.query(`
    create schema if not exists reliability_test;
    create table if not exists reliability_test.effects (job_key text primary key, created_at timestamptz not null default now());
    create table if not exists reliability_test.executions (id bigserial primary key, job_key text not null);
    grant usage on schema reliability_test to storeloom_app;
    grant select, insert on all tables in schema reliability_test to storeloom_app;
    grant usage on all sequences in schema reliability_test to storeloom_app;`);
});
afterAll(async () => {
  await owner.end();
});

async function count(table: 'effects' | 'executions', prefix: string): Promise<number> {
  const r = await owner.query(
    `select count(*)::int as n from reliability_test.${table} where job_key like $1`,
    [`${prefix}%`],
  );
  return r.rows[0].n;
}

interface Child {
  proc: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function startChild(
  backend: 'redis' | 'postgres',
  queue: string,
  prefix: string,
  concurrency = 4,
): Promise<Child> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3000',
    DATABASE_URL: inject('databaseUrl'),
    DB_POOL_SIZE: '6',
    SHUTDOWN_TIMEOUT_MS: '30000',
    REL_QUEUE: queue,
    REL_PREFIX: prefix,
    REL_CONCURRENCY: String(concurrency),
    REL_LOCK_MS: String(LOCK_MS),
  };
  if (backend === 'redis') env.REDIS_URL = inject('redisUrl');
  else delete env.REDIS_URL;
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start: ${stderr}`)), 30_000);
    proc.stderr!.on('data', (d) => (stderr += String(d)));
    proc.stdout!.on('data', (d) => {
      for (const l of String(d).split('\n')) if (l) lines.push(l);
      if (lines.includes('ready')) {
        clearTimeout(timer);
        resolve({ proc, lines, exited });
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      if (!lines.includes('ready')) reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

async function waitFor(
  cond: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each([['redis'], ['postgres']] as const)('worker reliability on %s', (backend) => {
  let hub: QueueHub;
  const prefix = `rel${randomBytes(4).toString('hex')}`;
  beforeAll(() => {
    hub = createQueueHub(
      backend === 'redis'
        ? { kind: 'redis', url: inject('redisUrl') }
        : { kind: 'postgres', connectionString: inject('databaseUrl') },
      prefix,
    );
  });
  afterAll(async () => {
    await hub.close();
  });
  const qname = (s: string) => `${prefix}-${s}`;

  it('SIGKILL mid-job: after restart the job completes and its effect exists exactly once', {
    timeout: 90_000,
  }, async () => {
    const queue = qname('kill');
    const key = `${prefix}-kill-1`;
    const job = await hub.queue(queue).add('slow', { key, slowMs: 2500 }, { jobId: key });
    const first = await startChild(backend, queue, prefix);
    await waitFor(() => first.lines.includes(`started ${key}`), 20_000, 'job start');
    first.proc.kill('SIGKILL');
    await first.exited;
    expect(await count('effects', key)).toBe(0);
    const second = await startChild(backend, queue, prefix);
    try {
      await waitFor(
        async () => (await hub.queue(queue).getJobState(job.id!)) === 'completed',
        60_000,
        'completion',
      );
      expect(await count('effects', key)).toBe(1);
      expect(await count('executions', key)).toBe(2);
    } finally {
      second.proc.kill('SIGTERM');
      await second.exited;
    }
  });

  it('500 jobs in flight and SIGTERM: none lost', { timeout: 120_000 }, async () => {
    const queue = qname('bulk');
    const keyPrefix = `${prefix}-bulk-`;
    await hub.queue(queue).addBulk(
      Array.from({ length: 500 }, (_, i) => ({
        name: 'slow',
        data: { key: `${keyPrefix}${i}`, slowMs: 30 },
        opts: { jobId: `${keyPrefix}${i}` },
      })),
    );
    const first = await startChild(backend, queue, prefix, 10);
    await waitFor(async () => (await count('effects', keyPrefix)) >= 20, 30_000, 'some progress');
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const counts = await hub.queue(queue).getJobCounts('active', 'failed', 'completed');
    expect(counts.active).toBe(0);
    expect(counts.failed).toBe(0);
    expect(counts.completed).toBeLessThan(500);
    const second = await startChild(backend, queue, prefix, 10);
    try {
      await waitFor(
        async () => (await hub.queue(queue).getJobCounts('completed')).completed === 500,
        90_000,
        'all 500',
      );
      expect(await count('effects', keyPrefix)).toBe(500);
      expect((await hub.queue(queue).getJobCounts('failed')).failed).toBe(0);
    } finally {
      second.proc.kill('SIGTERM');
      await second.exited;
    }
  });

  it('a poison job fails fast, without retries, and does not block others', { timeout: 60_000 }, async () => {
    const queue = qname('poison');
    const keyPrefix = `${prefix}-ok-`;
    const poison = await hub.queue(queue).add('slow', { nope: true });
    await hub.queue(queue).addBulk(
      Array.from({ length: 5 }, (_, i) => ({
        name: 'slow',
        data: { key: `${keyPrefix}${i}`, slowMs: 10 },
      })),
    );
    const child = await startChild(backend, queue, prefix, 1);
    try {
      await waitFor(async () => (await count('effects', keyPrefix)) === 5, 30_000, 'good jobs');
      await waitFor(
        async () => (await hub.queue(queue).getJobState(poison.id!)) === 'failed',
        10_000,
        'poison failed',
      );
      const j = await hub.queue(queue).getJob(poison.id!);
      expect(j?.attemptsMade).toBe(1);
      expect(j?.failedReason).toContain('invalid job payload');
    } finally {
      child.proc.kill('SIGTERM');
      await child.exited;
    }
  });
});
