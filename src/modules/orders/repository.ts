/**
 * All SQL for orders, order lines, order counters, reservations and the order
 * timeline (this file and ./repository/*, re-exported here: the orders' one
 * data door). Functions take the transaction first.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { OrderStatus } from '../../lib/db/tables/commerce.js';
import type { Actor, OrderLineRow, OrderRow } from './repository/rows.js';

export * from './repository/care-reads.js';
export * from './repository/checkout.js';
export * from './repository/handling.js';
export * from './repository/rows.js';
export * from './repository/search.js';

export async function insertOrderEvent(
  trx: Trx,
  tenantId: string,
  orderId: string,
  e: { type: string; message?: string; data?: Record<string, unknown>; actor: Actor },
): Promise<void> {
  await trx
    .insertInto('order_events')
    .values({
      tenant_id: tenantId,
      order_id: orderId,
      type: e.type,
      message: e.message ?? '',
      data: JSON.stringify(e.data ?? {}),
      actor_type: e.actor.type,
      actor_id: e.actor.id,
    })
    .execute();
}

export function findOrder(trx: Trx, tenantId: string, orderId: string) {
  return trx
    .selectFrom('orders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .executeTakeFirst();
}

export function orderLines(trx: Trx, tenantId: string, orderId: string): Promise<OrderLineRow[]> {
  return trx
    .selectFrom('order_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('sku')
    .orderBy('id')
    .execute();
}

export function orderEvents(trx: Trx, tenantId: string, orderId: string) {
  return trx
    .selectFrom('order_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
}

export async function hasOrderEvent(
  trx: Trx,
  tenantId: string,
  orderId: string,
  type: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('order_events')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('type', '=', type)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The guarded UPDATE behind every state change: it only matches while the
 * order is in one of `from`, so of two racing transitions exactly one wins
 * (the loser waits for the row lock, re-checks the guard and matches nothing).
 */
export function transitionOrder(
  trx: Trx,
  tenantId: string,
  orderId: string,
  from: readonly OrderStatus[],
  to: OrderStatus,
  patch: Partial<
    Pick<OrderRow, 'paid_at' | 'fulfilled_at' | 'cancelled_at' | 'tracking_number' | 'payment_reference'>
  >,
) {
  return trx
    .updateTable('orders')
    .set({ status: to, ...patch, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

/** Adds a refund atomically; refunded_total can never exceed total. */
export function applyRefund(
  trx: Trx,
  tenantId: string,
  orderId: string,
  from: readonly OrderStatus[],
  amount: number,
) {
  return trx
    .updateTable('orders')
    .set({
      refunded_total: sql`refunded_total + ${amount}`,
      status: sql`case when refunded_total + ${amount} = total then 'refunded' else 'partially_refunded' end`,
      updated_at: sql`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .where('status', 'in', from)
    .where(sql<boolean>`refunded_total + ${amount} <= total`)
    .returningAll()
    .executeTakeFirst();
}

export interface ListOrdersFilter {
  status?: OrderStatus;
  customerId?: string;
  /** Orders numbered below this (the cursor). */
  beforeNumber?: number;
  limit: number;
}

/** Newest first by order number (gapless and increasing, so a stable cursor). */
export function listOrders(trx: Trx, tenantId: string, f: ListOrdersFilter): Promise<OrderRow[]> {
  let q = trx.selectFrom('orders').selectAll().where('tenant_id', '=', tenantId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.customerId) q = q.where('customer_id', '=', f.customerId);
  if (f.beforeNumber !== undefined) q = q.where('number', '<', f.beforeNumber);
  return q.orderBy('number', 'desc').limit(f.limit).execute();
}

// The store owners' addresses read memberships and users, which the staff and
// auth modules own; they stay here until those modules export the reads.

/** Owner e-mail addresses of the store, for merchant notifications. */
export async function ownerEmails(trx: Trx, tenantId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .where('m.tenant_id', '=', tenantId)
    .where('m.role', '=', 'owner')
    .execute();
  return rows.map((r) => r.email);
}

/**
 * Moves the order's still-held reservations to `to` and returns what moved
 * (rows no longer 'held' are left alone, so a second call moves nothing).
 */
export function settleHeldReservations(
  trx: Trx,
  tenantId: string,
  orderId: string,
  to: 'released' | 'consumed',
) {
  return trx
    .updateTable('reservations')
    .set({ status: to })
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'held')
    .returning(['variant_id', 'quantity'])
    .execute();
}

/** The order's payment provider and reference (the provider's payment id), once it has one. */
export async function setOrderPaymentReference(
  trx: Trx,
  tenantId: string,
  orderId: string,
  payment: { provider: string; reference: string },
): Promise<void> {
  await trx
    .updateTable('orders')
    .set({ payment_provider: payment.provider, payment_reference: payment.reference })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .execute();
}

/**
 * !!! Platform read (every store): call it only inside withPlatformAccess. !!!
 * Unpaid orders whose reservation ran out by `now`, oldest first: ids only.
 */
export function listOrdersDueForExpiry(trx: Trx, now: Date, limit: number) {
  return trx
    .selectFrom('orders')
    .select(['tenant_id', 'id'])
    .where('status', '=', 'pending_payment')
    .where('reservation_expires_at', '<=', now)
    .orderBy('reservation_expires_at')
    .limit(limit)
    .execute();
}

/** A new store's order counter (provisioning); an existing counter is left as it is. */
export async function createOrderCounter(trx: Trx, tenantId: string): Promise<void> {
  await trx
    .insertInto('order_counters')
    .values({ tenant_id: tenantId })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
}
