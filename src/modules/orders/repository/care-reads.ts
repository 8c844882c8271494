/**
 * Reads of orders for customer care (reviews, tickets, returns): which paid
 * lines a shopper bought, and an order found by its number. Orders own these
 * tables; the care modules ask through here.
 */
import type { Trx } from '../../../lib/db/index.js';
import type { OrderStatus } from '../../../lib/db/tables/commerce.js';

/** Statuses in which an order's lines count as bought (paid, whatever happened after). */
export const PAID_STATUSES: readonly OrderStatus[] = [
  'paid',
  'fulfilled',
  'completed',
  'partially_refunded',
  'refunded',
];

/** True when the shopper has a paid order with a line of this product. */
export async function hasPaidLineOfProduct(
  trx: Trx,
  tenantId: string,
  customerId: string,
  productId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', (j) =>
      j.onRef('o.tenant_id', '=', 'l.tenant_id').onRef('o.id', '=', 'l.order_id'),
    )
    .select('l.id')
    .where('l.tenant_id', '=', tenantId)
    .where('o.customer_id', '=', customerId)
    .where('l.product_id', '=', productId)
    .where('o.status', 'in', PAID_STATUSES)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export function findOrderByNumber(trx: Trx, tenantId: string, number: number) {
  return trx
    .selectFrom('orders')
    .select(['id', 'number', 'email', 'customer_id', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('number', '=', number)
    .executeTakeFirst();
}
