/**
 * The tenant opening sent in the same extended-protocol message group as a
 * transaction's first statement (see ./driver.ts): [Execute begin,] Execute
 * set_config('app.tenant_id', $1, true), then the statement and its Sync.
 */
import pg from 'pg';

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
export class TenantOpenedQuery extends QueryBase {
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
