/**
 * Opaque pagination cursors: base64url(JSON) holding the sort the cursor was
 * made for, the last row's sort key and its id. A cursor that does not decode,
 * does not match the shape, or was made for another sort → 400.
 */
import { isUuid } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';

export interface CursorData {
  /** Sort name the cursor belongs to. */
  s: string;
  /** Last row's sort key (string form, exactly as the database printed it), or null. */
  k: string | null;
  /** Last row's id (tie-breaker). */
  id: string;
}

export function encodeCursor(data: CursorData): string {
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

function badCursor(): AppError {
  return new AppError('validation_failed', 'The request is not valid', {
    issues: [{ path: 'cursor', message: 'Malformed cursor' }],
  });
}

/**
 * Decodes and checks a cursor. `keyPattern` validates the sort key's text
 * (e.g. an integer, a numeric, a timestamp) so it can be cast safely in SQL;
 * `idIsUuid` false allows numeric ids (ledger rows).
 */
export function decodeCursor(
  raw: string,
  sort: string,
  keyPattern: RegExp | null,
  opts: { idIsUuid?: boolean } = {},
): CursorData {
  if (raw.length > 500 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw badCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) throw badCursor();
  const { s, k, id } = parsed as Record<string, unknown>;
  if (s !== sort || typeof id !== 'string') throw badCursor();
  if (opts.idIsUuid === false ? !/^\d{1,18}$/.test(id) : !isUuid(id)) throw badCursor();
  if (keyPattern === null) {
    if (k !== null && k !== undefined) throw badCursor();
    return { s, k: null, id };
  }
  if (typeof k !== 'string' || k.length > 64 || !keyPattern.test(k)) throw badCursor();
  return { s, k, id };
}

export const INT_KEY = /^-?\d{1,18}$/;
export const NUMERIC_KEY = /^-?\d{1,12}(\.\d{1,12})?$/;
/**
 * PostgreSQL's text form of a timestamptz, e.g. `2026-11-26 12:50:53.123456+00`,
 * with every field in range (a forged `+99:99` offset or month 13 is refused
 * here, not by the database).
 */
export const TIMESTAMP_KEY =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?([+-](0\d|1[0-5])(:[0-5]\d)?|Z)?$/;
