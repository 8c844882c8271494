/**
 * Helpers of the customer-care tests (reviews, tickets, returns): a shopper
 * with a paid (and optionally fulfilled) order, and one review / ticket /
 * return made through the services, for isolation cases and journeys.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { requestReturn } from '../../src/modules/returns/service.js';
import { postReview } from '../../src/modules/reviews/service.js';
import { openTicket } from '../../src/modules/tickets/service.js';
import { checkoutReq, createCart, shopWithVariant } from '../checkout/support.js';
import { createTestCustomer, type TestStore } from './factories.js';
import { request, type TestPlatform } from './platform.js';

export interface PaidOrder {
  customer: { id: string; email: string; token: string };
  orderId: string;
  number: number;
  total: number;
  productId: string;
  variantId: string;
  lineId: string;
}

/** A shopper of `store` with a paid order of `quantity` units of a fresh product (fulfilled unless told). */
export async function paidOrder(
  p: TestPlatform,
  store: TestStore,
  opts: {
    quantity?: number;
    price?: number;
    stock?: number;
    fulfil?: boolean;
    customer?: PaidOrder['customer'];
  } = {},
): Promise<PaidOrder> {
  const customer = opts.customer ?? (await createTestCustomer(p.deps, store.tenant.id));
  const shop = await shopWithVariant(p, { store, stock: opts.stock ?? 10, price: opts.price ?? 1000 });
  const cartId = await createCart(
    p,
    store,
    [{ variantId: shop.variantId, quantity: opts.quantity ?? 2 }],
    customer.token,
  );
  const res = await checkoutReq(p, store, cartId, {
    token: customer.token,
    body: {
      email: customer.email,
      shippingAddress: {
        name: 'Ada Shopper',
        line1: '1 Main St',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
    },
  });
  expect(res.status).toBe(201);
  const orderId = res.body.order.id as string;
  const admin = { host: store.host, token: store.owner.token };
  expect((await request(p.app, 'POST', `/api/admin/orders/${orderId}/mark-paid`, admin)).status).toBe(200);
  if (opts.fulfil !== false) {
    const f = await request(p.app, 'POST', `/api/admin/orders/${orderId}/fulfil`, { ...admin, body: {} });
    expect(f.status).toBe(200);
  }
  const line = await withTenant(p.deps.db, store.tenant.id, (trx) =>
    trx
      .selectFrom('order_lines')
      .select('id')
      .where('tenant_id', '=', store.tenant.id)
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow(),
  );
  return {
    customer,
    orderId,
    number: res.body.order.number,
    total: res.body.order.total,
    productId: shop.productId,
    variantId: shop.variantId,
    lineId: line.id,
  };
}

export async function reviewIn(p: TestPlatform, store: TestStore): Promise<string> {
  const o = await paidOrder(p, store, { quantity: 1 });
  const r = await postReview(p.deps, store.tenant.id, {
    customerId: o.customer.id,
    productId: o.productId,
    ip: `10.${Math.floor(Math.random() * 250)}.0.1`,
    review: { rating: 5, body: 'Lovely' },
  });
  return r.id;
}

export async function ticketIn(
  p: TestPlatform,
  store: TestStore,
  customer?: { id: string },
): Promise<{ id: string; customerId: string }> {
  const c = customer ?? (await createTestCustomer(p.deps, store.tenant.id));
  const t = await openTicket(p.deps, store.tenant, {
    customerId: c.id,
    ip: `10.1.${Math.floor(Math.random() * 250)}.2`,
    ticket: { subject: 'Where is my parcel?', message: `Hello ${randomUUID()}` },
  });
  return { id: t.id, customerId: c.id };
}

export async function returnIn(p: TestPlatform, store: TestStore): Promise<string> {
  const o = await paidOrder(p, store, { quantity: 2 });
  const r = await requestReturn(p.deps, store.tenant, {
    customerId: o.customer.id,
    orderId: o.orderId,
    request: { lines: [{ orderLineId: o.lineId, quantity: 1, reason: 'damaged' }] },
  });
  return r.id;
}
