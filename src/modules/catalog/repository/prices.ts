/**
 * The catalog's bulk write of variants' selling prices (`variants.price`):
 * the one statement other modules (pricing runs and applied proposals) use
 * to change prices, so the catalog owns every write of its columns.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

/** Sets many variants' prices in one statement; rows whose price is unchanged are left alone. Returns how many changed. */
export async function updateVariantPriceRows(
  trx: Trx,
  tenantId: string,
  rows: readonly { id: string; price: number }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await sql`
    update variants v set price = x.price, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, price bigint)
     where v.tenant_id = ${tenantId} and v.id = x.id and v.price is distinct from x.price`.execute(trx);
  return Number(r.numAffectedRows ?? 0n);
}
