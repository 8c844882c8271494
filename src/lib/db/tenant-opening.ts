/**
 * The text that opens a tenant transaction in one simple-protocol message
 * (see ./connection.ts, which sends it with the first statement).
 */
import { AppError } from '../errors.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant opening as ONE simple-protocol message: BEGIN and the
 * transaction-local tenant setting (set_config(…, true)). The tenant id is a
 * checked UUID (hex and dashes only), so it is written as a literal; a
 * simple query needs no Parse round of its own. `relaxed` also turns
 * synchronous_commit off for this transaction only.
 *
 * A SELECT rather than `SET LOCAL app.tenant_id = '…'`: PostgreSQL 15's
 * pg_stat_statements (loaded on most managed databases) keys a utility
 * command by its text, so SET LOCAL took one entry per store — 10,000
 * stores are twice its default 5,000 entries, and every eviction sorts the
 * whole table under an exclusive lock. A SELECT's literal is normalised:
 * one entry for every store (tests/lib/tenant-opening.test.ts). Measured
 * at the same backend CPU per transaction as SET LOCAL.
 */
export function tenantOpeningSql(tenantId: string, relaxed: boolean): string {
  if (!UUID_RE.test(tenantId))
    throw new AppError('internal_error', 'tenant opening without a valid tenant id');
  const durability = relaxed ? '; set local synchronous_commit = off' : '';
  return `begin; select set_config('app.tenant_id', '${tenantId}', true)${durability}`;
}
