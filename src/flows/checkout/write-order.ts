/**
 * Checkout's final statement. From the order number to commit every checkout
 * of the store waits on the counter row, so the number, the order and
 * everything naming it (lines, reservations, timeline 'placed', outbox
 * `order.placed` + e-mails, the cart's conversion, the idempotency response)
 * go in as ONE statement (orders' insertPlacedOrder) written with its COMMIT
 * (asFinalStatement); texts name the number by ORDER_NUMBER_TOKEN until then.
 */

import { asFinalStatement, type Trx } from '../../lib/db/index.js';
import type { CartLineRow, CartRow } from '../../modules/cart/repository.js';
import {
  type Actor,
  insertPlacedOrder,
  ORDER_NUMBER_TOKEN,
  type OrderRow,
  type PlacedOrder,
} from '../../modules/orders/repository.js';
import { toOrderSummary } from '../../modules/orders/service.js';
import type { OrderPromotionNote } from '../../modules/promotion-rules/order-notes.js';
import type { ConfirmationPick } from '../../modules/recommendations/confirmation.js';
import { orderPlacedMails } from './mail.js';
import type { Quote } from './quote.js';
import {
  CHECKOUT_SCOPE,
  type CheckoutRequest,
  type CheckoutResponseBody,
  type PaymentTerms,
} from './types.js';

export interface OrderToWrite {
  req: CheckoutRequest;
  orderId: string;
  cart: CartRow;
  lines: readonly CartLineRow[];
  owners: readonly string[];
  quote: Quote;
  providerName: string;
  payment: PaymentTerms;
  actor: Actor;
  idempotencyKey: string;
  /** The confirmation e-mail's suggestions (read in checkout's opening) and the store's address. */
  picks?: { items: readonly ConfirmationPick[]; storeUrl: string };
  /** Promotions the shopper saw that this order could not honour (the e-mail names them). */
  promotionNotes?: readonly OrderPromotionNote[];
}

/** Writes the placed order and commits; returns the inserted order row. */
export function writeOrder(trx: Trx, o: OrderToWrite): Promise<OrderRow> {
  const { req, quote } = o;
  const tenantId = req.tenant.id;
  const expiresAt = new Date(req.now.getTime() + o.payment.holdMs);
  const order = orderValues(o, expiresAt);
  const number = ORDER_NUMBER_TOKEN;
  const customerId = order.customer_id;
  return asFinalStatement(() =>
    insertPlacedOrder(trx, {
      order,
      lines: o.lines.map((l, i) => ({
        tenant_id: tenantId,
        order_id: o.orderId,
        variant_id: l.variant_id,
        product_id: l.product_id,
        sku: l.sku,
        title: l.variant_title ? `${l.product_title} — ${l.variant_title}` : l.product_title,
        quantity: l.quantity,
        unit_price: l.price,
        total: quote.lineTotals[i] ?? 0,
        cost: l.cost,
      })),
      reservations: o.lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity })),
      expiresAt,
      event: {
        type: 'placed',
        message: `Order #${number} placed`,
        data: {
          ...totalsOf(quote),
          discountCode: quote.discountCode,
          reservationExpiresAt: expiresAt.toISOString(),
          // What the shopper was told about paying (the order page shows it again).
          ...(o.payment.manual ? { payment: o.payment.manual } : {}),
        },
        actor: o.actor,
      },
      outbox: [
        {
          topic: 'order.placed',
          payload: {
            orderId: o.orderId,
            number,
            total: quote.total,
            currency: quote.currency,
            customerId,
            email: req.input.email,
          },
        },
        ...orderPlacedMails({
          storeName: req.tenant.name,
          email: req.input.email,
          owners: o.owners,
          lines: o.lines,
          quote,
          payment: o.payment.manual ? { ...o.payment.manual, dueAt: expiresAt } : null,
          picks: o.picks,
          promotionNotes: o.promotionNotes,
        }),
      ],
      convertCartId: o.cart.id,
      idempotency: {
        scope: CHECKOUT_SCOPE,
        key: o.idempotencyKey,
        status: 201,
        body: JSON.stringify(storedResponse(order, o.providerName)),
      },
    }),
  );
}

/** The order row's values (all but the number, which the statement takes). */
function orderValues(o: OrderToWrite, expiresAt: Date): PlacedOrder['order'] & { id: string } {
  const { req, quote } = o;
  return {
    tenant_id: req.tenant.id,
    id: o.orderId,
    status: 'pending_payment' as const,
    customer_id: o.cart.customer_id ?? req.viewer.customerId,
    cart_id: o.cart.id,
    email: req.input.email,
    currency: quote.currency,
    subtotal: quote.subtotal,
    discount_total: quote.discount,
    shipping_total: quote.shipping,
    tax_total: quote.tax,
    tax_inclusive: quote.taxInclusive,
    total: quote.total,
    discount_code: quote.discountCode,
    shipping_address: JSON.stringify(req.input.shippingAddress),
    shipping_method: quote.shippingMethod,
    payment_provider: o.providerName,
    reservation_expires_at: expiresAt,
    placed_at: req.now,
    updated_at: req.now,
  };
}

/** The timeline's copy of the totals (the Totals fields, in their order). */
function totalsOf(q: Quote) {
  return {
    subtotal: q.subtotal,
    discount: q.discount,
    shipping: q.shipping,
    tax: q.tax,
    taxInclusive: q.taxInclusive,
    total: q.total,
  };
}

/**
 * The response stored under the idempotency key, known before the insert but
 * for the number (a replay must answer exactly what this request did).
 */
function storedResponse(order: PlacedOrder['order'], providerName: string): CheckoutResponseBody {
  return {
    order: toOrderSummary({
      ...order,
      number: ORDER_NUMBER_TOKEN as unknown as number,
      refunded_total: 0,
      payment_reference: null,
      tracking_number: null,
      paid_at: null,
      fulfilled_at: null,
      cancelled_at: null,
      fulfilment_status: 'unfulfilled',
      // Written as JSON text; the summary reads the recipient's name from it.
      shipping_address:
        typeof order.shipping_address === 'string'
          ? JSON.parse(order.shipping_address)
          : order.shipping_address,
    } as unknown as OrderRow),
    payment: { provider: providerName },
  };
}
