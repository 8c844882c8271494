/**
 * SQL for promotion_order_notes (migrations/0300): the promotions a shopper
 * saw that checkout could not honour, per order.
 */
import type { Insertable, Selectable } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { PromotionOrderNotesTable } from '../../../lib/db/tables/promotion-rules.js';

export type OrderNoteRow = Selectable<PromotionOrderNotesTable>;

export async function insertOrderNoteRows(trx: Trx, rows: Insertable<PromotionOrderNotesTable>[]) {
  if (rows.length === 0) return;
  await trx.insertInto('promotion_order_notes').values(rows).execute();
}

export function listOrderNoteRows(trx: Trx, tenantId: string, orderId: string): Promise<OrderNoteRow[]> {
  return trx
    .selectFrom('promotion_order_notes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .execute();
}
