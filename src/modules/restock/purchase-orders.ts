/**
 * Purchase orders move draft → ordered → received (stock added through the
 * inventory ledger, reason 'purchase_order'), or → cancelled. Receiving is a
 * guarded state change, so stock is added once. Runs in the caller's tenant
 * transaction (see ./service.ts for the transaction owners).
 */
import { isUuid, type Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { adjustStock, type StockActor } from '../inventory/service.js';
import { loadPurchaseOrders, moveStatus } from './repository/purchase-orders.js';
import type { PurchaseOrder } from './schemas.js';

export function badTransition(from: string, to: string): AppError {
  return new AppError('invalid_state', `A ${from} purchase order cannot become ${to}`);
}

export async function listPurchaseOrders(trx: Trx, tenantId: string): Promise<PurchaseOrder[]> {
  return loadPurchaseOrders(trx, tenantId);
}

export async function getPurchaseOrder(trx: Trx, tenantId: string, id: string): Promise<PurchaseOrder> {
  if (!isUuid(id)) throw notFound('Purchase order');
  const [po] = await loadPurchaseOrders(trx, tenantId, { id });
  if (!po) throw notFound('Purchase order');
  return po;
}

const TRANSITIONS = {
  ordered: { from: ['draft'], at: 'ordered_at' },
  cancelled: { from: ['draft', 'ordered'], at: 'cancelled_at' },
  received: { from: ['ordered'], at: 'received_at' },
} as const;

export type PurchaseOrderTarget = keyof typeof TRANSITIONS;

/**
 * Moves a purchase order along its lifecycle. The UPDATE is guarded by the
 * allowed source states, so two concurrent "receive" calls add stock once.
 */
export async function transitionPurchaseOrder(
  trx: Trx,
  tenantId: string,
  id: string,
  to: PurchaseOrderTarget,
  actor: StockActor,
): Promise<PurchaseOrder> {
  const current = await getPurchaseOrder(trx, tenantId, id);
  const t = TRANSITIONS[to];
  if (!(await moveStatus(trx, tenantId, id, { to, from: t.from, at: t.at }))) {
    throw badTransition(current.status, to);
  }
  if (to === 'received') {
    for (const l of current.lines) {
      await receiveStock(trx, tenantId, {
        variantId: l.variantId,
        quantity: l.quantity,
        purchaseOrderId: id,
        actor,
      });
    }
  }
  return getPurchaseOrder(trx, tenantId, id);
}

/** Receiving goes through the inventory ledger (adjustStock: ledger row + stock.changed event). */
async function receiveStock(
  trx: Trx,
  tenantId: string,
  r: { variantId: string; quantity: number; purchaseOrderId: string; actor: StockActor },
): Promise<void> {
  await adjustStock(trx, tenantId, {
    variantId: r.variantId,
    delta: r.quantity,
    reason: 'purchase_order',
    actor: r.actor,
    reference: `purchase_order:${r.purchaseOrderId}`,
  });
}
