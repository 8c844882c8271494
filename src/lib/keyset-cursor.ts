/**
 * Opaque keyset cursors over (timestamp, uuid) — "newest first" lists whose
 * next page starts strictly before the last row shown. Anything that is not
 * a cursor from such a list → 400 validation_failed.
 */
import { isUuid } from './db/index.js';
import { AppError } from './errors.js';

export function encodeKeyset(at: Date | string, id: string): string {
  return Buffer.from(`${new Date(at).toISOString()}|${id}`).toString('base64url');
}

export function decodeKeyset(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const d = new Date(at ?? '');
  if (!id || !isUuid(id) || Number.isNaN(d.getTime())) {
    throw new AppError('validation_failed', 'The cursor is not valid', {
      issues: [{ path: 'cursor', message: 'Not a cursor from this list' }],
    });
  }
  return { at: d, id };
}
