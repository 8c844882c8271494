/**
 * Queues: BullMQ on Redis when REDIS_URL is set, otherwise on BullMQ's
 * PostgreSQL backend in the platform's own database (schema `bullmq`).
 * Everything else in the codebase talks to the `QueueHub` below and never
 * knows which backend it runs on.
 *
 * Losing the backend fails fast and heals by itself: the producers' Redis
 * connection has no offline queue (a `queue.add` while Redis is down rejects
 * at once instead of hanging; the outbox keeps the event), every connection
 * has an `error` listener, and a queue whose first connection failed (its
 * readiness is memoized by BullMQ) is dropped so the next use builds a new one.
 */
import {
  createPostgresBackend,
  type Job,
  type JobsOptions,
  Queue,
  runMigrations,
  Worker,
  withBackend,
} from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import pg from 'pg';
import { isConnectionLoss } from './db/connection-loss.js';
import { logger } from './logger.js';
import { startJobTimer } from './metrics.js';

export type { Job, JobsOptions };

export type QueueBackendConfig =
  | { kind: 'redis'; url: string }
  | { kind: 'postgres'; connectionString: string };

export type JobProcessor = (job: Job) => Promise<unknown>;

export interface WorkerOptions {
  concurrency?: number;
  /** How long a job's lock lasts before a dead worker's job is retried by another. */
  lockDuration?: number;
  /** How often stalled jobs (expired locks of dead workers) are looked for; BullMQ default 30 s. */
  stalledInterval?: number;
}

/** The queue operations the platform uses, whatever the backend. */
export interface QueueHub {
  readonly backend: QueueBackendConfig['kind'];
  queue(name: string): Queue;
  worker(name: string, processor: JobProcessor, opts?: WorkerOptions): Worker;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

const pgClasses = withBackend(createPostgresBackend);

let lastQueueLossLog = 0;

/** Logs a lost queue connection at most once every 5 s (a Redis outage reports one per retry). */
function noteQueueError(err: unknown): void {
  const now = Date.now();
  if (now - lastQueueLossLog < 5_000) return;
  lastQueueLossLog = now;
  const e = err as { message?: string; code?: string };
  if (isConnectionLoss(err))
    logger.warn({ err: { message: e?.message, code: e?.code } }, 'queue connection lost; reconnecting');
  else logger.error({ err }, 'queue connection error');
}

/** The producers' connection: commands fail at once while Redis is away (BullMQ's advice for Queue). */
const PRODUCER_REDIS: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false };
/** Workers block on Redis; BullMQ requires unlimited retries for them. */
const WORKER_REDIS: RedisOptions = { maxRetriesPerRequest: null };

function guardedPgClient(connectionString: string): pg.Client {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
  client.on('error', noteQueueError);
  return client;
}

/** Creates BullMQ's tables when the queue runs on PostgreSQL (idempotent, advisory-locked). */
export async function migrateQueueBackend(config: QueueBackendConfig): Promise<void> {
  if (config.kind !== 'postgres') return;
  const client = guardedPgClient(config.connectionString);
  await client.connect();
  try {
    await runMigrations(client);
  } finally {
    await client.end();
  }
}

export function createQueueHub(config: QueueBackendConfig, prefix?: string): QueueHub {
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  let redis: Redis | undefined;
  // Set once workers have finished: a queue opened after that (a job finishing
  // during shutdown) would hold connections nobody closes.
  let closed = false;
  const redisConnection = (): Redis => {
    if (!redis) {
      redis = new Redis(config.kind === 'redis' ? config.url : '', PRODUCER_REDIS);
      redis.on('error', noteQueueError);
    }
    return redis;
  };
  // One small pool for readiness pings on the PostgreSQL backend (never a new connection per ping).
  let pingPool: pg.Pool | undefined;
  const pgPing = async () => {
    if (config.kind !== 'postgres') return;
    if (!pingPool) {
      pingPool = new pg.Pool({
        connectionString: config.connectionString,
        max: 1,
        idleTimeoutMillis: 60_000,
        connectionTimeoutMillis: 2_000,
      });
      pingPool.on('error', noteQueueError);
      pingPool.on('connect', (client) => client.on('error', noteQueueError));
    }
    // A failing query would make pg-pool discard the session: ask only what always answers.
    await pingPool.query('select 1');
  };
  /** A queue whose first connection failed stays broken in BullMQ: forget it so the next use rebuilds it. */
  const forgetIfNeverReady = (name: string, q: Queue) => {
    q.on('error', noteQueueError);
    q.waitUntilReady().catch(() => {
      if (queues.get(name) !== q) return;
      queues.delete(name);
      q.close().catch(() => {});
    });
  };

  return {
    backend: config.kind,
    queue(name) {
      let q = queues.get(name);
      if (!q) {
        if (closed) throw new Error(`queue hub is closed; cannot open queue ${name}`);
        if (config.kind === 'redis') {
          q = new Queue(name, {
            connection: redisConnection(),
            prefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          });
        } else {
          q = new pgClasses.Queue(name, {
            connection: { connectionString: config.connectionString, max: 4 },
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }) as unknown as Queue;
        }
        queues.set(name, q);
        forgetIfNeverReady(name, q);
      }
      return q;
    },
    worker(name, untimed, opts = {}) {
      // Every job's duration and outcome go to /metrics (src/lib/metrics.ts).
      const processor: JobProcessor = async (job) => {
        const done = startJobTimer(name);
        try {
          const result = await untimed(job);
          done('completed');
          return result;
        } catch (err) {
          done('failed');
          throw err;
        }
      };
      const common = {
        concurrency: opts.concurrency ?? 4,
        lockDuration: opts.lockDuration ?? 30_000,
        ...(opts.stalledInterval ? { stalledInterval: opts.stalledInterval } : {}),
        autorun: true,
      };
      const w =
        config.kind === 'redis'
          ? new Worker(name, processor, {
              ...common,
              prefix,
              connection: guardedRedis(config.url, WORKER_REDIS),
            })
          : (new pgClasses.Worker(name, processor, {
              ...common,
              connection: { connectionString: config.connectionString, max: 4 },
            }) as unknown as Worker);
      w.on('error', noteQueueError);
      workers.push(w);
      return w;
    },
    async ping() {
      if (config.kind === 'redis') {
        const r = redisConnection();
        if (r.status !== 'ready') await readyWithin(r, 2_000);
        await r.ping();
      } else {
        await pgPing();
      }
    },
    async close() {
      // Workers first (their active jobs may still add to queues), then queues.
      await Promise.allSettled(workers.map((w) => w.close()));
      closed = true;
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      if (redis) redis.disconnect();
      await pingPool?.end().catch(() => {});
    },
  };
}

function guardedRedis(url: string, opts: RedisOptions): Redis {
  const r = new Redis(url, opts);
  r.on('error', noteQueueError);
  return r;
}

/** Waits (bounded) for a connection still being established; a ping right after boot must not fail for that. */
function readyWithin(r: Redis, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      r.removeListener('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    r.once('ready', done);
  });
}
