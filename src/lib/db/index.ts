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
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresDriver,
  sql,
  type Transaction,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { AppError } from '../errors.js';
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
}

export function createPool(opts: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    statement_timeout: opts.statementTimeoutMs ?? 15_000,
    application_name: opts.applicationName ?? 'storeloom',
    idleTimeoutMillis: 30_000,
  });
  // An idle client erroring (server restart) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

/**
 * The tenant a transaction being opened by withTenant must carry. Read only by
 * TenantAwareDriver.beginTransaction, in withTenant's own async context.
 */
const beginForTenant = new AsyncLocalStorage<string>();

/**
 * Opens withTenant's transactions in ONE round trip: `begin; select
 * set_config('app.tenant_id', '<uuid>', true)` sent as a single simple-protocol
 * query (no parameters; the id is inlined only after isUuid validated it).
 * Any other transaction opens as Kysely's does.
 */
class TenantAwareDriver extends PostgresDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    const tenantId = beginForTenant.getStore();
    if (tenantId === undefined) return super.beginTransaction(connection, settings);
    if (!isUuid(tenantId) || settings.isolationLevel || settings.accessMode)
      throw new AppError('internal_error', 'invalid tenant transaction');
    await connection.executeQuery(
      CompiledQuery.raw(`begin; select set_config('app.tenant_id', '${tenantId}', true)`),
    );
  }
}

class TenantAwareDialect extends PostgresDialect {
  constructor(private readonly driverConfig: PostgresDialectConfig) {
    super(driverConfig);
  }
  override createDriver(): PostgresDriver {
    return new TenantAwareDriver(this.driverConfig);
  }
}

/** Kysely instances whose driver opens tenant transactions in one round trip. */
const tenantAware = new WeakSet<object>();

export function createDb(pool: pg.Pool): Db {
  const db = new Kysely<Database>({ dialect: new TenantAwareDialect({ pool }) });
  tenantAware.add(db);
  return db;
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
  if (!isUuid(tenantId) || tenantId === PLATFORM_TENANT_ID) {
    throw new AppError('internal_error', 'withTenant called without a valid tenant id');
  }
  if (tenantAware.has(db)) {
    // The driver's beginTransaction sets the tenant with the BEGIN itself; the
    // callback runs outside that context so nothing it opens inherits it.
    return beginForTenant.run(tenantId, () =>
      db.transaction().execute((trx) => beginForTenant.exit(() => fn(trx))),
    );
  }
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
    return fn(trx);
  });
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
  return db.transaction().execute(async (trx) => {
    await sql`set local role storeloom_platform`.execute(trx);
    return fn(trx);
  });
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
