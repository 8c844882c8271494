/**
 * The books the fault tests check afterwards (tests/lib/faults-*.test.ts, via
 * ./faults-harness.ts): orders and stock ledgers balanced, every outbox event
 * delivered exactly once, every job processed. Every wait is bounded.
 */
import pg from 'pg';
import { OUTBOX_ROUTES } from '../../src/lib/queue-names.js';
import type { Api } from './faults-harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The books of a store: its orders are exactly the ones shoppers were told
 * about (none lost, none twice); every variant's stock and reserved count
 * equal its ledger's last entry and the sum of its ledger's deltas; reserved
 * equals the held reservations.
 */
export async function checkBooks(
  url: string,
  tenantId: string,
  orderIds: string[],
  since = new Date(0),
): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const problems: string[] = [];
    const { rows: orders } = await c.query<{ id: string }>('select id from orders where tenant_id = $1', [
      tenantId,
    ]);
    const inDb = new Set(orders.map((o) => o.id));
    const told = new Set(orderIds);
    if (told.size !== orderIds.length) problems.push('one order id answered for two keys');
    for (const id of told)
      if (!inDb.has(id)) problems.push(`order ${id} answered 201 but is not in the database`);
    for (const id of inDb)
      if (!told.has(id)) problems.push(`order ${id} is in the database but no shopper was told`);
    const { rows: variants } = await c.query<{
      id: string;
      stock: number;
      reserved: number;
      held: number;
      delta: number;
      reserved_delta: number;
      stock_after: number | null;
      reserved_after: number | null;
    }>(
      `select v.id, v.stock, v.reserved,
              (select coalesce(sum(quantity), 0)::int from reservations r
                where r.tenant_id = v.tenant_id and r.variant_id = v.id and r.status = 'held') as held,
              (select coalesce(sum(delta), 0)::int from inventory_adjustments a
                where a.tenant_id = v.tenant_id and a.variant_id = v.id) as delta,
              (select coalesce(sum(reserved_delta), 0)::int from inventory_adjustments a
                where a.tenant_id = v.tenant_id and a.variant_id = v.id) as reserved_delta,
              l.stock_after, l.reserved_after
         from variants v
         left join lateral (select stock_after, reserved_after from inventory_adjustments a
                             where a.tenant_id = v.tenant_id and a.variant_id = v.id
                             order by id desc limit 1) l on true
        where v.tenant_id = $1`,
      [tenantId],
    );
    for (const v of variants) {
      if (v.reserved !== v.held)
        problems.push(`variant ${v.id}: reserved ${v.reserved} ≠ held reservations ${v.held}`);
      if (v.stock_after !== null && (v.stock_after !== v.stock || v.reserved_after !== v.reserved))
        problems.push(
          `variant ${v.id}: stock/reserved ${v.stock}/${v.reserved} ≠ ledger ${v.stock_after}/${v.reserved_after}`,
        );
    }
    return problems;
  } finally {
    await c.end();
  }
}

/** How long checkDelivery and waitOutboxDrained wait: without progress, and in all. */
export interface DrainWait {
  /** Fail once this long passed with no row marked sent and no job added (a stuck relay). Default 20 s. */
  stallMs?: number;
  /** Fail after this long whatever happens. Default 180 s. */
  maxMs?: number;
}

/**
 * Waits until no routed outbox row is due and unsent, for as long as the
 * relay makes progress: each row marked sent or job added (`jobs`, when the
 * queue's jobs can be counted) restarts the stall clock, which runs only
 * while some unsent row is due (not while rows wait out a retry backoff). A relay that is only
 * slow on a loaded machine (a checkout burst of thousands of rows, drained
 * while the process also serves the workers) gets the time it needs; one that
 * stops is caught after `stallMs`. Returns the rows still unsent (0 = drained).
 */
export async function waitOutboxDrained(
  c: pg.Client,
  wait: DrainWait = {},
  jobs?: () => Promise<number>,
): Promise<{ unsent: number; waitedMs: number }> {
  const { stallMs = 20_000, maxMs = 180_000 } = wait;
  const topics = Object.keys(OUTBOX_ROUTES);
  const start = Date.now();
  let last = '';
  let lastProgress = start;
  for (;;) {
    const { rows } = await c.query<{ n: number; due: number }>(
      `select count(*)::int as n, (count(*) filter (where available_at <= now()))::int as due
         from outbox where sent_at is null and topic = any($1) and available_at <= now() + interval '1 minute'`,
      [topics],
    );
    const { n: unsent, due } = rows[0]!;
    const now = Date.now();
    if (unsent === 0) return { unsent, waitedMs: now - start };
    const mark = `${unsent}/${jobs ? await jobs() : ''}`;
    // Rows waiting out a retry backoff are not a stall; rows due now that nobody moves are.
    if (mark !== last || due === 0) lastProgress = now;
    last = mark;
    if (now - lastProgress > stallMs || now - start > maxMs) return { unsent, waitedMs: now - start };
    await sleep(250);
  }
}

/**
 * Waits (see waitOutboxDrained) until no routed outbox row is unsent, then
 * checks every routed row became exactly one job in each of its queues (the
 * job id names the row) and no job names a row twice. Returns the problems
 * found; when rows stayed unsent, with why (the rows, the sessions, and the
 * API's log tail when `api` is given).
 */
export async function checkDelivery(url: string, wait: DrainWait = {}, api?: Api): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const topics = Object.keys(OUTBOX_ROUTES);
    const countJobs = async () =>
      (await c.query<{ n: number }>("select count(*)::int as n from bullmq.job where id like 'ob-%'"))
        .rows[0]!.n;
    const { unsent, waitedMs } = await waitOutboxDrained(c, wait, countJobs);
    const problems: string[] = [];
    if (unsent !== 0) {
      problems.push(`${unsent} outbox rows still unsent after ${waitedMs} ms`);
      problems.push(...(await undeliveredDetail(c, topics, api)));
    }
    // One snapshot for both reads, and jobs of rows still unsent in it left out: the
    // relay adds a row's jobs before it marks the row sent, so a row written after
    // the drain (a scheduled event) can be in flight — its job exists, its mark not yet.
    await c.query('begin isolation level repeatable read');
    const { rows: events } = await c.query<{ tenant_id: string; id: number; topic: string }>(
      'select tenant_id, id::int, topic from outbox where topic = any($1) and sent_at is not null',
      [topics],
    );
    const { rows: jobs } = await c.query<{ queue: string; id: string }>(
      `select j.queue, j.id from bullmq.job j
        where j.id like 'ob-%'
          and not exists (select 1 from outbox o
                           where o.sent_at is null and j.id = 'ob-' || o.tenant_id || '-' || o.id)`,
    );
    await c.query('commit');
    const have = new Map<string, number>();
    for (const j of jobs) have.set(`${j.queue}/${j.id}`, (have.get(`${j.queue}/${j.id}`) ?? 0) + 1);
    let expected = 0;
    for (const e of events) {
      for (const q of OUTBOX_ROUTES[e.topic] ?? []) {
        expected++;
        const n = have.get(`${q}/ob-${e.tenant_id}-${e.id}`) ?? 0;
        if (n !== 1) problems.push(`outbox ${e.id} (${e.topic}) → ${n} jobs in ${q}`);
      }
    }
    if (jobs.length !== expected) problems.push(`${jobs.length} outbox jobs for ${expected} expected`);
    return problems.slice(0, 20);
  } finally {
    await c.end();
  }
}

/**
 * Why rows stayed unsent, for the failure message: the rows (attempts, last
 * error, how far away their next try is, whether their job already exists),
 * what holds the outbox, the app's sessions, and the API's last log lines.
 */
async function undeliveredDetail(c: pg.Client, topics: string[], api?: Api): Promise<string[]> {
  const { rows } = await c.query(
    `select o.id::int, o.topic, o.attempts, o.last_error,
            round(extract(epoch from o.available_at - now()))::int as due_in_s,
            round(extract(epoch from now() - o.created_at))::int as age_s,
            (select count(*)::int from bullmq.job j where j.id = 'ob-' || o.tenant_id || '-' || o.id) as jobs
       from outbox o
      where o.sent_at is null and o.topic = any($1)
      order by o.id limit 15`,
    [topics],
  );
  const { rows: sessions } = await c.query(
    `select application_name as app, state, wait_event_type as wait, wait_event as event,
            round(extract(epoch from now() - xact_start))::int as xact_s, left(query, 90) as query
       from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
      order by xact_start nulls last limit 20`,
  );
  return [
    `unsent rows: ${JSON.stringify(rows)}`,
    `sessions: ${JSON.stringify(sessions)}`,
    ...(api ? [`API log tail:\n${api.output().slice(-4000)}`] : []),
  ];
}

/** Waits (bounded) until no outbox job waits or runs in the queue any more: the workers processed them. */
export async function waitJobsSettled(url: string, waitMs: number): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    let pending = -1;
    for (const until = Date.now() + waitMs; Date.now() < until; await sleep(250)) {
      const { rows } = await c.query<{ n: number }>(
        "select count(*)::int as n from bullmq.job where id like 'ob-%' and state in ('waiting', 'active')",
      );
      pending = rows[0]!.n;
      if (pending === 0) break;
    }
    if (pending > 0) {
      const { rows } = await c.query(
        "select queue, name, state, id, attempts_made from bullmq.job where id like 'ob-%' and state in ('waiting', 'active')",
      );
      console.error('jobs still pending:', JSON.stringify(rows));
    }
    return pending;
  } finally {
    await c.end();
  }
}
