/**
 * Queue operations for the platform console: per-queue counts, recent
 * failures with their error, and retrying a failed job. Queue names come from
 * the one registry (src/lib/queue-names.ts), so an unknown name is a 404 and
 * never creates a queue.
 */

import { AppError, notFound } from '../../lib/errors.js';
import type { QueueHub } from '../../lib/queue.js';
import { ALL_QUEUES, isQueueName } from '../../lib/queue-names.js';

export function knownQueues(): string[] {
  return [...ALL_QUEUES];
}

function assertQueue(name: string): void {
  if (!isQueueName(name)) throw notFound('Queue');
}

export interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export async function queueCounts(hub: QueueHub): Promise<QueueCounts[]> {
  const out: QueueCounts[] = [];
  for (const name of knownQueues()) {
    const c = await hub
      .queue(name)
      .getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
    out.push({
      name,
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
      completed: c.completed ?? 0,
    });
  }
  return out;
}

export interface FailedJob {
  id: string;
  name: string;
  tenantId: string | null;
  failedReason: string;
  attemptsMade: number;
  createdAt: string;
  failedAt: string | null;
}

export async function recentFailures(hub: QueueHub, name: string, limit = 50): Promise<FailedJob[]> {
  assertQueue(name);
  const jobs = await hub.queue(name).getFailed(0, limit - 1);
  return jobs
    .filter((j) => j?.id)
    .map((j) => {
      const data = j.data as { tenantId?: unknown } | undefined;
      return {
        id: String(j.id),
        name: j.name,
        tenantId: typeof data?.tenantId === 'string' ? data.tenantId : null,
        failedReason: j.failedReason ?? '',
        attemptsMade: j.attemptsMade,
        createdAt: new Date(j.timestamp).toISOString(),
        failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      };
    });
}

/** Moves a failed job back to waiting (a fresh set of attempts). Not failed → 409. */
export async function retryFailedJob(
  hub: QueueHub,
  name: string,
  id: string,
): Promise<{ id: string; state: string }> {
  assertQueue(name);
  const job = await hub.queue(name).getJob(id);
  if (!job) throw notFound('Job');
  const state = await job.getState();
  if (state !== 'failed')
    throw new AppError('invalid_state', `Only failed jobs can be retried (this one is ${state})`);
  await job.retry('failed');
  return { id, state: await job.getState() };
}
