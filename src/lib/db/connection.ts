/**
 * One leased pool client as Kysely sees it (see ./driver.ts for the rules):
 * deferred openings, single-statement and final-statement commits, pipelined
 * batches and prepared-statement names.
 *
 * Only pg's documented interface is used: `client.query()` with a QueryConfig
 * (`name` makes it a named prepared statement, which pg parses once per
 * connection and tracks itself) on a client created with `pipeline: true`,
 * where every query is written as soon as it is issued and answered in order.
 * A "group" below is queries issued back to back without awaiting: one round
 * trip. Each query carries its own Sync, so each one succeeds or fails on its
 * own; the transaction block (BEGIN … COMMIT) ties them together.
 */
import {
  AbortedTransactionError,
  type CompiledQuery,
  type DatabaseConnection,
  type QueryResult,
} from 'kysely';
import type pg from 'pg';
import { AppError } from '../errors.js';
import {
  errorCode,
  forgetStatementName,
  STALE_RESULT_TYPE,
  statementName,
  UNKNOWN_STATEMENT,
} from './statement-names.js';
import { tenantOpeningSql } from './tenant-opening.js';
import { finalStatement, PIPELINED_MORE, PIPELINED_RESULTS, type TxOpening } from './tx-context.js';

/** A failed query's stack names the awaiting callers (async frames), as pg's promise form makes it. */
function withCallerStacks(
  settled: PromiseSettledResult<pg.QueryResult>[],
): PromiseSettledResult<pg.QueryResult>[] {
  for (const x of settled)
    if (x.status === 'rejected' && x.reason instanceof Error) Error.captureStackTrace(x.reason);
  return settled;
}

export type TxState = 'none' | 'deferred' | 'open' | 'single-done';

const COMMIT: pg.QueryConfig = { text: 'commit' };

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
    return this.#executeOne<R>(compiledQuery);
  }

  /** Issues its statement's queries synchronously (before any await), so a batch can follow it in the same write. */
  #executeOne<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const final = finalStatement.getStore() === true;
    if (this.#state === 'deferred' && this.#opening) {
      const opening = this.#opening;
      // A first statement that is also the last: the one-round-trip form.
      const commit = opening.single || final;
      this.#opening = null;
      this.#state = commit ? 'single-done' : 'open';
      return this.#opened<R>(opening, compiledQuery, commit);
    }
    if (final && this.#state === 'open') {
      this.#state = 'single-done';
      return this.#withCommit<R>(this.#config(compiledQuery));
    }
    return this.#plain<R>(compiledQuery);
  }

  async #plain<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
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
      // The batch is the transaction's one statement: opening, statements and COMMIT in one write.
      const opening = this.#opening;
      this.#opening = null;
      this.#state = 'single-done';
      return this.#openedBatch<R>(opening, [first, ...more]);
    }
    const firstPlain = { ...first, [PIPELINED_MORE]: undefined } as CompiledQuery;
    if (!this.client.pipeline) {
      const head = await this.#executeOne<R>(firstPlain);
      const tail: QueryResult<unknown>[] = [];
      for (const q of more) tail.push(await this.#executeOne(q));
      return Object.assign(head, { [PIPELINED_RESULTS]: tail });
    }
    const sent: Promise<QueryResult<unknown>>[] = [this.#executeOne(firstPlain)];
    for (const q of more) sent.push(this.#query(this.#config(q)).then((r) => this.#result(r)));
    const settled = await Promise.allSettled(sent);
    const failed = settled.find((x) => x.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [head, ...tail] = settled.map((x) => (x as PromiseFulfilledResult<QueryResult<unknown>>).value);
    return Object.assign(head as QueryResult<R>, { [PIPELINED_RESULTS]: tail });
  }

  /**
   * A single-statement transaction whose statement is a pipelined batch: the
   * opening, every statement and the COMMIT in one group (one round trip).
   * The results are returned only once the commit succeeded; after a stale
   * prepared statement (nothing was committed: the COMMIT rolled back) the
   * whole group runs once more.
   */
  async #openedBatch<R>(opening: TxOpening, queries: CompiledQuery[]): Promise<QueryResult<R>> {
    const open: pg.QueryConfig = {
      text:
        'tenantId' in opening ? tenantOpeningSql(opening.tenantId, opening.relaxed === true) : opening.sql,
    };
    const plain = queries.map((q) => ({ ...q, [PIPELINED_MORE]: undefined }) as CompiledQuery);
    const run = async () => {
      const configs = plain.map((q) => this.#config(q));
      return { configs, settled: await this.#group([open, ...configs, COMMIT]) };
    };
    let { configs, settled } = await run();
    const stale = () =>
      settled.some((x) => x.status === 'rejected' && errorCode(x.reason) === STALE_RESULT_TYPE);
    if (settled[0]?.status === 'fulfilled' && stale()) {
      settled.forEach((x, i) => {
        if (x.status === 'rejected' && i > 0 && i <= configs.length)
          this.#noteError(x.reason, configs[i - 1]!);
      });
      ({ configs, settled } = await run());
    }
    const [begun, ...rest] = settled;
    if (begun?.status === 'rejected') {
      this.discard = true;
      throw begun.reason;
    }
    const committed = rest.pop();
    // The first failing statement is the error (the ones after it failed with it, and the COMMIT rolled back).
    const results = rest.map((x, i) => this.#result(this.#settle(x, configs[i]!)));
    if (committed?.status === 'rejected') throw committed.reason;
    if (committed?.value.command === 'ROLLBACK') throw new AbortedTransactionError();
    const [head, ...tail] = results;
    return Object.assign(head as QueryResult<R>, { [PIPELINED_RESULTS]: tail });
  }

  /** The transaction's last statement and its COMMIT, written together. */
  async #withCommit<R>(config: pg.QueryConfig): Promise<QueryResult<R>> {
    const [main, commit] = await this.#group([config, COMMIT]);
    // After a failed statement the COMMIT rolled the transaction back.
    return this.#result<R>(this.#settle(main!, config, commit));
  }

  /**
   * The opening, the statement and (`commit`) its COMMIT in one group.
   * Whatever fails in the opening fails the statement: its result is never
   * returned without the opening having run.
   */
  async #opened<R>(
    opening: TxOpening,
    compiledQuery: CompiledQuery,
    commit: boolean,
  ): Promise<QueryResult<R>> {
    const open: pg.QueryConfig = {
      text:
        'tenantId' in opening ? tenantOpeningSql(opening.tenantId, opening.relaxed === true) : opening.sql,
    };
    const run = () => {
      const config = this.#config(compiledQuery);
      return { config, sent: this.#group(commit ? [open, config, COMMIT] : [open, config]) };
    };
    let { config, sent } = run();
    let [begun, main, committed] = await sent;
    if (
      main?.status === 'rejected' &&
      begun?.status === 'fulfilled' &&
      errorCode(main.reason) === STALE_RESULT_TYPE
    ) {
      // Nothing ran before this statement in its transaction: after a stale
      // prepared statement (renamed by #noteError), run the group again.
      this.#noteError(main.reason, config);
      if (!commit) await this.command('rollback');
      ({ config, sent } = run());
      [begun, main, committed] = await sent;
    }
    if (begun?.status === 'rejected') {
      this.discard = true;
      throw begun.reason;
    }
    return this.#result<R>(this.#settle(main!, config, committed));
  }

  /** The statement's result once its (optional) COMMIT is known to have committed. */
  #settle(
    main: PromiseSettledResult<pg.QueryResult>,
    config: pg.QueryConfig,
    commit?: PromiseSettledResult<pg.QueryResult>,
  ): pg.QueryResult {
    if (main.status === 'rejected') {
      this.#noteError(main.reason, config);
      throw main.reason;
    }
    if (commit?.status === 'rejected') throw commit.reason;
    if (commit?.value.command === 'ROLLBACK') throw new AbortedTransactionError();
    return main.value;
  }

  /**
   * Queries issued back to back: on a pipelining client all are written
   * before the first answer arrives (one round trip); otherwise one after the
   * other. Either way each runs on its own and all are awaited.
   */
  #group(configs: pg.QueryConfig[]): Promise<PromiseSettledResult<pg.QueryResult>[]> {
    if (this.client.pipeline) return this.#pipelinedGroup(configs).then(withCallerStacks);
    return (async () => {
      const out: PromiseSettledResult<pg.QueryResult>[] = [];
      for (const c of configs) {
        out.push(
          await this.client.query(c).then(
            (value) => ({ status: 'fulfilled' as const, value }),
            (reason: unknown) => ({ status: 'rejected' as const, reason }),
          ),
        );
      }
      return out;
    })();
  }

  /**
   * The group on a pipelining client through pg's callback form (documented
   * `client.query(config, callback)`): one promise for the whole group
   * instead of pg's promise and its `.catch` per query plus allSettled's.
   * pg's promise form replaces a failed query's stack with the caller's:
   * withCallerStacks does the same once the group is answered.
   */
  #pipelinedGroup(configs: pg.QueryConfig[]): Promise<PromiseSettledResult<pg.QueryResult>[]> {
    return new Promise((resolve) => {
      const out: PromiseSettledResult<pg.QueryResult>[] = new Array(configs.length);
      let left = configs.length;
      configs.forEach((config, i) => {
        this.client.query(config, (err: Error | null, value: pg.QueryResult) => {
          out[i] = err ? { status: 'rejected', reason: err } : { status: 'fulfilled', value };
          if (--left === 0) resolve(out);
        });
      });
    });
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
    if (code === STALE_RESULT_TYPE && config.name) forgetStatementName(config.text, config.name);
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
