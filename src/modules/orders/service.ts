/**
 * Orders: reading and shaping (admin and shopper views, cursor pagination).
 * State changes live in ./transitions.ts.
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import type { OrderStatus } from '../../lib/db/tables/commerce.js';
import { AppError, notFound } from '../../lib/errors.js';
import * as repo from './repository.js';
import type { ListOrdersQuery, OrderDetail, OrderSummary } from './schemas.js';

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

export function toOrderSummary(o: repo.OrderRow): OrderSummary {
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    email: o.email,
    currency: o.currency.trim(),
    subtotal: o.subtotal,
    discount: o.discount_total,
    shipping: o.shipping_total,
    tax: o.tax_total,
    taxInclusive: o.tax_inclusive,
    total: o.total,
    refunded: o.refunded_total,
    discountCode: o.discount_code,
    shippingMethod: o.shipping_method,
    paymentProvider: o.payment_provider,
    trackingNumber: o.tracking_number,
    fulfilmentStatus: o.fulfilment_status,
    shippingName: typeof o.shipping_address?.name === 'string' ? o.shipping_address.name : '',
    placedAt: new Date(o.placed_at).toISOString(),
    paidAt: iso(o.paid_at),
    fulfilledAt: iso(o.fulfilled_at),
    cancelledAt: iso(o.cancelled_at),
    reservationExpiresAt: o.status === 'pending_payment' ? iso(o.reservation_expires_at) : null,
  };
}

/** One order with its lines and timeline; `customerId`: only that shopper's order (else 404). */
export function getOrderDetail(
  db: Db,
  tenantId: string,
  orderId: string,
  opts: { customerId?: string } = {},
): Promise<OrderDetail> {
  return withTenant(db, tenantId, (trx) => readOrderDetail(trx, tenantId, orderId, opts));
}

/** getOrderDetail in the caller's transaction. */
export async function readOrderDetail(
  trx: Trx,
  tenantId: string,
  orderId: string,
  opts: { customerId?: string } = {},
): Promise<OrderDetail> {
  const o = await repo.findOrder(trx, tenantId, orderId);
  // A shopper sees only their own orders; anyone else's is "not found".
  if (!o || (opts.customerId !== undefined && o.customer_id !== opts.customerId)) throw notFound('Order');
  const [lines, events, shipments, refunds] = await Promise.all([
    repo.orderLines(trx, tenantId, orderId),
    repo.orderEvents(trx, tenantId, orderId),
    repo.orderFulfilments(trx, tenantId, orderId),
    repo.orderRefunds(trx, tenantId, orderId),
  ]);
  return {
    ...toOrderSummary(o),
    customerId: o.customer_id,
    shippingAddress: { ...o.shipping_address },
    lines: lines.map((l) => ({
      id: l.id,
      variantId: l.variant_id,
      productId: l.product_id,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      total: l.total,
      fulfilledQuantity: l.fulfilled_quantity,
      refundedQuantity: l.refunded_quantity,
      restockedQuantity: l.restocked_quantity,
    })),
    shipments: shipments.map((f) => ({
      id: f.id,
      carrier: f.carrier,
      trackingNumber: f.tracking_number,
      trackingUrl: f.tracking_url,
      lines: f.lines,
      createdAt: new Date(f.created_at).toISOString(),
    })),
    refunds: refunds.map((r) => ({
      id: r.id,
      amount: r.amount,
      provider: r.provider,
      providerReference: r.provider_reference,
      reason: r.reason,
      lines: r.lines,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    timeline: events.map((e) => ({
      id: e.id,
      type: e.type,
      message: e.message,
      data: e.data,
      actorType: e.actor_type,
      createdAt: new Date(e.created_at).toISOString(),
    })),
  };
}

/** Opaque cursor: base64url of `o:<number>`. Anything else → 400. */
export function encodeCursor(number: number): string {
  return Buffer.from(`o:${number}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const m = /^o:(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const n = m ? Number(m[1]) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    throw new AppError('validation_failed', 'The cursor is not valid', {
      issues: [{ path: 'cursor', message: 'Not a cursor from this list' }],
    });
  }
  return n;
}

export type OrderListQuery = Omit<ListOrdersQuery, 'status'> & { status?: OrderStatus; customerId?: string };

/** A day (YYYY-MM-DD, UTC) as a Date; `end`: the start of the next day (exclusive bound). */
function day(d: string | undefined, end = false): Date | undefined {
  if (!d) return undefined;
  const t = new Date(`${d}T00:00:00Z`);
  if (Number.isNaN(t.getTime())) {
    throw new AppError('validation_failed', 'Not a date', {
      issues: [{ path: end ? 'to' : 'from', message: 'Not a date' }],
    });
  }
  return end ? new Date(t.getTime() + 86_400_000) : t;
}

/**
 * One page of orders (25 unless `limit` says otherwise) matching the filters,
 * with the total count. `page` pages by offset in any sort; `cursor` pages
 * newest-first. `customerId`: that shopper's orders only.
 */
export function listOrders(
  db: Db,
  tenantId: string,
  q: OrderListQuery,
): Promise<{ items: OrderSummary[]; nextCursor: string | null; total: number }> {
  return withTenant(db, tenantId, (trx) => readOrderPage(trx, tenantId, q));
}

export function orderSearchOf(q: OrderListQuery): repo.OrderSearch {
  return {
    q: q.q,
    status: q.status,
    payment: q.payment,
    fulfilment: q.fulfilment,
    customerId: q.customerId,
    from: day(q.from),
    to: day(q.to, true),
  };
}

async function readOrderPage(
  trx: Trx,
  tenantId: string,
  q: OrderListQuery,
): Promise<{ items: OrderSummary[]; nextCursor: string | null; total: number }> {
  const limit = q.limit ?? 25;
  const sort = q.sort ?? 'newest';
  const filter = orderSearchOf(q);
  const cursor = q.cursor && sort === 'newest' && !q.page ? decodeCursor(q.cursor) : undefined;
  const [rows, total] = await Promise.all([
    repo.searchOrders(trx, tenantId, {
      ...filter,
      beforeNumber: cursor,
      sort,
      limit: limit + 1,
      offset: ((q.page ?? 1) - 1) * limit,
    }),
    repo.countOrders(trx, tenantId, filter),
  ]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toOrderSummary),
    nextCursor: rows.length > limit && last && sort === 'newest' ? encodeCursor(last.number) : null,
    total,
  };
}
