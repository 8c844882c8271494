/** Returns' part of a shopper's erasure: the shopper's free-text comments go; lines and amounts stay. */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export async function anonymiseReturns(trx: Trx, tenantId: string, customerId: string): Promise<number> {
  const r = await sql`
    update returns set comment = null
    where tenant_id = ${tenantId} and customer_id = ${customerId} and comment is not null`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
