/**
 * Orders: reading and shaping (admin and shopper views, cursor pagination).
 * State changes live in ./transitions.ts.
 */
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import type { OrderStatus } from '../../lib/db/tables/commerce.js';
import { AppError, notFound } from '../../lib/errors.js';
import * as repo from './repository.js';
import type { OrderDetail, OrderSummary } from './schemas.js';

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
  const [lines, events] = await Promise.all([
    repo.orderLines(trx, tenantId, orderId),
    repo.orderEvents(trx, tenantId, orderId),
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

/** Newest first, 25 a page unless `limit` says otherwise; `customerId`: that shopper's orders only. */
export function listOrders(
  db: Db,
  tenantId: string,
  q: { status?: OrderStatus; customerId?: string; cursor?: string; limit?: number },
): Promise<{ items: OrderSummary[]; nextCursor: string | null }> {
  return withTenant(db, tenantId, (trx) => readOrderPage(trx, tenantId, q));
}

async function readOrderPage(
  trx: Trx,
  tenantId: string,
  q: { status?: OrderStatus; customerId?: string; cursor?: string; limit?: number },
): Promise<{ items: OrderSummary[]; nextCursor: string | null }> {
  const limit = q.limit ?? 25;
  const rows = await repo.listOrders(trx, tenantId, {
    status: q.status,
    customerId: q.customerId,
    beforeNumber: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toOrderSummary),
    nextCursor: rows.length > limit && last ? encodeCursor(last.number) : null,
  };
}
