/**
 * Guest orders → a shopper's account. Called only once the shopper has
 * proved the address by an e-mailed link (src/flows/verify-customer-email.ts):
 * attaching on registration alone would show anyone who types an address the
 * orders placed with it.
 */
import type { Trx } from '../../../lib/db/index.js';

/** Gives this store's guest orders placed with `email` to the customer; how many were attached. */
export async function attachGuestOrders(
  trx: Trx,
  tenantId: string,
  customerId: string,
  email: string,
  now: Date,
): Promise<number> {
  const rows = await trx
    .updateTable('orders')
    .set({ customer_id: customerId, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('customer_id', 'is', null)
    .where('email', '=', email)
    .returning('id')
    .execute();
  return rows.length;
}
