/** Imported sales history (table restock_sales_history, migration 0095): all of its SQL. */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

/**
 * Upserts (sku, day) → quantity rows: a re-import of the same day replaces
 * it. One statement per chunk (unnest arrays), inside the caller's transaction.
 */
export async function upsertSalesHistory(
  trx: Trx,
  tenantId: string,
  rows: readonly { sku: string; day: string; quantity: number }[],
): Promise<void> {
  const CHUNK = 5_000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await sql`
      insert into restock_sales_history (tenant_id, sku, day, quantity)
      select ${tenantId}::uuid, s.sku, s.day, s.quantity
        from unnest(${part.map((r) => r.sku)}::text[], ${part.map((r) => r.day)}::date[], ${part.map((r) => r.quantity)}::int[])
             as s(sku, day, quantity)
      on conflict (tenant_id, sku, day) do update set quantity = excluded.quantity, imported_at = now()`.execute(
      trx,
    );
  }
}

/** Imported units per SKU per day index (days since `from`, a calendar date) over [from, to). */
export async function loadImportedDemand(
  trx: Trx,
  tenantId: string,
  from: string,
  to: string,
): Promise<Map<string, Map<number, number>>> {
  const { rows } = await sql<{ sku: string; day: number; qty: number }>`
    select sku, (day - ${from}::date) as day, quantity as qty
      from restock_sales_history
     where tenant_id = ${tenantId} and day >= ${from}::date and day < ${to}::date`.execute(trx);
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    let m = out.get(r.sku);
    if (!m) {
      m = new Map();
      out.set(r.sku, m);
    }
    m.set(r.day, r.qty);
  }
  return out;
}
