/**
 * Transactional outbox. Side effects that must follow a commit (emails, jobs,
 * webhooks) are written as outbox rows in the SAME transaction as the business
 * change (`enqueueOutbox`), so they exist if and only if the change committed.
 * The relay moves unsent rows to BullMQ queues and marks them sent.
 *
 * Delivery is at-least-once: a relay killed between "added to queue" and
 * "marked sent" re-adds the row after restart. The BullMQ job id is derived
 * from the row (`ob-<tenant>-<id>`), which dedupes while the job is retained,
 * and consumers are idempotent for the rest (key effects by `outboxId`).
 * A relay only takes topics it has a route for; other rows wait for a relay
 * that knows them (a rolling deploy never drops a newer release's events).
 *
 * Losing the queue or the database is not the event's fault: the rows stay
 * unsent and unpenalised (no attempt counted, no backoff), the relay polls
 * again with a short capped backoff, logs the outage once and its end once,
 * and delivers everything held back as soon as both answer again.
 */
import { sql } from 'kysely';
import { isConnectionLoss } from './db/connection-loss.js';
import { type Db, PLATFORM_TENANT_ID, type Trx, withPlatformAccess } from './db/index.js';
import type { Logger } from './logger.js';
import type { QueueHub } from './queue.js';

export interface OutboxEvent {
  topic: string;
  payload: Record<string, unknown>;
  /** Same key within a tenant → the event is written once. */
  dedupeKey?: string;
  availableAt?: Date;
}

/** The job data every outbox-fed processor receives. */
export interface OutboxJobData {
  outboxId: number;
  tenantId: string;
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * Writes an event in the caller's transaction. The tenant comes from the
 * transaction's own `app.tenant_id` (RLS rejects anything else); platform
 * events pass PLATFORM_TENANT_ID inside withPlatformAccess.
 */
export async function enqueueOutbox(trx: Trx, tenantId: string, event: OutboxEvent): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({
      tenant_id: tenantId,
      topic: event.topic,
      payload: JSON.stringify(event.payload),
      dedupe_key: event.dedupeKey ?? null,
      available_at: event.availableAt ?? new Date(),
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing(),
    )
    .execute();
}

export async function enqueuePlatformOutbox(db: Db, event: OutboxEvent): Promise<void> {
  await withPlatformAccess(db, (trx) => enqueueOutbox(trx, PLATFORM_TENANT_ID, event));
}

/** The BullMQ job id of an outbox row: re-relaying the same row while its job is retained adds nothing. */
export function outboxJobId(tenantId: string, outboxId: number): string {
  return `ob-${tenantId}-${outboxId}`;
}

/** Topic → the queues that consume it (a topic absent here stays unsent until a relay routes it). */
export type OutboxRoutes = Record<string, readonly string[]>;

export interface OutboxRelayOptions {
  db: Db;
  hub: QueueHub;
  routes: OutboxRoutes;
  logger: Logger;
  intervalMs?: number;
  batchSize?: number;
}

export interface OutboxRelay {
  /** Relays one batch; returns how many rows were marked sent. */
  relayOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const interval = opts.intervalMs ?? 250;
  const batch = opts.batchSize ?? 200;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  /** Consecutive failed ticks (a lost queue or database); drives the retry delay and the logging. */
  let failures = 0;
  const topics = Object.keys(opts.routes);
  const enqueue = rowEnqueuer(opts);

  async function relayOnce(): Promise<number> {
    // Only topics this relay has routes for: a relay from an older release
    // (rolling deploy) or a test's private relay leaves other topics' rows
    // for the relay that knows them instead of dropping them.
    if (topics.length === 0) return 0;
    // Platform access: the relay serves every tenant. Rows are locked with
    // SKIP LOCKED so several relays (API + worker processes) share the work.
    const result = await withPlatformAccess(opts.db, async (trx) => {
      const rows = await dueRows(trx, topics, batch);
      const outcome = await enqueue(trx, rows);
      await markSent(trx, outcome.sent);
      return outcome;
    });
    // Committed what was sent; the tick backs off because the queue is away.
    if (result.lost !== undefined) throw result.lost;
    return result.sent.length;
  }

  const tick = async () => {
    if (stopped) return;
    try {
      running = relayOnce();
      const n = await running;
      if (failures > 0) opts.logger.info({ failedTicks: failures }, 'outbox relay recovered');
      failures = 0;
      timer = setTimeout(tick, n === batch ? 0 : interval);
    } catch (err) {
      failures++;
      const lost = isConnectionLoss(err);
      // Once per outage at warn/error; the repeats only at debug.
      if (failures === 1) opts.logger[lost ? 'warn' : 'error']({ err }, 'outbox relay failed; retrying');
      else opts.logger.debug({ err, failures }, 'outbox relay still failing');
      timer = setTimeout(tick, retryDelay(interval, failures));
    }
  };

  return {
    relayOnce,
    start() {
      stopped = false;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}

interface OutboxRow {
  tenant_id: string;
  id: number;
  topic: string;
  payload: Record<string, unknown>;
}

interface EnqueueOutcome {
  sent: OutboxRow[];
  /** Set when the queue went away mid-batch: what was sent is kept, the rest waits unpenalised. */
  lost?: unknown;
}

function dueRows(trx: Trx, topics: string[], batch: number): Promise<OutboxRow[]> {
  return trx
    .selectFrom('outbox')
    .select(['tenant_id', 'id', 'topic', 'payload'])
    .where('sent_at', 'is', null)
    .where('available_at', '<=', sql<Date>`now()`)
    .where('topic', 'in', topics)
    .orderBy('available_at')
    .orderBy('id')
    .limit(batch)
    .forUpdate()
    .skipLocked()
    .execute() as Promise<OutboxRow[]>;
}

async function markSent(trx: Trx, rows: OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  // One statement marks the whole batch (keys are (tenant_id, id)).
  await sql`
    update outbox o set sent_at = now()
      from unnest(${rows.map((r) => r.tenant_id)}::uuid[], ${rows.map((r) => r.id)}::bigint[]) as s(tenant_id, id)
     where o.tenant_id = s.tenant_id and o.id = s.id`.execute(trx);
}

/** A row whose enqueue failed for its own reasons (not a lost queue) is retried later with backoff. */
async function markRetry(trx: Trx, row: OutboxRow, err: unknown): Promise<void> {
  await trx
    .updateTable('outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: err instanceof Error ? err.message.slice(0, 500) : 'unknown',
      available_at: sql<Date>`now() + least(interval '1 second' * power(2, attempts), interval '5 minutes')`,
    }))
    .where('tenant_id', '=', row.tenant_id)
    .where('id', '=', row.id)
    .execute();
}

function jobOf(row: OutboxRow) {
  const data: OutboxJobData = {
    outboxId: row.id,
    tenantId: row.tenant_id,
    topic: row.topic,
    payload: row.payload,
  };
  return { name: row.topic, data, opts: { jobId: outboxJobId(row.tenant_id, row.id) } };
}

/**
 * Moves a batch of rows to their queues, one add per row and queue (the
 * PostgreSQL backend's bulk add was tried: after a database restart its jobs
 * could sit unclaimed, so rows stay single adds). Several rows are in flight
 * at once (ADD_CONCURRENCY): each add is a round trip and a commit of its
 * own, and one at a time a busy process relayed a checkout burst slower than
 * shoppers wrote it. Within a batch, jobs may reach a queue in any order
 * (as they already do across relays and retries); a row counts as sent once
 * every queue of its route has its job. A lost queue stops the batch (no new
 * adds start, those in flight finish) and keeps what was sent; any other
 * failure penalises only its row.
 */
function rowEnqueuer(opts: OutboxRelayOptions) {
  const addAll = async (row: OutboxRow) => {
    const queues = opts.routes[row.topic] ?? [];
    const job = jobOf(row);
    for (const name of queues) await addWithin(opts.hub.queue(name).add(job.name, job.data, job.opts));
    if (queues.length === 0)
      opts.logger.debug({ topic: row.topic }, 'outbox topic routed to no queue; marking sent');
  };
  return async (trx: Trx, rows: OutboxRow[]): Promise<EnqueueOutcome> => {
    const sent: OutboxRow[] = [];
    const failed: { row: OutboxRow; err: unknown }[] = [];
    let lost: { err: unknown } | undefined;
    let next = 0;
    const lane = async () => {
      while (!lost && next < rows.length) {
        const row = rows[next++]!;
        try {
          await addAll(row);
          sent.push(row);
        } catch (err) {
          // The queue is away: this row is not at fault. Keep what was sent, stop the batch.
          if (isConnectionLoss(err)) lost ??= { err };
          else failed.push({ row, err });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ADD_CONCURRENCY, rows.length) }, lane));
    // A failure beside a lost queue is most likely the outage's too: those rows wait unpenalised.
    if (lost) return { sent, lost: lost.err };
    for (const { row, err } of failed) {
      opts.logger.error({ err, outboxId: row.id }, 'outbox relay could not enqueue');
      await markRetry(trx, row, err);
    }
    return { sent };
  };
}

/** Longest wait between two relay attempts while the queue or database is away. */
const MAX_RETRY_MS = 2_000;
/** Queue adds in flight at once within a batch (the PostgreSQL backend's pool per queue holds 4 connections). */
const ADD_CONCURRENCY = 8;
/** A queue.add that has not answered by then counts as a lost queue (Redis hung, a pool that cannot connect). */
const ADD_TIMEOUT_MS = 5_000;

function retryDelay(interval: number, failures: number): number {
  return Math.min(MAX_RETRY_MS, interval * 2 ** Math.min(failures, 6));
}

class QueueTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

/**
 * A queue add bounded in time. One that answers late may still have added its
 * job: the row is relayed again later and the job id dedupes it.
 */
async function addWithin<T>(add: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueTimeoutError('queue add timed out')), ADD_TIMEOUT_MS);
  });
  try {
    return await Promise.race([add, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** For /metrics: unsent rows and the age in seconds of the oldest due one. Platform read. */
export async function outboxBacklog(db: Db, now: Date): Promise<{ pending: number; lagSeconds: number }> {
  return withPlatformAccess(db, async (trx) => {
    const { rows } = await sql<{ n: string; oldest: Date | null }>`
      select count(*) as n, min(available_at) as oldest
        from outbox where sent_at is null and available_at <= ${now}`.execute(trx);
    const oldest = rows[0]?.oldest;
    return {
      pending: Number(rows[0]?.n ?? 0),
      lagSeconds: oldest ? Math.max(0, (now.getTime() - new Date(oldest).getTime()) / 1000) : 0,
    };
  });
}
