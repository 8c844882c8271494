/**
 * Statement text → prepared-statement name, shared by every connection of
 * the process, and the error codes that say a connection's prepared
 * statements are stale (see ./connection.ts, the only user).
 */
const statementNames = new Map<string, string>();
/** Bounds the names a process hands out (each connection keeps a plan per name it used). */
const MAX_PREPARED = 1_000;
/** Statements with more parameters are bulk writes whose text varies with their row count (checkout stays under it). */
const MAX_PREPARED_PARAMS = 256;
const MAX_PREPARED_TEXT = 16_000;

let lastName = 0;

export function statementName(sql: string, paramCount: number): string | undefined {
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
export const STALE_RESULT_TYPE = '0A000';
/** The connection's record of its prepared statements is wrong: discard it. */
export const UNKNOWN_STATEMENT = '26000';

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Drops a name that went stale, so the text is prepared afresh under a new one. */
export function forgetStatementName(sql: string, name: string): void {
  if (statementNames.get(sql) === name) statementNames.delete(sql);
}
