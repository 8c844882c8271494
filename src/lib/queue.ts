/**
 * Queues: BullMQ on Redis when REDIS_URL is set, otherwise on BullMQ's
 * PostgreSQL backend in the platform's own database (schema `bullmq`).
 * Everything else in the codebase talks to the `QueueHub` below and never
 * knows which backend it runs on.
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
import { Redis } from 'ioredis';
import pg from 'pg';

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

/** Creates BullMQ's tables when the queue runs on PostgreSQL (idempotent, advisory-locked). */
export async function migrateQueueBackend(config: QueueBackendConfig): Promise<void> {
  if (config.kind !== 'postgres') return;
  const client = new pg.Client({ connectionString: config.connectionString });
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
    redis ??= new Redis(config.kind === 'redis' ? config.url : '', {
      maxRetriesPerRequest: null,
      lazyConnect: false,
    });
    return redis;
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
      }
      return q;
    },
    worker(name, processor, opts = {}) {
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
              connection: new Redis(config.url, { maxRetriesPerRequest: null }),
            })
          : (new pgClasses.Worker(name, processor, {
              ...common,
              connection: { connectionString: config.connectionString, max: 4 },
            }) as unknown as Worker);
      w.on('error', () => {});
      workers.push(w);
      return w;
    },
    async ping() {
      if (config.kind === 'redis') {
        await redisConnection().ping();
      } else {
        const client = new pg.Client({ connectionString: config.connectionString });
        await client.connect();
        try {
          await client
            .query('select 1 from bullmq.schema_migrations limit 1')
            .catch(() => client.query('select 1'));
        } finally {
          await client.end();
        }
      }
    },
    async close() {
      // Workers first (their active jobs may still add to queues), then queues.
      await Promise.allSettled(workers.map((w) => w.close()));
      closed = true;
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      if (redis) redis.disconnect();
    },
  };
}
