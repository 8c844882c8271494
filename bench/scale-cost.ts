/**
 * What the scale bench's requests cost the database, independent of machine
 * load: statements, transactions and shared buffers per request on each side,
 * from pg_stat_statements (counted when each statement ends, so exact). Needs
 * the extension preloaded (`shared_preload_libraries = 'pg_stat_statements'`);
 * without it the pass is skipped with a note. Both sides are usually on one
 * server and the reset is server-wide, so the sides are measured one at a
 * time, each with a fixed number of requests.
 */
import type pg from 'pg';
import { cpuMeter } from './cpu.js';
import { type AcRequest, autocannon } from './harness.js';

export interface CostSide {
  label: string;
  client: pg.Client;
  url: string;
  /** The API process, for its CPU per request (Linux /proc; absent: not measured). */
  apiPid?: number;
  request: (scenario: string) => (req: AcRequest) => AcRequest;
}

interface Cost {
  /** The statement that took most of the time: mean and max ms, and buffers per call. */
  hottest?: { query: string; mean: number; max: number; buffers: number };
  /** Shared-buffer hits ÷ (hits + reads) over the requests. */
  hitRatio: number;
  statements: number;
  transactions: number;
  buffers: number;
  /** Share of requests that looked their store up by Host in the database (the per-process host cache missed). */
  hostLookups: number;
  /** CPU ms per request of the API process and of the database's backends (/proc; undefined without a pid). */
  cpu?: { api: number; db: number };
}

async function available(client: pg.Client): Promise<boolean> {
  try {
    await client.query('create extension if not exists pg_stat_statements');
    await client.query('select 1 from pg_stat_statements limit 1');
    return true;
  } catch (err) {
    process.stdout.write(`cost per request: skipped (${(err as Error).message})\n`);
    return false;
  }
}

async function costOf(side: CostSide, scenario: string, requests: number): Promise<Cost> {
  await side.client.query('select pg_stat_statements_reset()');
  const database = (await side.client.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
  const meter = side.apiPid ? cpuMeter(side.client, database, side.apiPid) : undefined;
  const before = await meter?.sample();
  await autocannon({
    url: side.url,
    connections: 20,
    amount: requests,
    requests: [{ setupRequest: side.request(scenario) }],
  });
  const after = await meter?.sample();
  const cpu = meter && before && after ? meter.perRequest(before, after, requests) : undefined;
  const { rows } = await side.client.query<{
    statements: string;
    transactions: string;
    buffers: string;
    reads: string;
    host: string;
  }>(
    `select coalesce(sum(s.calls), 0) as statements,
            coalesce(sum(s.shared_blks_read), 0) as reads,
            coalesce(sum(s.calls) filter (where s.query ilike 'begin%'), 0) as transactions,
            coalesce(sum(s.shared_blks_hit + s.shared_blks_read), 0) as buffers,
            coalesce(sum(s.calls) filter (where s.query ilike '%from "tenants" where "handle" =%'), 0) as host
       from pg_stat_statements s join pg_database d on d.oid = s.dbid
      where d.datname = current_database() and s.query not ilike '%pg_stat_statements%'`,
  );
  const r = rows[0]!;
  const hot = await side.client.query<{ query: string; mean: number; max: number; buffers: string }>(
    `select left(regexp_replace(s.query, '\\s+', ' ', 'g'), 70) as query, s.mean_exec_time as mean,
            s.max_exec_time as max, (s.shared_blks_hit + s.shared_blks_read) / s.calls as buffers
       from pg_stat_statements s join pg_database d on d.oid = s.dbid
      where d.datname = current_database() and s.query not ilike '%pg_stat_statements%' and s.calls > 0
      order by s.total_exec_time desc limit 1`,
  );
  const h = hot.rows[0];
  const all = Number(r.buffers);
  return {
    hottest: h && { query: h.query, mean: h.mean, max: h.max, buffers: Number(h.buffers) },
    hitRatio: all > 0 ? 1 - Number(r.reads) / all : 1,
    statements: Number(r.statements) / requests,
    transactions: Number(r.transactions) / requests,
    buffers: Number(r.buffers) / requests,
    hostLookups: Number(r.host) / requests,
    cpu,
  };
}

/** One line per scenario and side: statements, transactions, buffers and host lookups per request. */
export async function costPerRequest(
  sides: CostSide[],
  scenarios: readonly string[],
  requests = 2_000,
): Promise<void> {
  if (!(await available(sides[0]!.client))) return;
  for (const side of sides.slice(1)) if (!(await available(side.client))) return;
  process.stdout.write(
    `\ncost per request (pg_stat_statements, ${requests} requests at 20 connections; load-independent):\n`,
  );
  for (const scenario of scenarios)
    for (const side of sides) {
      const c = await costOf(side, scenario, requests);
      process.stdout.write(
        `  ${scenario.padEnd(13)} ${side.label.padEnd(13)} statements ${c.statements.toFixed(2)}, transactions ` +
          `${c.transactions.toFixed(2)}, buffers ${c.buffers.toFixed(1)} (hit ${(c.hitRatio * 100).toFixed(1)}%), ` +
          `host lookups ${c.hostLookups.toFixed(2)}` +
          (c.cpu ? `, CPU ms/request API ${c.cpu.api.toFixed(3)} db ${c.cpu.db.toFixed(3)}` : '') +
          '\n' +
          (c.hottest
            ? `    hottest: ${c.hottest.mean.toFixed(3)} ms mean, ${c.hottest.max.toFixed(1)} ms max, ` +
              `${c.hottest.buffers.toFixed(1)} buffers/call: ${c.hottest.query}\n`
            : ''),
      );
    }
}
