/**
 * How a queue processor is built: the job's payload is validated by zod
 * (a bad payload is a poison job → UnrecoverableError: failed at once, never
 * retried, never blocking the queue), the tenant id is read from the payload
 * and the handler runs with it. Handlers open `withTenant` themselves (some
 * need several transactions) and key their effects (run keys, upserts,
 * unique indexes) so a job re-run after a crash applies nothing twice.
 */
import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import { z } from 'zod';
import type { Config } from '../../lib/config.js';
import { isUuid } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';

/** Concurrency of one queue: QUEUE_CONCURRENCY override, else WORKER_CONCURRENCY. */
export function concurrencyFor(
  config: Pick<Config, 'WORKER_CONCURRENCY' | 'QUEUE_CONCURRENCY'>,
  queue: string,
  queueDefault?: number,
): number {
  for (const part of (config.QUEUE_CONCURRENCY ?? '').split(',')) {
    const [name, n] = part.split('=');
    if (name === queue && n) return Math.max(1, Number(n));
  }
  return queueDefault ?? config.WORKER_CONCURRENCY;
}

export const ZTenantId = z.string().refine(isUuid, 'must be a uuid');

/** Job data written by the outbox relay, with the topic's payload schema. */
export function zOutboxJob<T extends z.ZodType>(payload: T) {
  return z.object({ outboxId: z.number().int(), tenantId: ZTenantId, topic: z.string(), payload });
}

/** Parses job data or fails the job for good (a poison payload is never retried). */
export function parseJob<T extends z.ZodType>(schema: T, job: Job): z.infer<T> {
  const r = schema.safeParse(job.data);
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
    throw new UnrecoverableError(`invalid job payload for ${job.queueName}/${job.name}: ${detail}`);
  }
  return r.data;
}

/** One queue's processor as workers/index.ts lists it. */
export interface QueueProcessor {
  queue: string;
  register(deps: Deps): Worker;
}

/**
 * A processor that dispatches on job name; each handler has its payload schema.
 * Unknown job names are poison too.
 */
export function defineProcessor(
  queue: string,
  handlers: Record<string, (deps: Deps, job: Job) => Promise<unknown>>,
  /** `concurrency`: the queue's own default (QUEUE_CONCURRENCY still overrides it); else WORKER_CONCURRENCY. */
  opts: { lockDuration?: number; concurrency?: number } = {},
): QueueProcessor {
  return {
    queue,
    register(deps) {
      return deps.hub.worker(
        queue,
        async (job) => {
          const h = handlers[job.name] ?? handlers['*'];
          if (!h) throw new UnrecoverableError(`unknown job ${job.name} on ${queue}`);
          return h(deps, job);
        },
        {
          concurrency: concurrencyFor(deps.config, queue, opts.concurrency),
          lockDuration: opts.lockDuration,
        },
      );
    },
  };
}
