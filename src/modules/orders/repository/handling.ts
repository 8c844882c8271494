/**
 * SQL for handling a placed order in the admin: the order row lock, per-line
 * fulfilled/refunded/restocked counters (their CHECKs are the last guard:
 * restocked ≤ refunded ≤ quantity, fulfilled ≤ quantity), shipments, refunds
 * and notes' timeline reads. Functions take the transaction first.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { FulfilmentStatus, OrderStatus } from '../../../lib/db/tables/commerce.js';
import type { FulfilmentLineJson, RefundLineJson } from '../../../lib/db/tables/order-handling.js';

/** Locks the order row for the rest of the transaction (serialises shipments and refunds of one order). */
export function lockOrderRow(trx: Trx, tenantId: string, orderId: string) {
  return trx
    .selectFrom('orders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
}

/** Adds shipped units to a line; matches nothing when that would ship more than is left to ship. */
export function addFulfilledQuantity(
  trx: Trx,
  tenantId: string,
  orderId: string,
  lineId: string,
  qty: number,
) {
  return trx
    .updateTable('order_lines')
    .set({ fulfilled_quantity: sql`fulfilled_quantity + ${qty}` })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('id', '=', lineId)
    .where(sql<boolean>`fulfilled_quantity + refunded_quantity + ${qty} <= quantity`)
    .returning(['id'])
    .executeTakeFirst();
}

/** Adds refunded (and restocked) units to a line; matches nothing past the line's quantity. */
export function addRefundedQuantity(
  trx: Trx,
  tenantId: string,
  orderId: string,
  line: { lineId: string; quantity: number; restock: number },
) {
  return trx
    .updateTable('order_lines')
    .set({
      refunded_quantity: sql`refunded_quantity + ${line.quantity}`,
      restocked_quantity: sql`restocked_quantity + ${line.restock}`,
    })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('id', '=', line.lineId)
    .where(sql<boolean>`refunded_quantity + ${line.quantity} <= quantity`)
    .where(sql<boolean>`restocked_quantity + ${line.restock} <= refunded_quantity + ${line.quantity}`)
    .returning(['id', 'variant_id'])
    .executeTakeFirst();
}

/** Marks every unit as refunded and restocked (amount refund "with restock"; read the lines first for what moves). */
export function restockAllLines(trx: Trx, tenantId: string, orderId: string) {
  return trx
    .updateTable('order_lines')
    .set({ refunded_quantity: sql`quantity`, restocked_quantity: sql`quantity` })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where(sql<boolean>`restocked_quantity < quantity`)
    .execute();
}

/** Units still to ship across the order (a refunded unit is no longer shipped). */
export async function unitsLeftToShip(trx: Trx, tenantId: string, orderId: string): Promise<number> {
  const r = await trx
    .selectFrom('order_lines')
    .select(
      sql<string>`coalesce(sum(greatest(quantity - fulfilled_quantity - refunded_quantity, 0)), 0)`.as('n'),
    )
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function setFulfilmentState(
  trx: Trx,
  tenantId: string,
  orderId: string,
  patch: { fulfilment: FulfilmentStatus; status?: OrderStatus; trackingNumber?: string | null; at: Date },
) {
  return trx
    .updateTable('orders')
    .set({
      fulfilment_status: patch.fulfilment,
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.fulfilment === 'fulfilled' ? { fulfilled_at: patch.at } : {}),
      ...(patch.trackingNumber !== undefined ? { tracking_number: patch.trackingNumber } : {}),
      updated_at: sql`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertFulfilment(
  trx: Trx,
  tenantId: string,
  f: {
    orderId: string;
    carrier: string | null;
    trackingNumber: string | null;
    trackingUrl: string | null;
    lines: FulfilmentLineJson[];
    createdBy: string | null;
  },
) {
  return trx
    .insertInto('order_fulfilments')
    .values({
      tenant_id: tenantId,
      order_id: f.orderId,
      carrier: f.carrier,
      tracking_number: f.trackingNumber,
      tracking_url: f.trackingUrl,
      lines: JSON.stringify(f.lines),
      created_by: f.createdBy,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function insertRefund(
  trx: Trx,
  tenantId: string,
  r: {
    orderId: string;
    amount: number;
    currency: string;
    provider: string;
    providerReference: string | null;
    reason: string | null;
    lines: RefundLineJson[];
    createdBy: string | null;
  },
) {
  return trx
    .insertInto('order_refunds')
    .values({
      tenant_id: tenantId,
      order_id: r.orderId,
      amount: r.amount,
      currency: r.currency,
      provider: r.provider,
      provider_reference: r.providerReference,
      reason: r.reason,
      lines: JSON.stringify(r.lines),
      created_by: r.createdBy,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export function orderFulfilments(trx: Trx, tenantId: string, orderId: string) {
  return trx
    .selectFrom('order_fulfilments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .execute();
}

export function orderRefunds(trx: Trx, tenantId: string, orderId: string) {
  return trx
    .selectFrom('order_refunds')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .execute();
}
