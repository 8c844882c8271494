/**
 * Our Kysely driver over node-postgres: what Kysely's PostgresDriver does,
 * plus three things that take round trips and planning off every request.
 *
 * 1. Openings ride with the first statement. withTenant says how its
 *    transaction opens through `txOpening`; nothing is sent at BEGIN time.
 *    The first statement goes out as ONE extended-protocol message group:
 *    Execute `begin`, Execute `select set_config('app.tenant_id', $1, true)`
 *    (prepared once per connection), then the statement, then a single Sync —
 *    one socket write, one answer, one flush on the server. A transaction
 *    that runs no statement sends nothing at all.
 * 2. Single-statement transactions (`single`, withTenantStatement) leave the
 *    `begin` out: statements sent before one Sync run in ONE implicit
 *    transaction that the Sync commits (PostgreSQL protocol, "Extended
 *    Query"), and set_config(…, true) lasts until that commit. Opening,
 *    statement and commit are one round trip. A second statement in such a
 *    transaction is a bug and throws.
 * 3. Parameterised statements are prepared once per connection under a
 *    stable name (`prepare`), so PostgreSQL parses and plans them once
 *    instead of on every request. Unparameterised text (migrations, multi-
 *    statement scripts) keeps the simple protocol. A connection whose cached
 *    statement no longer fits the schema (a migration changed a result type)
 *    is discarded at release; a fresh one prepares again.
 *
 * Platform openings (`begin; set local role …`) are pipelined as a simple
 * query in the same write as the first statement (pg's pipeline mode).
 * Whatever fails in an opening fails the statement: its result is never
 * returned without the opening having run.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  AbortedTransactionError,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { AppError } from '../errors.js';

/** How the transaction being opened on this async context starts (set by withTenant/withPlatformAccess). */
export type TxOpening =
  /** A tenant transaction; `single`: one statement, committed with it. */
  | { tenantId: string; single: boolean; relaxed?: boolean }
  /** Fully literal SQL (no parameters) that begins the transaction; built only from constants. */
  | { sql: string; single: false };

export const txOpening = new AsyncLocalStorage<TxOpening>();

/**
 * On a CompiledQuery: statements to write right behind it, in the same
 * socket write (pg pipeline mode), each answered in order. Their results come
 * back under PIPELINED_RESULTS on the first statement's result.
 */
export const PIPELINED_MORE = Symbol('storeloom.pipelinedMore');
export const PIPELINED_RESULTS = Symbol('storeloom.pipelinedResults');

/** Set while the statement that ends the current transaction runs (see asFinalStatement). */
export const finalStatement = new AsyncLocalStorage<boolean>();

export interface DriverConfig {
  pool: pg.Pool;
  /** Prepare parameterised statements under stable names (the app pool); off for owner/migration pools. */
  prepare: boolean;
}

/** Statement text → prepared-statement name, shared by every connection of the process. */
const statementNames = new Map<string, string>();
/** Bounds the names a process hands out (each connection keeps a plan per name it used). */
const MAX_PREPARED = 1_000;
/** Statements with more parameters are bulk writes whose text varies with their row count (checkout stays under it). */
const MAX_PREPARED_PARAMS = 256;
const MAX_PREPARED_TEXT = 16_000;

function statementName(sql: string, paramCount: number): string | undefined {
  if (paramCount === 0 || paramCount > MAX_PREPARED_PARAMS || sql.length > MAX_PREPARED_TEXT)
    return undefined;
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `sl${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** SQLSTATEs meaning this connection's prepared statements no longer match the server. */
const STALE_STATEMENT_CODES = new Set(['0A000', '26000']);

/** The tenant opening, and its relaxed-durability twin (commit without waiting for the WAL flush). */
const OPENINGS = {
  durable: { name: 'sl_tenant', text: "select set_config('app.tenant_id', $1, true)" },
  relaxed: {
    name: 'sl_tenant_relaxed',
    text: "select set_config('app.tenant_id', $1, true), set_config('synchronous_commit', 'off', true)",
  },
} as const;

/** The parts of pg's Connection and Query this driver drives directly (not in @types/pg). */
interface WireConnection {
  parsedStatements: Record<string, string>;
  parse(msg: { name: string; text: string; types: unknown[] }): void;
  bind(msg: { statement: string; portal: string; values: unknown[] }): void;
  execute(msg: { portal: string; rows?: number }): void;
}
interface QueryInternals {
  prepare(connection: WireConnection): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: WireConnection): void;
}
const QueryBase = pg.Query as unknown as new (
  config: pg.QueryConfig & { callback: unknown },
) => QueryInternals;

/**
 * A statement preceded, in the same message group, by the tenant opening:
 * [Execute begin,] Execute set_config($tenant), then the statement and its
 * Sync. The opening's rows and command tags are swallowed; the caller sees
 * the statement's result only, delivered after the Sync (after the implicit
 * commit in single mode).
 */
class TenantOpenedQuery extends QueryBase {
  #swallow: number;
  readonly #tenantId: string;
  readonly #begin: boolean;
  readonly #opening: (typeof OPENINGS)[keyof typeof OPENINGS];

  constructor(
    config: pg.QueryConfig & { callback: unknown },
    tenantId: string,
    begin: boolean,
    relaxed: boolean,
  ) {
    super({ ...config, queryMode: 'extended' } as pg.QueryConfig & { callback: unknown });
    this.#tenantId = tenantId;
    this.#begin = begin;
    this.#opening = relaxed ? OPENINGS.relaxed : OPENINGS.durable;
    this.#swallow = begin ? 2 : 1;
  }

  /** True when this group also parsed a named statement (its first use on the connection). */
  sentParse = false;

  override prepare(connection: WireConnection): void {
    const name0 = (this as unknown as { name?: string }).name;
    // pg records a named statement as parsed on the FIRST ParseComplete of the
    // group, which may be the opening's: if this group then fails, that
    // record cannot be trusted, and the connection is discarded.
    this.sentParse = Boolean(name0) && connection.parsedStatements[name0 as string] === undefined;
    if (this.#begin) {
      connection.parse({ name: '', text: 'begin', types: [] });
      connection.bind({ statement: '', portal: '', values: [] });
      connection.execute({ portal: '' });
    }
    const { name, text } = this.#opening;
    if (connection.parsedStatements[name] !== text) {
      connection.parse({ name, text, types: [] });
      // Recorded now; if the group fails the connection is discarded.
      connection.parsedStatements[name] = text;
      this.sentParse = true;
    }
    connection.bind({ statement: name, portal: '', values: [this.#tenantId] });
    connection.execute({ portal: '' });
    super.prepare(connection);
  }

  override handleDataRow(msg: unknown): void {
    if (this.#swallow === 0) super.handleDataRow(msg);
  }

  override handleCommandComplete(msg: unknown, connection: WireConnection): void {
    if (this.#swallow > 0) this.#swallow--;
    else super.handleCommandComplete(msg, connection);
  }
}

type TxState = 'none' | 'deferred' | 'open' | 'single-done';

class StoreloomConnection implements DatabaseConnection {
  readonly client: pg.PoolClient;
  readonly #prepare: boolean;
  #state: TxState = 'none';
  #opening: TxOpening | null = null;
  discard = false;

  constructor(client: pg.PoolClient, prepare: boolean) {
    this.client = client;
    this.#prepare = prepare;
  }

  /** Records how the transaction opens; sent with the first statement. */
  defer(opening: TxOpening): void {
    this.#state = 'deferred';
    this.#opening = opening;
  }

  get state(): TxState {
    return this.#state;
  }

  reset(): void {
    this.#state = 'none';
    this.#opening = null;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#state === 'single-done') {
      throw new AppError('internal_error', 'a second statement ran after the transaction committed');
    }
    const more = (compiledQuery as { [PIPELINED_MORE]?: CompiledQuery[] })[PIPELINED_MORE];
    if (more?.length) return this.#executeBatch<R>(compiledQuery, more);
    const config = this.#config(compiledQuery);
    const final = finalStatement.getStore() === true;
    if (this.#state === 'deferred' && this.#opening) {
      const deferred: TxOpening = this.#opening;
      // A first statement that is also the last: the one-round-trip form.
      const opening: TxOpening = final && 'tenantId' in deferred ? { ...deferred, single: true } : deferred;
      this.#opening = null;
      this.#state = opening.single ? 'single-done' : 'open';
      return this.#pipelined(opening, config);
    }
    if (final && this.#state === 'open') {
      this.#state = 'single-done';
      return this.#withCommit(config);
    }
    return this.#result<R>(await this.#query(config));
  }

  /**
   * Statements written back to back and answered in order (the first may
   * carry the transaction's opening). Each is its own statement: a later one
   * sees what the earlier ones did and waited for. If one fails, the ones
   * after it fail with it (the transaction is aborted); the first failure is
   * thrown.
   */
  async #executeBatch<R>(first: CompiledQuery, more: CompiledQuery[]): Promise<QueryResult<R>> {
    if (finalStatement.getStore() === true) {
      throw new AppError('internal_error', 'a pipelined batch cannot be the final statement');
    }
    const client = this.client as pg.PoolClient & {
      pipeline?: boolean;
      connection?: { stream?: NodeJS.WritableStream & { cork?(): void; uncork?(): void } };
    };
    if (!client.pipeline) {
      const head = await this.executeQuery<R>({ ...first, [PIPELINED_MORE]: undefined } as CompiledQuery);
      const tail: QueryResult<unknown>[] = [];
      for (const q of more) tail.push(await this.executeQuery(q));
      return Object.assign(head, { [PIPELINED_RESULTS]: tail });
    }
    const stream = client.connection?.stream;
    stream?.cork?.();
    let sent: Promise<QueryResult<unknown>>[];
    try {
      const firstPlain = { ...first, [PIPELINED_MORE]: undefined } as CompiledQuery;
      sent = [this.executeQuery(firstPlain)];
      for (const q of more) sent.push(this.#query(this.#config(q)).then((r) => this.#result(r)));
    } finally {
      stream?.uncork?.();
    }
    const settled = await Promise.allSettled(sent);
    const failed = settled.find((x) => x.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [head, ...tail] = settled.map((x) => (x as PromiseFulfilledResult<QueryResult<unknown>>).value);
    return Object.assign(head as QueryResult<R>, { [PIPELINED_RESULTS]: tail });
  }

  /** The transaction's last statement and its COMMIT, written together. */
  async #withCommit<R>(config: pg.QueryConfig): Promise<QueryResult<R>> {
    const client = this.client as pg.PoolClient & {
      pipeline?: boolean;
      connection?: { stream?: NodeJS.WritableStream & { cork?(): void; uncork?(): void } };
    };
    if (!client.pipeline) {
      const res = await this.#query(config);
      if ((await this.command('commit')) === 'ROLLBACK') throw new AbortedTransactionError();
      return this.#result<R>(res);
    }
    const stream = client.connection?.stream;
    stream?.cork?.();
    let sent: Promise<pg.QueryResult>[];
    try {
      sent = [client.query(config), client.query('commit')];
    } finally {
      stream?.uncork?.();
    }
    const [main, commit] = await Promise.allSettled(sent);
    if (main?.status === 'rejected') {
      // The COMMIT after a failed statement rolled the transaction back.
      this.#noteError(main.reason);
      throw main.reason;
    }
    if (commit?.status === 'rejected') throw commit.reason;
    if ((commit as PromiseFulfilledResult<pg.QueryResult>).value.command === 'ROLLBACK')
      throw new AbortedTransactionError();
    return this.#result<R>((main as PromiseFulfilledResult<pg.QueryResult>).value);
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by this driver.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported by the Storeloom driver');
  }

  /** Runs raw SQL (BEGIN/COMMIT/ROLLBACK) and returns the command tag. */
  async command(sql: string): Promise<string> {
    const res = await this.#query({ text: sql });
    return res.command;
  }

  #config(q: CompiledQuery): pg.QueryConfig {
    const values = [...q.parameters];
    const name = this.#prepare ? statementName(q.sql, values.length) : undefined;
    return name ? { name, text: q.sql, values } : { text: q.sql, values };
  }

  async #query(config: pg.QueryConfig): Promise<pg.QueryResult> {
    try {
      return await this.client.query(config);
    } catch (err) {
      this.#noteError(err);
      throw err;
    }
  }

  #noteError(err: unknown): void {
    const code = (err as { code?: unknown })?.code;
    if (typeof code === 'string' && STALE_STATEMENT_CODES.has(code)) this.discard = true;
  }

  async #pipelined<R>(opening: TxOpening, config: pg.QueryConfig): Promise<QueryResult<R>> {
    if ('tenantId' in opening) {
      let q: TenantOpenedQuery | undefined;
      try {
        const res = await new Promise<pg.QueryResult>((resolve, reject) => {
          const callback = (err: Error | undefined, r: pg.QueryResult) => (err ? reject(err) : resolve(r));
          q = new TenantOpenedQuery(
            { ...config, callback },
            opening.tenantId,
            !opening.single,
            opening.relaxed === true,
          );
          this.client.query(q as unknown as pg.QueryConfig);
        });
        return this.#result<R>(res);
      } catch (err) {
        this.#noteError(err);
        if (q?.sentParse) this.discard = true;
        throw err;
      }
    }
    const client = this.client as pg.PoolClient & {
      pipeline?: boolean;
      connection?: { stream?: NodeJS.WritableStream & { cork?(): void; uncork?(): void } };
    };
    if (!client.pipeline) {
      // Not a pipelining client: the same statements, one round trip each.
      await this.#query({ text: opening.sql });
      return this.#result<R>(await this.#query(config));
    }
    const stream = client.connection?.stream;
    stream?.cork?.();
    let sent: Promise<pg.QueryResult>[];
    try {
      sent = [client.query(opening.sql), client.query(config)];
    } finally {
      stream?.uncork?.();
    }
    const [open, main] = await Promise.allSettled(sent);
    if (open?.status === 'rejected') {
      // Whatever ran after a failed opening ran without it: never return it.
      this.discard = true;
      throw open.reason;
    }
    if (main?.status === 'rejected') {
      this.#noteError(main.reason);
      throw main.reason;
    }
    return this.#result<R>((main as PromiseFulfilledResult<pg.QueryResult>).value);
  }

  #result<R>(res: pg.QueryResult): QueryResult<R> {
    const { command, rowCount, rows } = res;
    if (command === 'ROLLBACK' || command === 'COMMIT') return { rows: [{ command }] as R[] };
    return {
      numAffectedRows:
        command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE'
          ? BigInt(rowCount ?? 0)
          : undefined,
      rows: (rows ?? []) as R[],
    };
  }
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
