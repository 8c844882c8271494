/**
 * Our Kysely driver over node-postgres: what Kysely's PostgresDriver does,
 * plus three things that take round trips and planning off every request.
 * It uses pg's documented interface only (pipeline mode, named prepared
 * statements through QueryConfig.name): no pg internals. The pool's sockets
 * are ours (pg's `stream` option, ./coalescing-socket.ts): what pg writes in
 * one tick leaves in one system call.
 *
 * 1. Openings ride with the first statement. withTenant says how its
 *    transaction opens through `txOpening`; nothing is sent at BEGIN time.
 *    The first statement is written right behind its opening — one simple
 *    query `begin; set local app.tenant_id = '<uuid>'` — on
 *    the pipelining client: one round trip. A transaction that runs no
 *    statement sends nothing at all.
 * 2. Single-statement transactions (`single`, withTenantStatement) also
 *    write their COMMIT behind the statement: opening, statement and commit
 *    are one round trip, and the result is returned only once the commit
 *    succeeded. A second statement in such a transaction is a bug and throws.
 * 3. Parameterised statements are prepared once per connection under a
 *    stable name (`prepare`), so PostgreSQL parses and plans them once
 *    instead of on every request. Unparameterised text (migrations, multi-
 *    statement scripts) keeps the simple protocol. A statement that no longer
 *    fits the schema (a migration changed its result columns) gets a new
 *    name; run on its own or first in its transaction it is run again, in the
 *    middle of a transaction that transaction fails (./connection.ts).
 *
 * Platform openings (`begin; set local role …`) ride the same way.
 * Whatever fails in an opening fails the statement: its result is never
 * returned without the opening having run.
 */
import {
  AbortedTransactionError,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { AppError } from '../errors.js';
import { StoreloomConnection } from './connection.js';
import { txOpening } from './tx-context.js';

export {
  finalStatement,
  PIPELINED_MORE,
  PIPELINED_RESULTS,
  type TxOpening,
  txOpening,
} from './tx-context.js';

export interface DriverConfig {
  pool: pg.Pool;
  /** Prepare parameterised statements under stable names (the app pool); off for owner/migration pools. */
  prepare: boolean;
}

const SAVEPOINT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function savepointSql(verb: string, name: string): string {
  if (!SAVEPOINT_NAME.test(name)) throw new AppError('internal_error', 'invalid savepoint name');
  return `${verb} "${name}"`;
}

export class StoreloomDriver implements Driver {
  readonly #config: DriverConfig;
  readonly #connections = new WeakMap<pg.PoolClient, StoreloomConnection>();
  #pool: pg.Pool | undefined;

  constructor(config: DriverConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    this.#pool = this.#config.pool;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const pool = this.#pool;
    if (!pool) throw new Error('driver has already been destroyed');
    const client = await pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new StoreloomConnection(client, this.#config.prepare);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const conn = connection as StoreloomConnection;
    const opening = txOpening.getStore();
    if (opening) {
      if (settings.isolationLevel || settings.accessMode)
        throw new AppError('internal_error', 'tenant and platform transactions take no isolation settings');
      conn.defer(opening);
      return;
    }
    let sql = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      sql = 'start transaction';
      if (settings.isolationLevel) sql += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) sql += ` ${settings.accessMode}`;
    }
    await conn.command(sql);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as StoreloomConnection;
    const state = conn.state;
    conn.reset();
    // Nothing was sent (deferred) or the commit already went with the statement.
    if (state === 'deferred' || state === 'single-done') return;
    if ((await conn.command('commit')) === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const conn = connection as StoreloomConnection;
    const state = conn.state;
    conn.reset();
    if (state === 'deferred' || state === 'single-done') return;
    try {
      await conn.command('rollback');
    } catch (err) {
      conn.discard = true;
      throw err;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await (connection as StoreloomConnection).executeQuery({
      sql: savepointSql('savepoint', name),
      parameters: [],
    } as unknown as CompiledQuery);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await (connection as StoreloomConnection).executeQuery({
      sql: savepointSql('rollback to savepoint', name),
      parameters: [],
    } as unknown as CompiledQuery);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await (connection as StoreloomConnection).executeQuery({
      sql: savepointSql('release savepoint', name),
      parameters: [],
    } as unknown as CompiledQuery);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const conn = connection as StoreloomConnection;
    conn.reset();
    const discard = conn.discard;
    if (discard) this.#connections.delete(conn.client);
    conn.client.release(discard);
  }

  async destroy(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    if (pool) await pool.end();
  }
}
