/**
 * The text that opens a tenant transaction in one simple-protocol message
 * (see ./connection.ts, which sends it with the first statement).
 */
import { AppError } from '../errors.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant opening as ONE simple-protocol message: BEGIN and the
 * transaction-local tenant setting (SET LOCAL: what set_config(…, true)
 * does, as a utility command that returns no row). The tenant id is a
 * checked UUID (hex and dashes only), so it is written as a literal; a
 * simple query needs no Parse round of its own. `relaxed` also turns
 * synchronous_commit off for this transaction only.
 */
export function tenantOpeningSql(tenantId: string, relaxed: boolean): string {
  if (!UUID_RE.test(tenantId))
    throw new AppError('internal_error', 'tenant opening without a valid tenant id');
  const durability = relaxed ? '; set local synchronous_commit = off' : '';
  return `begin; set local app.tenant_id = '${tenantId}'${durability}`;
}
