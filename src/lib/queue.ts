/**
 * Queues: BullMQ on a Redis Cluster when QUEUE_REDIS_CLUSTER names its nodes
 * (every key under the hash-tagged prefix `{<QUEUE_PREFIX>}`, so each queue's
 * keys share one slot as BullMQ's Lua scripts require), on Redis when
 * REDIS_URL is set, otherwise on BullMQ's PostgreSQL backend in the
 * platform's own database (schema `bullmq`).
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
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import pg from 'pg';
import { isConnectionLoss } from './db/connection-loss.js';
import { logger } from './logger.js';
import { startJobTimer } from './metrics.js';

export type { Job, JobsOptions };

export type QueueBackendConfig =
  | { kind: 'redis'; url: string }
  /** A Redis Cluster: startup nodes as `redis://host:port` URLs; the client discovers the rest. */
  | { kind: 'redis-cluster'; nodes: string[] }
  | { kind: 'postgres'; connectionString: string };
type RedisBackend = Exclude<QueueBackendConfig, { kind: 'postgres' }>;

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
  const open = backendOpener(config, prefix);
  const ping = pinger(config, open);
  // Set once workers have finished: a queue opened after that (a job finishing
  // during shutdown) would hold connections nobody closes.
  let closed = false;
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
        q = open.queue(name);
        queues.set(name, q);
        forgetIfNeverReady(name, q);
      }
      return q;
    },
    worker(name, untimed, opts = {}) {
      const w = open.worker(name, timedProcessor(name, untimed), {
        concurrency: opts.concurrency ?? 4,
        lockDuration: opts.lockDuration ?? 30_000,
        ...(opts.stalledInterval ? { stalledInterval: opts.stalledInterval } : {}),
        autorun: true,
      });
      w.on('error', noteQueueError);
      workers.push(w);
      return w;
    },
    ping: ping.ping,
    async close() {
      // Workers first (their active jobs may still add to queues), then queues.
      await Promise.allSettled(workers.map((w) => w.close()));
      closed = true;
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      open.close();
      await ping.close();
    },
  };
}

/** Every job's duration and outcome go to /metrics (src/lib/metrics.ts). */
function timedProcessor(name: string, untimed: JobProcessor): JobProcessor {
  return async (job) => {
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
}

type WorkerSettings = {
  concurrency: number;
  lockDuration: number;
  stalledInterval?: number;
  autorun: boolean;
};

/** How one backend opens queues and workers (the producers share one connection). */
interface BackendOpener {
  queue(name: string): Queue;
  worker(name: string, processor: JobProcessor, settings: WorkerSettings): Worker;
  /** The producers' connection (Redis backends), built on first use. */
  producer?: () => Redis | Cluster;
  close(): void;
}

function backendOpener(config: QueueBackendConfig, prefix: string | undefined): BackendOpener {
  if (config.kind === 'postgres') {
    const connection = { connectionString: config.connectionString, max: 4 };
    return {
      queue: (name) =>
        new pgClasses.Queue(name, { connection, defaultJobOptions: DEFAULT_JOB_OPTIONS }) as unknown as Queue,
      worker: (name, processor, settings) =>
        new pgClasses.Worker(name, processor, { ...settings, connection }) as unknown as Worker,
      close() {},
    };
  }
  // On a cluster every key of a queue must hash to one slot: the prefix becomes a hash tag.
  const keyPrefix = config.kind === 'redis-cluster' ? hashTagged(prefix ?? 'storeloom') : prefix;
  let producer: Redis | Cluster | undefined;
  const producerConnection = () => {
    producer ??= guardedRedis(config, PRODUCER_REDIS);
    return producer;
  };
  return {
    queue: (name) =>
      new Queue(name, {
        connection: producerConnection(),
        prefix: keyPrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    worker: (name, processor, settings) =>
      new Worker(name, processor, {
        ...settings,
        prefix: keyPrefix,
        connection: guardedRedis(config, WORKER_REDIS),
      }),
    producer: producerConnection,
    close() {
      producer?.disconnect();
    },
  };
}

/** `storeloom` → `{storeloom}` (a prefix already tagged is kept). */
export function hashTagged(prefix: string): string {
  return /^\{[^}]+\}$/.test(prefix) ? prefix : `{${prefix}}`;
}

/** Readiness: a PING on the producers' Redis connection, or `select 1` on one small pool for PostgreSQL. */
function pinger(
  config: QueueBackendConfig,
  open: BackendOpener,
): { ping(): Promise<void>; close(): Promise<void> } {
  if (config.kind !== 'postgres') {
    return {
      async ping() {
        const r = open.producer!();
        if (r.status !== 'ready') await readyWithin(r, 2_000);
        await r.ping();
      },
      async close() {},
    };
  }
  // One small pool for readiness pings (never a new connection per ping).
  let pool: pg.Pool | undefined;
  return {
    async ping() {
      if (!pool) {
        pool = new pg.Pool({
          connectionString: config.connectionString,
          max: 1,
          idleTimeoutMillis: 60_000,
          connectionTimeoutMillis: 2_000,
        });
        pool.on('error', noteQueueError);
        pool.on('connect', (client) => client.on('error', noteQueueError));
      }
      // A failing query would make pg-pool discard the session: ask only what always answers.
      await pool.query('select 1');
    },
    async close() {
      await pool?.end().catch(() => {});
    },
  };
}

/** A Redis connection (or a cluster client over the configured nodes) that reports its errors. */
function guardedRedis(config: RedisBackend, opts: RedisOptions): Redis | Cluster {
  const r =
    config.kind === 'redis'
      ? new Redis(config.url, opts)
      : new Cluster(config.nodes, {
          redisOptions: opts,
          enableOfflineQueue: opts.enableOfflineQueue ?? true,
        });
  r.on('error', noteQueueError);
  return r;
}

/** Waits (bounded) for a connection still being established; a ping right after boot must not fail for that. */
function readyWithin(r: Redis | Cluster, ms: number): Promise<void> {
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
