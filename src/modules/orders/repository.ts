/** All SQL for orders, order lines, reservations and the order timeline. Functions take the transaction first. */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { OrderLinesTable, OrderStatus, OrdersTable } from '../../lib/db/tables/commerce.js';
import type { Actor } from './stock.js';

export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;

/** Stands for the order number in texts and payloads given to `insertPlacedOrder`. */
export const ORDER_NUMBER_TOKEN = '@@order-number@@';

/**
 * Checkout's writes in ONE statement: the next gapless order number (the
 * store's order_counters row, incremented; it stays locked till commit, so a
 * rolled-back checkout gives its number back and numbers have no holes), the
 * order, its lines, its reservations, the timeline event, the outbox events,
 * the cart's conversion and the idempotency response. The counter serialises
 * every checkout of a store; checkout runs this statement with its COMMIT
 * (asFinalStatement), so the lock is held for no round trip. `ORDER_NUMBER_TOKEN`
 * in the event message and in outbox payloads is replaced by the number (as a
 * JSON number where it is a whole string value, inside texts otherwise).
 */
export async function insertPlacedOrder(
  trx: Trx,
  input: {
    order: Omit<Insertable<OrdersTable>, 'number'>;
    lines: Insertable<OrderLinesTable>[];
    reservations: { variantId: string; quantity: number }[];
    expiresAt: Date;
    event: { type: string; message: string; data: Record<string, unknown>; actor: Actor };
    outbox: { topic: string; payload: Record<string, unknown> }[];
    /** The cart the order came from: marked 'converted' in the same statement. */
    convertCartId?: string;
    /**
     * The claimed idempotency key completed with this response (JSON naming
     * the number by ORDER_NUMBER_TOKEN), in the same statement.
     */
    idempotency?: { scope: string; key: string; status: number; body: string };
  },
): Promise<OrderRow> {
  const tenantId = input.order.tenant_id;
  const orderId = input.order.id;
  if (!orderId) throw new Error('insertPlacedOrder needs the order id');
  const num = sql<number>`(select number from n)`;
  const numText = sql<string>`(select number::text from n)`;
  const withNumber = (text: string) => sql<string>`replace(${text}, ${ORDER_NUMBER_TOKEN}, ${numText})`;
  const now = new Date();
  return trx
    .with('n', (qb) =>
      qb
        .insertInto('order_counters')
        .values({ tenant_id: tenantId, next_number: 1002 })
        .onConflict((oc) =>
          oc.column('tenant_id').doUpdateSet({ next_number: sql`order_counters.next_number + 1` }),
        )
        .returning(sql<number>`next_number - 1`.as('number')),
    )
    .with('o', (qb) =>
      qb
        .insertInto('orders')
        .values({ ...input.order, number: num })
        .returningAll(),
    )
    .with('ol', (qb) => qb.insertInto('order_lines').values(input.lines).returning('order_id'))
    .with('r', (qb) =>
      qb
        .insertInto('reservations')
        .values(
          input.reservations.map((l) => ({
            tenant_id: tenantId,
            order_id: orderId,
            variant_id: l.variantId,
            quantity: l.quantity,
            expires_at: input.expiresAt,
          })),
        )
        .returning('order_id'),
    )
    .with('e', (qb) =>
      qb
        .insertInto('order_events')
        .values({
          tenant_id: tenantId,
          order_id: orderId,
          type: input.event.type,
          message: withNumber(input.event.message),
          data: JSON.stringify(input.event.data),
          actor_type: input.event.actor.type,
          actor_id: input.event.actor.id,
        })
        .returning('order_id'),
    )
    .with('ob', (qb) =>
      qb
        .insertInto('outbox')
        .values(
          input.outbox.map((e) => ({
            tenant_id: tenantId,
            topic: e.topic,
            payload: sql<string>`replace(replace(${JSON.stringify(e.payload)}, ${JSON.stringify(ORDER_NUMBER_TOKEN)}, ${numText}), ${ORDER_NUMBER_TOKEN}, ${numText})::jsonb`,
            available_at: now,
          })),
        )
        .returning('id'),
    )
    .with('cv', (qb) =>
      qb
        .updateTable('carts')
        .set({ status: 'converted', updated_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', input.convertCartId ?? null)
        .returning('id'),
    )
    .with('ik', (qb) =>
      qb
        .updateTable('idempotency_keys')
        .set({
          status: 'completed',
          response_status: input.idempotency?.status ?? null,
          response_body: sql<string>`replace(${input.idempotency?.body ?? null}::text, ${JSON.stringify(ORDER_NUMBER_TOKEN)}, ${numText})::jsonb`,
        })
        .where('tenant_id', '=', tenantId)
        .where('scope', '=', input.idempotency?.scope ?? null)
        .where('key', '=', input.idempotency?.key ?? null)
        .returning('key'),
    )
    .selectFrom('o')
    .selectAll()
    .executeTakeFirstOrThrow();
}

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
 * Several outbox events in ONE insert (same rows as lib/outbox's
 * enqueueOutbox, without dedupe keys): checkout writes its events while it
 * holds the store's order counter, so round trips matter there.
 */
export async function insertOutboxEvents(
  trx: Trx,
  tenantId: string,
  events: { topic: string; payload: Record<string, unknown> }[],
): Promise<void> {
  if (!events.length) return;
  await trx
    .insertInto('outbox')
    .values(
      events.map((e) => ({
        tenant_id: tenantId,
        topic: e.topic,
        payload: JSON.stringify(e.payload),
        available_at: new Date(),
      })),
    )
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
