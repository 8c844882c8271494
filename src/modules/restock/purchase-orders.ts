/**
 * Purchase orders move draft → ordered → received (stock added through the
 * inventory ledger, reason 'purchase_order'), or → cancelled. A draft can be
 * edited; "send" orders it and emails the supplier (outbox); an ordered PO
 * can be received in parts — each line's received quantity never passes
 * what was ordered (guarded UPDATE), and the PO becomes `received` when every
 * line is complete. Every change is audited. Runs in the caller's tenant
 * transaction (see ./service.ts for the transaction owners).
 */
import { isUuid, type Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { recordAudit } from '../audit/service.js';
import { adjustStock, type StockActor } from '../inventory/service.js';
import {
  addReceivedQuantity,
  loadPurchaseOrders,
  moveStatus,
  replaceDraftLines,
} from './repository/purchase-orders.js';
import type { PurchaseOrder, PurchaseOrderEdit, ReceiveLines } from './schemas.js';

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

export async function auditPurchaseOrder(
  trx: Trx,
  tenantId: string,
  actor: StockActor,
  action: string,
  id: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(trx, tenantId, {
    actorType: actor.type,
    actorId: actor.id ?? null,
    action: `purchase_order.${action}`,
    targetType: 'purchase_order',
    targetId: id,
    data,
  });
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
 * Receiving the whole PO books what is still outstanding on each line.
 */
export async function transitionPurchaseOrder(
  trx: Trx,
  tenantId: string,
  id: string,
  to: PurchaseOrderTarget,
  actor: StockActor,
): Promise<PurchaseOrder> {
  const current = await getPurchaseOrder(trx, tenantId, id);
  if (to === 'received') {
    const rest = current.lines.map((l) => ({
      variantId: l.variantId,
      quantity: l.quantity - l.receivedQuantity,
    }));
    return receivePurchaseOrderLines(trx, tenantId, id, { lines: rest }, actor);
  }
  const t = TRANSITIONS[to];
  if (!(await moveStatus(trx, tenantId, id, { to, from: t.from, at: t.at }))) {
    throw badTransition(current.status, to);
  }
  await auditPurchaseOrder(trx, tenantId, actor, to, id);
  return getPurchaseOrder(trx, tenantId, id);
}

/**
 * Receives part (or the rest) of an ordered PO: each line's units go through
 * the inventory ledger; more than outstanding → 409 and nothing is booked
 * (the caller's transaction rolls back). Complete → status `received`.
 */
export async function receivePurchaseOrderLines(
  trx: Trx,
  tenantId: string,
  id: string,
  input: ReceiveLines,
  actor: StockActor,
): Promise<PurchaseOrder> {
  const po = await getPurchaseOrder(trx, tenantId, id);
  if (po.status !== 'ordered') throw badTransition(po.status, 'received');
  const own = new Map(po.lines.map((l) => [l.variantId, l]));
  const booked: { variantId: string; quantity: number }[] = [];
  for (const [i, r] of input.lines.entries()) {
    const line = own.get(r.variantId);
    if (!line)
      throw new AppError('validation_failed', 'Not a line of this purchase order', {
        issues: [{ path: `lines.${i}.variantId`, message: 'not a line of this purchase order' }],
      });
    if (r.quantity === 0) continue;
    if (!(await addReceivedQuantity(trx, tenantId, id, r.variantId, r.quantity))) {
      throw new AppError(
        'invalid_state',
        `Only ${line.quantity - line.receivedQuantity} of ${line.sku} are outstanding`,
      );
    }
    await adjustStock(trx, tenantId, {
      variantId: r.variantId,
      delta: r.quantity,
      reason: 'purchase_order',
      actor,
      reference: `purchase_order:${id}`,
    });
    booked.push(r);
  }
  if (booked.length === 0) throw new AppError('validation_failed', 'Enter how many units arrived');
  const after = await getPurchaseOrder(trx, tenantId, id);
  const complete = after.lines.every((l) => l.receivedQuantity >= l.quantity);
  if (complete) await moveStatus(trx, tenantId, id, { to: 'received', from: ['ordered'], at: 'received_at' });
  await auditPurchaseOrder(trx, tenantId, actor, complete ? 'received' : 'partially_received', id, {
    lines: booked,
  });
  return complete ? getPurchaseOrder(trx, tenantId, id) : after;
}

/** Edits a draft's quantities (0 removes a line), unit costs and note. */
export async function editDraftPurchaseOrder(
  trx: Trx,
  tenantId: string,
  id: string,
  input: PurchaseOrderEdit,
  actor: StockActor,
): Promise<PurchaseOrder> {
  const po = await getPurchaseOrder(trx, tenantId, id);
  if (po.status !== 'draft') throw new AppError('invalid_state', 'Only a draft purchase order can be edited');
  const own = new Map(po.lines.map((l) => [l.variantId, l]));
  const lines = [];
  for (const [i, e] of input.lines.entries()) {
    const line = own.get(e.variantId);
    if (!line)
      throw new AppError('validation_failed', 'Not a line of this purchase order', {
        issues: [{ path: `lines.${i}.variantId`, message: 'not a line of this purchase order' }],
      });
    if (e.quantity > 0)
      lines.push({ variantId: e.variantId, quantity: e.quantity, unitCost: e.unitCost ?? line.unitCost });
  }
  for (const l of po.lines) if (!input.lines.some((e) => e.variantId === l.variantId)) lines.push(l);
  if (lines.length === 0) {
    throw new AppError('validation_failed', 'Keep at least one line (or cancel the purchase order)', {
      issues: [{ path: 'lines', message: 'keep at least one line, or cancel the purchase order' }],
    });
  }
  const note = input.note === undefined ? po.note : input.note || null;
  if (!(await replaceDraftLines(trx, tenantId, id, { lines, note })))
    throw badTransition(po.status, 'edited');
  await auditPurchaseOrder(trx, tenantId, actor, 'edited', id, { lines: input.lines });
  return getPurchaseOrder(trx, tenantId, id);
}
