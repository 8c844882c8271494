/**
 * One leased pool client as Kysely sees it (see ./driver.ts for the rules):
 * deferred openings, single-statement and final-statement commits, pipelined
 * batches and prepared-statement names.
 */
import {
  AbortedTransactionError,
  type CompiledQuery,
  type DatabaseConnection,
  type QueryResult,
} from 'kysely';
import type pg from 'pg';
import { AppError } from '../errors.js';
import { TenantOpenedQuery } from './tenant-opening.js';
import { finalStatement, PIPELINED_MORE, PIPELINED_RESULTS, type TxOpening } from './tx-context.js';

/** Statement text → prepared-statement name, shared by every connection of the process. */
const statementNames = new Map<string, string>();
/** Bounds the names a process hands out (each connection keeps a plan per name it used). */
const MAX_PREPARED = 1_000;
/** Statements with more parameters are bulk writes whose text varies with their row count (checkout stays under it). */
const MAX_PREPARED_PARAMS = 256;
const MAX_PREPARED_TEXT = 16_000;

let lastName = 0;

function statementName(sql: string, paramCount: number): string | undefined {
  if (paramCount === 0 || paramCount > MAX_PREPARED_PARAMS || sql.length > MAX_PREPARED_TEXT)
    return undefined;
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `sl${++lastName}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * A migration changed the result columns of a prepared statement ("cached
 * plan must not change result type"): the text gets a new name, so every
 * connection prepares it afresh; the old name lingers unused on the
 * connections that had it.
 */
const STALE_RESULT_TYPE = '0A000';
/** The connection's record of its prepared statements is wrong: discard it. */
const UNKNOWN_STATEMENT = '26000';

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

export type TxState = 'none' | 'deferred' | 'open' | 'single-done';

export class StoreloomConnection implements DatabaseConnection {
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
    const final = finalStatement.getStore() === true;
    if (this.#state === 'deferred' && this.#opening) {
      const deferred: TxOpening = this.#opening;
      // A first statement that is also the last: the one-round-trip form.
      const opening: TxOpening = final && 'tenantId' in deferred ? { ...deferred, single: true } : deferred;
      this.#opening = null;
      this.#state = opening.single ? 'single-done' : 'open';
      try {
        return await this.#pipelined<R>(opening, this.#config(compiledQuery));
      } catch (err) {
        // Nothing ran before this statement in its transaction: after a stale
        // prepared statement (renamed by #noteError), run the opening and the
        // statement again.
        if (errorCode(err) !== STALE_RESULT_TYPE) throw err;
        if (!opening.single) await this.command('rollback');
        return this.#pipelined<R>(opening, this.#config(compiledQuery));
      }
    }
    if (final && this.#state === 'open') {
      this.#state = 'single-done';
      return this.#withCommit(this.#config(compiledQuery));
    }
    try {
      return this.#result<R>(await this.#query(this.#config(compiledQuery)));
    } catch (err) {
      // Outside a transaction the failed statement did nothing: run it again
      // under its new name. Inside one the transaction is lost: it fails once.
      if (this.#state !== 'none' || errorCode(err) !== STALE_RESULT_TYPE) throw err;
      return this.#result<R>(await this.#query(this.#config(compiledQuery)));
    }
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
    if (this.#state === 'deferred' && this.#opening?.single) {
      // Its later statements would run after the implicit commit, outside the tenant.
      throw new AppError('internal_error', 'a pipelined batch cannot run in a single-statement transaction');
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
      this.#noteError(main.reason, config);
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
      this.#noteError(err, config);
      throw err;
    }
  }

  #noteError(err: unknown, config: pg.QueryConfig): void {
    const code = errorCode(err);
    if (code === UNKNOWN_STATEMENT) this.discard = true;
    if (code === STALE_RESULT_TYPE && config.name && statementNames.get(config.text) === config.name) {
      statementNames.delete(config.text);
    }
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
        this.#noteError(err, config);
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
      this.#noteError(main.reason, config);
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
