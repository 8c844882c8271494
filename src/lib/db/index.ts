/**
 * Database access: Kysely over node-postgres, and the two doors to data.
 *
 * - `withTenant(db, tenantId, fn)` is the ONLY door to tenant data.
 * - `withPlatformAccess(db, fn)` is the separately named, dangerous door for
 *   cross-tenant platform work (console, schedulers' fan-out, outbox relay,
 *   Host → tenant resolution).
 *
 * The pool given to these functions connects as `storeloom_app` (see
 * ./roles.ts): not superuser, no BYPASSRLS, owns nothing. RLS is FORCED on
 * every tenant table, so without `app.tenant_id` set a query sees nothing.
 */

import {
  type CompiledQuery,
  type Driver,
  Kysely,
  PostgresDialect,
  type QueryResult,
  sql,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { AppError } from '../errors.js';
import { logger } from '../logger.js';
import { coalescingSocket } from './coalescing-socket.js';
import { finalStatement, PIPELINED_MORE, PIPELINED_RESULTS, StoreloomDriver, txOpening } from './driver.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
export type { Database };

/** The nil UUID marks platform-level rows in tenant-keyed tables (outbox, audit log). */
export const PLATFORM_TENANT_ID = '00000000-0000-0000-0000-000000000000';

// int8 (bigint: money, counts) → number. Minor units stay far below 2^53; a value
// that does not fit is a bug we want loudly, not a silently rounded amount.
pg.types.setTypeParser(20, (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`);
  return n;
});

export interface PoolOptions {
  connectionString: string;
  max?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
  /** How long a caller waits for a connection (a free pool slot or a new session) before failing with a 503. */
  connectionTimeoutMs?: number;
}

export function createPool(opts: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    statement_timeout: opts.statementTimeoutMs ?? 15_000,
    application_name: opts.applicationName ?? 'storeloom',
    // No JIT: every statement here is short, and PostgreSQL compiles any plan
    // estimated above jit_above_cost (100,000) — 70–100 ms of compiling for a
    // search over a 10,000-product store whose execution took a few ms.
    options: '-c jit=off',
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 10_000,
    // Queries may be written before earlier ones answered (see ./driver.ts);
    // awaited one at a time they behave exactly as without it.
    pipeline: true,
    // Writes of one tick leave in one system call (./coalescing-socket.ts).
    stream: coalescingSocket,
  });
  guardPool(pool, opts.applicationName ?? 'storeloom');
  return pool;
}

/**
 * Every client of the pool keeps an `error` listener for its whole life, idle
 * or checked out: a terminated session or a restarted server fails the work
 * in flight on it (its queries reject) and the pool drops it on release —
 * it never becomes an unhandled 'error' event that ends the process.
 */
export function guardPool(pool: pg.Pool, name: string): void {
  pool.on('connect', (client) => {
    client.on('error', (err) => noteLostConnection(name, err));
  });
  // Idle clients' errors are re-emitted by the pool (and the client removed).
  pool.on('error', (err) => noteLostConnection(name, err));
}

let lastLostLog = 0;

/** Logs a lost database session, at most once a second (a restart loses every session at once). */
export function noteLostConnection(name: string, err: unknown): void {
  const now = Date.now();
  if (now - lastLostLog < 1_000) return;
  lastLostLog = now;
  logger.warn(
    { pool: name, err: { message: (err as Error)?.message, code: (err as { code?: string })?.code } },
    'database session lost; the pool replaces it',
  );
}

/**
 * Kysely over our driver (./driver.ts): tenant and platform transactions open
 * with their first statement, in one socket write. `prepare` names
 * parameterised statements so PostgreSQL plans them once per connection (the
 * app pool); owner pools (migrations, maintenance) leave it off.
 */
export function createDb(pool: pg.Pool, opts: { prepare?: boolean } = {}): Db {
  const db = new Kysely<Database>({ dialect: new StoreloomDialect(pool, opts.prepare ?? false) });
  ourDbs.add(db);
  return db;
}

/** Kysely instances on our driver; any other instance gets its opening as ordinary statements. */
const ourDbs = new WeakSet<object>();

class StoreloomDialect extends PostgresDialect {
  constructor(
    private readonly pool: pg.Pool,
    private readonly prepare: boolean,
  ) {
    super({ pool });
  }
  override createDriver(): Driver {
    return new StoreloomDriver({ pool: this.pool, prepare: this.prepare });
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/**
 * !!! SECURITY CHOKE POINT — tenant isolation !!!
 * Runs `fn` in one transaction whose first statement sets `app.tenant_id`
 * transaction-locally (`set_config(…, true)`), so the setting dies with the
 * transaction and a pooled connection is never handed out with a tenant set.
 * Every RLS policy reads this setting; nothing else decides what a request sees.
 */
export async function withTenant<T>(db: Db, tenantId: string, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return inTenantTransaction(db, tenantId, false, fn);
}

/**
 * withTenant for ONE statement (a read, or a write that stands alone) — or one
 * pipelinedStatements batch, whose statements then count as that one: the
 * BEGIN with the tenant, the statement and the COMMIT go to PostgreSQL in one
 * write and come back in one round trip; the result is returned only once the
 * commit succeeded. `fn` must run exactly one statement; a second one throws
 * (it would run after the commit, outside the tenant).
 *
 * `durability: 'relaxed'` commits without waiting for the WAL flush
 * (synchronous_commit off for this transaction only): a crash may forget the
 * last fraction of a second of such commits, never half of one. Only for
 * writes whose loss a shopper would shrug off (cart lines) — never orders,
 * stock, money or anything with an outbox event.
 */
export async function withTenantStatement<T>(
  db: Db,
  tenantId: string,
  fn: (trx: Trx) => Promise<T>,
  opts: { durability?: 'full' | 'relaxed' } = {},
): Promise<T> {
  return inTenantTransaction(db, tenantId, true, fn, opts.durability === 'relaxed');
}

/**
 * Runs `fn`, whose ONE statement is the last of the current withTenant
 * transaction: its COMMIT is written with it and answered in the same round
 * trip, so locks the statement takes (a store's order counter) are held for
 * its execution and the commit only. The result is returned once the commit
 * succeeded; anything the transaction runs afterwards throws. Outside our
 * driver it simply runs `fn` and the transaction commits as usual.
 */
export function asFinalStatement<T>(fn: () => Promise<T>): Promise<T> {
  return finalStatement.run(true, fn);
}

/**
 * Runs independent statements of one transaction in ONE round trip: they are
 * written back to back (the first may carry the transaction's opening) and
 * executed in order, each with its own snapshot — so a later statement sees
 * rows an earlier one locked or wrote, exactly as if awaited one by one. Use
 * it when no statement's parameters depend on an earlier one's result. In a
 * withTenantStatement transaction the batch is its one statement: opening,
 * statements and COMMIT in one round trip.
 * Returns each statement's rows; the first failure is thrown.
 */
export async function pipelinedStatements(
  trx: Trx,
  statements: readonly CompiledQuery[],
): Promise<unknown[][]> {
  const [first, ...more] = statements;
  if (!first) return [];
  const res = await trx.executeQuery({ ...first, [PIPELINED_MORE]: more } as CompiledQuery);
  const tail = (res as { [PIPELINED_RESULTS]?: QueryResult<unknown>[] })[PIPELINED_RESULTS] ?? [];
  return [res.rows, ...tail.map((r) => r.rows)];
}

function inTenantTransaction<T>(
  db: Db,
  tenantId: string,
  single: boolean,
  fn: (trx: Trx) => Promise<T>,
  relaxed = false,
): Promise<T> {
  if (!isUuid(tenantId) || tenantId === PLATFORM_TENANT_ID) {
    throw new AppError('internal_error', 'withTenant called without a valid tenant id');
  }
  if (!ourDbs.has(db)) {
    return db.transaction().execute(async (trx) => {
      await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
      return fn(trx);
    });
  }
  const opening = { tenantId, single, relaxed };
  // The driver reads the opening while beginning; the callback runs outside
  // that context so nothing it opens inherits it.
  return txOpening.run(opening, () => db.transaction().execute((trx) => txOpening.exit(() => fn(trx))));
}

/**
 * !!! DANGEROUS — cross-tenant access !!!
 * Runs `fn` in a transaction that switches to the `storeloom_platform` role
 * (SET LOCAL ROLE: reverted at commit or rollback), whose policies see every
 * tenant's rows. Only platform code may use this: the console, schedulers'
 * fan-out over tenants, the outbox relay, Host → tenant resolution, signup.
 * Never call it with input that selects data on behalf of a store's user.
 */
export async function withPlatformAccess<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  if (!ourDbs.has(db)) {
    return db.transaction().execute(async (trx) => {
      await sql`set local role storeloom_platform`.execute(trx);
      return fn(trx);
    });
  }
  const opening = { sql: 'begin; set local role storeloom_platform', single: false as const };
  return txOpening.run(opening, () => db.transaction().execute((trx) => txOpening.exit(() => fn(trx))));
}

/** Refuses to run the app on a connection that could bypass RLS. */
export async function assertAppRole(db: Db): Promise<void> {
  const { rows } = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>`
    select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(db);
  const role = rows[0];
  if (!role || role.rolsuper || role.rolbypassrls) {
    throw new Error(
      `The app database role ${role?.rolname ?? '?'} can bypass row-level security; connect as storeloom_app (APP_DATABASE_URL)`,
    );
  }
}

/** Cheap liveness probe for /readyz. */
export async function pingDb(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
