/**
 * Bulk price writers shared by a run (runPricing) and by applying proposals:
 * the engine's list-price state and the variants' selling prices.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

/** The engine's state between runs; the base price is fixed when first seen. */
export async function writeListPrices(
  trx: Trx,
  tenantId: string,
  rows: { variantId: string; listPrice: number; oldPrice: number }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const data = rows.map((r) => ({
    variant_id: r.variantId,
    list_price: r.listPrice,
    base_price: r.oldPrice,
  }));
  await sql`
    insert into variant_list_prices (tenant_id, variant_id, list_price, base_price, updated_at)
    select ${tenantId}::uuid, x.variant_id, x.list_price, x.base_price, ${now}
      from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as x(variant_id uuid, list_price bigint, base_price bigint)
    on conflict (tenant_id, variant_id) do update
      set list_price = excluded.list_price,
          base_price = coalesce(variant_list_prices.base_price, excluded.base_price),
          updated_at = excluded.updated_at`.execute(trx);
}

export async function writeVariantPrices(
  trx: Trx,
  tenantId: string,
  rows: { id: string; price: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update variants v set price = x.price, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, price bigint)
     where v.tenant_id = ${tenantId} and v.id = x.id and v.price is distinct from x.price`.execute(trx);
}
