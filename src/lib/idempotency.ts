/**
 * Idempotency keys for unsafe retries (checkout); the ONE owner of the
 * idempotency_keys table (all its SQL is here). A key is stored with a hash
 * of the request and the response it produced, in the SAME transaction as the
 * work itself, so the key exists if and only if the work committed.
 *
 * Racing duplicates: the key row is inserted FIRST (`on conflict do nothing`,
 * checkout does it in its first statement: `claimKeySql`, composed into
 * cart repository's claimKeyAndLockCartQuery). A second request with the same key blocks on the
 * unique index until the first transaction ends. If the first commits, the
 * second finds the row and replays its stored response (`replayStored`); if
 * the first rolls back (e.g. 409 insufficient_stock), the key was never
 * written and the second runs the work itself. So N identical concurrent
 * requests produce exactly one effect. The response is stored by the work's
 * final statement (`completeKeyFragment`, composed into orders' insertPlacedOrder).
 *
 * Same key with a different request → 409 idempotency_conflict. Failed
 * requests are not stored (their transaction rolled back): retrying them
 * re-executes, which is what a client wants after e.g. a restock.
 */
import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Trx } from './db/index.js';
import { AppError } from './errors.js';

export interface StoredResponse<T> {
  status: number;
  body: T;
  /** True when this response is a replay of an earlier request. */
  replayed: boolean;
}

/** Stable JSON (sorted keys) so logically equal bodies hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonical(request)).digest('hex');
}

export const ZIdempotencyKey = /^[\x21-\x7e]{1,255}$/;

/** Validates the header value: 1–255 visible ASCII characters. */
export function parseIdempotencyKey(value: string | undefined): string {
  if (!value) {
    throw new AppError('validation_failed', 'The Idempotency-Key header is required', {
      issues: [{ path: 'Idempotency-Key', message: 'Required' }],
    });
  }
  if (!ZIdempotencyKey.test(value)) {
    throw new AppError('validation_failed', 'The Idempotency-Key header is not valid', {
      issues: [{ path: 'Idempotency-Key', message: '1 to 255 visible ASCII characters' }],
    });
  }
  return value;
}

/**
 * The answer to a request whose key another transaction committed (after
 * waiting for it if it was racing): its stored response, 409
 * idempotency_conflict for a different request under the same key.
 */
export async function replayStored<T>(
  trx: Trx,
  tenantId: string,
  opts: { scope: string; key: string; hash: string },
): Promise<StoredResponse<T>> {
  const row = await trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status', 'response_status', 'response_body'])
    .where('tenant_id', '=', tenantId)
    .where('scope', '=', opts.scope)
    .where('key', '=', opts.key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== opts.hash) {
    throw new AppError(
      'idempotency_conflict',
      'This Idempotency-Key was already used with a different request',
    );
  }
  if (row.status !== 'completed' || row.response_status === null || row.response_body === null) {
    throw new AppError('conflict', 'A request with this Idempotency-Key is still in progress');
  }
  return { status: row.response_status, body: row.response_body as T, replayed: true };
}

/** Which key a fragment claims or completes. */
export interface IdempotencyKeyRef {
  scope: string;
  key: string;
}

/**
 * The claim as a fragment for a WITH clause of the caller's statement: inserts
 * the key in progress, or nothing when it exists (a racing duplicate waits on
 * the unique index here); returns `key` only when this request claimed it.
 */
export function claimKeySql(
  tenantId: string,
  claim: IdempotencyKeyRef & { hash: string },
): RawBuilder<unknown> {
  return sql`insert into idempotency_keys (tenant_id, scope, key, request_hash)
      values (${tenantId}, ${claim.scope}, ${claim.key}, ${claim.hash})
      on conflict (tenant_id, scope, key) do nothing
      returning key`;
}

/**
 * The completion as a fragment for a WITH clause of the caller's final
 * statement: the claimed key stores `status` and `body` (a jsonb expression,
 * so the statement may fill in values it computes itself).
 */
export function completeKeyFragment(
  trx: Trx,
  tenantId: string,
  ref: IdempotencyKeyRef & { status: number },
  body: RawBuilder<string>,
) {
  return trx
    .updateTable('idempotency_keys')
    .set({ status: 'completed', response_status: ref.status, response_body: body })
    .where('tenant_id', '=', tenantId)
    .where('scope', '=', ref.scope)
    .where('key', '=', ref.key)
    .returning('key');
}
