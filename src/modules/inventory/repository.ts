/**
 * All SQL for stock levels (the variants' stock and reserved columns) and the
 * inventory ledger. Functions take the transaction first.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import { statementShape } from '../../lib/db/statement-shapes.js';
import type { AdjustmentReason } from '../../lib/db/tables/commerce.js';
import { insertOutboxSelectSql } from '../../lib/outbox-fragments.js';

export const STOCK_CHANGED_TOPIC = 'stock.changed';

export interface AdjustedRow {
  id: string;
  product_id: string;
  sku: string;
  stock: number;
  reserved: number;
  low_stock_threshold: number;
}

export interface AdjustVariantStockInput {
  variantId: string;
  delta: number;
  reservedDelta: number;
  reason: AdjustmentReason;
  note?: string | null;
  actor: { type: string; id?: string | null };
  reference?: string | null;
}

/**
 * The guarded change of one variant's stock/reserved, its ledger row and its
 * `stock.changed` outbox event (same payload as StockChangedPayload) in ONE
 * statement: one round trip less while the variant row is locked. The guard
 * is the whole concurrency story: PostgreSQL re-evaluates the WHERE on the
 * latest row version after waiting for a concurrent writer, so two racing
 * decrements can never both pass on the same unit. No row when the guard
 * (or the variant) did not match.
 *
 * A statement to compile (inventory's stockAdjustment), so checkout can send
 * all its reservations in one round trip.
 */
export function adjustVariantStockQuery(tenantId: string, input: AdjustVariantStockInput) {
  const { delta, reservedDelta } = input;
  return sql<AdjustedRow & { ledger_id: number }>`
    with u as (
      update variants
         set stock = stock + ${delta}::int,
             reserved = reserved + ${reservedDelta}::int,
             updated_at = now()
       where tenant_id = ${tenantId} and id = ${input.variantId}
         and stock + ${delta}::int >= 0
         and reserved + ${reservedDelta}::int >= 0
         and stock + ${delta}::int >= reserved + ${reservedDelta}::int
      returning id, product_id, sku, stock, reserved, low_stock_threshold
    ), l as (
      insert into inventory_adjustments
        (tenant_id, variant_id, delta, reserved_delta, reason, note, actor_type, actor_id, reference, stock_after, reserved_after)
      select ${tenantId}, u.id, ${delta}::int, ${reservedDelta}::int, ${input.reason}, ${input.note ?? null},
             ${input.actor.type}, ${input.actor.id ?? null}::uuid, ${input.reference ?? null}, u.stock, u.reserved
        from u
      returning id
    ), o as (
      ${insertOutboxSelectSql(
        tenantId,
        STOCK_CHANGED_TOPIC,
        sql`jsonb_build_object(
               'variantId', u.id, 'productId', u.product_id, 'sku', u.sku,
               'stock', u.stock, 'reserved', u.reserved, 'available', u.stock - u.reserved,
               'threshold', u.low_stock_threshold,
               'previousAvailable', u.stock - u.reserved - (${delta}::int - ${reservedDelta}::int),
               'reason', ${input.reason}::text)`,
        sql`u`,
      )}
    )
    select u.*, (select id from l) as ledger_id, (select id from o) as outbox_id from u`;
}

/** adjustVariantStockQuery compiled once per shape (checkout reserves with it: lib/db/statement-shapes). */
export const compileAdjustVariantStock = statementShape(
  'inventory.adjustVariantStock',
  (trx, i: { tenantId: string; input: AdjustVariantStockInput }) =>
    adjustVariantStockQuery(i.tenantId, i.input).compile(trx),
);

export async function variantExists(trx: Trx, tenantId: string, variantId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('variants')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', variantId)
    .executeTakeFirst();
  return row !== undefined;
}

export function findVariantLevel(
  trx: Trx,
  tenantId: string,
  variantId: string,
): Promise<AdjustedRow | undefined> {
  return trx
    .selectFrom('variants')
    .select(['id', 'product_id', 'sku', 'stock', 'reserved', 'low_stock_threshold'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', variantId)
    .executeTakeFirst();
}

/** One page (plus one row, to tell whether there is more) of a variant's ledger, newest first. */
export function listLedgerRows(
  trx: Trx,
  tenantId: string,
  variantId: string,
  opts: { limit: number; before?: number },
) {
  let q = trx
    .selectFrom('inventory_adjustments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('variant_id', '=', variantId);
  if (opts.before !== undefined) q = q.where('id', '<', opts.before);
  return q
    .orderBy('id', 'desc')
    .limit(opts.limit + 1)
    .execute();
}

export type LedgerRow = Awaited<ReturnType<typeof listLedgerRows>>[number];
