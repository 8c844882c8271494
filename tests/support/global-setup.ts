/**
 * Test-run setup: checks that PostgreSQL and Redis answer (failing at once
 * with how to start them), creates a database with a random name, migrates it
 * once (our migrations + BullMQ's schema), and drops it after the run.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb, createPool } from '../../src/lib/db/index.js';
import { migrateToLatest } from '../../src/lib/db/migrate.js';
import { migrateQueueBackend } from '../../src/lib/queue.js';

export const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    runId: string;
  }
}

async function checkPostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_URL} (${(err as Error).message}).\n` +
        'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  } finally {
    await client.end().catch(() => {});
  }
}

async function checkRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3_000,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(
      `Redis is not reachable at ${REDIS_URL} (${(err as Error).message}).\n` +
        'Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    );
  } finally {
    redis.disconnect();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await Promise.all([checkPostgres(), checkRedis()]);
  const runId = randomBytes(4).toString('hex');
  const dbName = `storeloom_test_${runId}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();

  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  const owner = createDb(createPool({ connectionString: databaseUrl, max: 1 }));
  try {
    await migrateToLatest(owner);
    await migrateQueueBackend({ kind: 'postgres', connectionString: databaseUrl });
  } finally {
    await owner.destroy();
  }
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', REDIS_URL);
  project.provide('runId', runId);

  return async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`t${runId}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  };
}
