/**
 * The one place the Stripe payment code changes order state, through the
 * orders module's own transitions (src/modules/orders/transitions.ts).
 * Paying is the guarded pending_payment → paid transition, so the webhook and
 * the shopper's return racing each other complete it once; the caller holds
 * the payment row lock, so the second caller sees "already paid".
 */
import type { Trx } from '../../lib/db/index.js';
import { findOrder, insertOrderEvent } from '../orders/repository.js';
import { payOrder } from '../orders/transitions.js';

const SYSTEM = { type: 'system', id: null } as const;

/** Marks the order paid; false when it was no longer pending (already paid, cancelled…). */
export async function markOrderPaidByStripe(
  trx: Trx,
  tenantId: string,
  orderId: string,
  reference: string,
  now: Date,
): Promise<boolean> {
  const current = await findOrder(trx, tenantId, orderId);
  if (current?.status !== 'pending_payment') return false;
  await payOrder(trx, tenantId, orderId, { actor: SYSTEM, now, reference });
  return true;
}

export async function addOrderEvent(
  trx: Trx,
  tenantId: string,
  orderId: string,
  type: string,
  message: string,
  data: Record<string, unknown>,
): Promise<void> {
  await insertOrderEvent(trx, tenantId, orderId, { type, message, data, actor: SYSTEM });
}
