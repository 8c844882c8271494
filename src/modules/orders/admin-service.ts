/**
 * The admin's order transitions as the admin routes call them: each runs the
 * transition (./transitions.ts) in its own tenant transaction and answers
 * with the order's detail as it is afterwards, read in the same transaction.
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import type { OrderDetail } from './schemas.js';
import { readOrderDetail } from './service.js';
import {
  cancelOrder,
  completeOrder,
  fulfilOrder,
  markOrderPaid,
  refundOrder,
  type TransitionContext,
} from './transitions.js';

function afterTransition(
  db: Db,
  tenantId: string,
  orderId: string,
  step: (trx: Trx) => Promise<unknown>,
): Promise<OrderDetail> {
  return withTenant(db, tenantId, async (trx) => {
    await step(trx);
    return readOrderDetail(trx, tenantId, orderId);
  });
}

export function markOrderPaidByAdmin(db: Db, tenantId: string, orderId: string, ctx: TransitionContext) {
  return afterTransition(db, tenantId, orderId, (trx) => markOrderPaid(trx, tenantId, orderId, ctx));
}

export function fulfilOrderByAdmin(
  db: Db,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & { trackingNumber?: string },
) {
  return afterTransition(db, tenantId, orderId, (trx) => fulfilOrder(trx, tenantId, orderId, ctx));
}

export function completeOrderByAdmin(db: Db, tenantId: string, orderId: string, ctx: TransitionContext) {
  return afterTransition(db, tenantId, orderId, (trx) => completeOrder(trx, tenantId, orderId, ctx));
}

export function cancelOrderByAdmin(db: Db, tenantId: string, orderId: string, ctx: TransitionContext) {
  return afterTransition(db, tenantId, orderId, (trx) => cancelOrder(trx, tenantId, orderId, ctx));
}

export function refundOrderByAdmin(
  db: Db,
  tenantId: string,
  orderId: string,
  ctx: TransitionContext & { deps: Deps; amount: number; restock?: boolean },
) {
  return afterTransition(db, tenantId, orderId, (trx) => refundOrder(trx, tenantId, orderId, ctx));
}
