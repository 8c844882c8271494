/**
 * Checkout's two statements that span several owners, composed here from the
 * fragments each owner exports (the owner still writes its own SQL):
 *  - `checkoutReadsQuery`: everything checkout reads once the cart is locked;
 *  - `insertPlacedOrder`: every write of a placed order, in ONE statement.
 */
import { type Insertable, type RawBuilder, sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import { statementShape } from '../../../lib/db/statement-shapes.js';
import type {
  OrderEventsTable,
  OrderLinesTable,
  OrdersTable,
  ReservationsTable,
} from '../../../lib/db/tables/commerce.js';
import { completeKeyFragment } from '../../../lib/idempotency.js';
import { insertOutboxJsonRowsFragment } from '../../../lib/outbox-fragments.js';
import { type CartLineRow, cartLinesJsonSql, convertCartFragment } from '../../cart/repository.js';
import {
  activeShippingRatesJsonSql,
  type ShippingRateRow,
  taxRuleJsonSql,
} from '../../checkout-settings/repository.js';
import type { Actor, OrderRow } from './rows.js';

export interface CheckoutReads {
  lines: CartLineRow[];
  shippingRates: ShippingRateRow[];
  tax: { rate: number; inclusive: boolean };
  owners: string[];
}

export interface CheckoutReadsRow {
  lines: CartLineRow[] | null;
  rates: ShippingRateRow[] | null;
  tax: { rate: number; inclusive: boolean } | null;
  owners: string[] | null;
}

/**
 * Other owners' reads checkout adds to the same statement, each a scalar
 * sub-select that owner writes and reads back (payment settings, the
 * confirmation e-mail's picks, the promotion offers on the cart's lines).
 */
export interface CheckoutMoreReads {
  payment: RawBuilder<unknown>;
  picks: RawBuilder<unknown>;
  offers: RawBuilder<unknown>;
}

/** The values of CheckoutMoreReads' sub-selects, as their owners' json (null when nothing). */
export interface CheckoutMoreRow {
  payment: unknown;
  picks: unknown;
  offers: unknown;
}

/**
 * Everything checkout reads after locking the cart, in ONE statement: the
 * cart's lines with current prices and stock (same rows as the cart
 * repository's cartLines), the store's active shipping rates (as
 * listShippingRates with activeOnly), the tax rule for the destination
 * country (its region's rate when the store has one) and the owners' e-mail addresses. Run after the cart lock (checkout
 * pipelines it right behind the locking statement), so the lines are the cart
 * as it is now. With `more` (checkout) the other owners' reads go in the same
 * statement: one statement instead of four, one snapshot, one result.
 */
export function checkoutReadsQuery(
  tenantId: string,
  cartId: string,
  country: string,
  region: string,
  more: CheckoutMoreReads,
): RawBuilder<CheckoutReadsRow & CheckoutMoreRow>;
export function checkoutReadsQuery(
  tenantId: string,
  cartId: string,
  country: string,
  region?: string,
): RawBuilder<CheckoutReadsRow>;
export function checkoutReadsQuery(
  tenantId: string,
  cartId: string,
  country: string,
  region = '',
  more?: CheckoutMoreReads,
) {
  const extra = more
    ? sql`,
      ${more.payment} as payment,
      ${more.picks} as picks,
      ${more.offers} as offers`
    : sql``;
  return sql<CheckoutReadsRow & Partial<CheckoutMoreRow>>`
    select
      ${cartLinesJsonSql(tenantId, cartId)} as lines,
      ${activeShippingRatesJsonSql(tenantId)} as rates,
      ${taxRuleJsonSql(tenantId, country, region)} as tax,
      ${ownerEmailsJsonSql(tenantId)} as owners${extra}`;
}

/** The reads' row as values; no tax rule configured means 0 %, exclusive. */
export function toCheckoutReads(rows: readonly CheckoutReadsRow[]): CheckoutReads {
  const r = rows[0]!;
  return {
    lines: r.lines ?? [],
    shippingRates: r.rates ?? [],
    tax: r.tax ?? { rate: 0, inclusive: false },
    owners: r.owners ?? [],
  };
}

/** Stands for the order number in texts and payloads given to `insertPlacedOrder`. */
export const ORDER_NUMBER_TOKEN = '@@order-number@@';

export interface PlacedOrder {
  order: Omit<Insertable<OrdersTable>, 'number'>;
  lines: Insertable<OrderLinesTable>[];
  reservations: { variantId: string; quantity: number }[];
  expiresAt: Date;
  event: { type: string; message: string; data: Record<string, unknown>; actor: Actor };
  outbox: { topic: string; payload: Record<string, unknown> }[];
  /** The cart the order came from: marked 'converted' in the same statement. */
  convertCartId: string;
  /**
   * The claimed idempotency key completed with this response (JSON naming
   * the number by ORDER_NUMBER_TOKEN), in the same statement.
   */
  idempotency: { scope: string; key: string; status: number; body: string };
}

/**
 * Checkout's writes in ONE statement: the next gapless order number (the
 * store's order_counters row, incremented; it stays locked till commit, so a
 * rolled-back checkout gives its number back and numbers have no holes), the
 * order, its lines, its reservations, the timeline event, the outbox events
 * (lib/outbox-fragments), the cart's conversion (cart repository) and the
 * idempotency response (lib/idempotency). The counter serialises every
 * checkout of a store; checkout runs this statement with its COMMIT
 * (asFinalStatement), so the lock is held for no round trip, and the writes
 * that need no number (lines, reservations, the cart's conversion) run before
 * the counter is taken.
 * `ORDER_NUMBER_TOKEN` in the event message and in outbox payloads is
 * replaced by the number (as a JSON number where it is a whole string value,
 * inside texts otherwise).
 */
export async function insertPlacedOrder(trx: Trx, input: PlacedOrder): Promise<OrderRow> {
  const tenantId = input.order.tenant_id;
  const orderId = input.order.id;
  if (!orderId) throw new Error('insertPlacedOrder needs the order id');
  const compiled = compilePlacedOrder(trx, {
    tenantId,
    orderId,
    order: input.order,
    lines: input.lines,
    reservations: input.reservations.map((l) => ({
      tenant_id: tenantId,
      order_id: orderId,
      variant_id: l.variantId,
      quantity: l.quantity,
      expires_at: input.expiresAt,
    })),
    event: {
      tenant_id: tenantId,
      order_id: orderId,
      type: input.event.type,
      message: input.event.message,
      data: JSON.stringify(input.event.data),
      actor_type: input.event.actor.type,
      actor_id: input.event.actor.id,
    },
    outbox: input.outbox.map((e) => ({ topic: e.topic, json: JSON.stringify(e.payload) })),
    outboxAt: new Date(),
    convertCartId: input.convertCartId,
    idempotency: input.idempotency,
  });
  const { rows } = await trx.executeQuery<OrderRow>(compiled);
  const row = rows[0];
  if (!row) throw new Error('insertPlacedOrder wrote no order');
  return row;
}

/** insertPlacedOrder's input with every JSON value as text: what its statement binds. */
interface PlacedOrderStatement {
  tenantId: string;
  orderId: string;
  order: PlacedOrder['order'];
  lines: Insertable<OrderLinesTable>[];
  reservations: Insertable<ReservationsTable>[];
  event: Insertable<OrderEventsTable> & { message: string; data: string };
  outbox: { topic: string; json: string }[];
  outboxAt: Date;
  convertCartId: string;
  idempotency: PlacedOrder['idempotency'];
}

/** The statement, compiled once per shape (line and event counts: lib/db/statement-shapes). */
const compilePlacedOrder = statementShape('orders.insertPlacedOrder', (trx, input: PlacedOrderStatement) => {
  const { tenantId, idempotency } = input;
  const num = sql<number>`(select number from n)`;
  const numText = sql<string>`(select number::text from n)`;
  const withNumber = (text: string) => sql<string>`replace(${text}, ${ORDER_NUMBER_TOKEN}, ${numText})`;
  const jsonWithNumber = (json: string): RawBuilder<string> =>
    sql<string>`replace(replace(${json}, ${JSON.stringify(ORDER_NUMBER_TOKEN)}, ${numText}), ${ORDER_NUMBER_TOKEN}, ${numText})::jsonb`;
  // The writes that need no number first: `n` waits for them (its gate), so the counter row is locked
  // only for the order, the texts that name its number and the COMMIT.
  return trx
    .with('ol', (qb) => qb.insertInto('order_lines').values(input.lines).returning('order_id'))
    .with('r', (qb) => qb.insertInto('reservations').values(input.reservations).returning('order_id'))
    .with('cv', () => convertCartFragment(trx, tenantId, input.convertCartId))
    .with('n', () =>
      nextOrderNumberFragment(
        trx,
        tenantId,
        sql<boolean>`(select count(*) from ol) + (select count(*) from r) + (select count(*) from cv) >= 0`,
      ),
    )
    .with('o', (qb) =>
      qb
        .insertInto('orders')
        .values({ ...input.order, number: num })
        .returningAll(),
    )
    .with('e', (qb) =>
      qb
        .insertInto('order_events')
        .values({ ...input.event, message: withNumber(input.event.message) })
        .returning('order_id'),
    )
    .with('ob', () =>
      insertOutboxJsonRowsFragment(trx, tenantId, input.outbox, jsonWithNumber, input.outboxAt),
    )
    .with('ik', () =>
      completeKeyFragment(
        trx,
        tenantId,
        idempotency,
        sql<string>`replace(${idempotency.body}::text, ${JSON.stringify(ORDER_NUMBER_TOKEN)}, ${numText})::jsonb`,
      ),
    )
    .selectFrom('o')
    .selectAll()
    .compile();
});

/**
 * The store's counter incremented (created at 1002, handing out 1001); returns `number`. `after` is
 * a condition that is always true and reads the CTEs to write first: PostgreSQL runs a CTE when a
 * statement first reads it (the rest at the end), so the counter row — which serialises the
 * store's checkouts until COMMIT — is locked only once they are written.
 */
function nextOrderNumberFragment(trx: Trx, tenantId: string, after: RawBuilder<boolean>) {
  return trx
    .insertInto('order_counters')
    .columns(['tenant_id', 'next_number'])
    .expression(sql`select ${tenantId}::uuid, 1002 where ${after}`)
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({ next_number: sql`order_counters.next_number + 1` }),
    )
    .returning(sql<number>`next_number - 1`.as('number'));
}

// The owners' addresses read memberships and users (staff/auth own them);
// the fragment stays with checkout's reads until those modules export it.
/** The owners' e-mail addresses as ONE json array (null when none): a scalar subquery. */
function ownerEmailsJsonSql(tenantId: string): RawBuilder<unknown> {
  return sql`(select json_agg(u.email)
         from memberships m join users u on u.id = m.user_id
        where m.tenant_id = ${tenantId} and m.role = 'owner')`;
}
