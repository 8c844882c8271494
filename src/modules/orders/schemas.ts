/** Order API shapes. Money is integer minor units of the order's currency. */
import { z } from '../../lib/http/openapi.js';

export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'fulfilled',
  'completed',
  'cancelled',
  'partially_refunded',
  'refunded',
] as const;
export const ZOrderStatus = z.enum(ORDER_STATUSES);

export const ZShippingAddress = z
  .object({
    name: z.string().trim().min(1).max(200),
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    /** State/province (contract v2): the storefront asks where the country has them. */
    region: z.string().trim().max(100).optional(),
    postalCode: z.string().trim().min(1).max(20),
    phone: z.string().trim().max(40).optional(),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'A two-letter ISO 3166 country code')
      .transform((s) => s.toUpperCase()),
  })
  .strict();

/** The order as the checkout response and lists show it. */
export const ZOrderSummary = z
  .object({
    id: z.string(),
    number: z.number(),
    status: ZOrderStatus,
    email: z.string(),
    currency: z.string(),
    subtotal: z.number(),
    discount: z.number(),
    shipping: z.number(),
    tax: z.number(),
    taxInclusive: z.boolean(),
    total: z.number(),
    refunded: z.number(),
    discountCode: z.string().nullable(),
    shippingMethod: z.string().nullable(),
    paymentProvider: z.string(),
    trackingNumber: z.string().nullable(),
    placedAt: z.string(),
    paidAt: z.string().nullable(),
    fulfilledAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    reservationExpiresAt: z.string().nullable(),
  })
  .openapi('OrderSummary');
export type OrderSummary = z.infer<typeof ZOrderSummary>;

export const ZOrderLine = z.object({
  id: z.string(),
  variantId: z.string().nullable(),
  productId: z.string().nullable(),
  sku: z.string(),
  title: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  total: z.number(),
});

export const ZOrderEvent = z.object({
  id: z.number(),
  type: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()),
  actorType: z.string(),
  createdAt: z.string(),
});

export const ZOrderDetail = ZOrderSummary.extend({
  customerId: z.string().nullable(),
  shippingAddress: z.record(z.string(), z.unknown()),
  lines: z.array(ZOrderLine),
  timeline: z.array(ZOrderEvent),
}).openapi('Order');
export type OrderDetail = z.infer<typeof ZOrderDetail>;

export const ZOrderList = z.object({ items: z.array(ZOrderSummary), nextCursor: z.string().nullable() });

export const ZListOrdersQuery = z
  .object({
    status: ZOrderStatus.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();

export const ZStoreOrdersQuery = ZListOrdersQuery.omit({ status: true }).strict();

export const ZOrderParam = z.object({ id: z.uuid() });

export const ZFulfil = z.object({ trackingNumber: z.string().trim().min(1).max(200).optional() }).strict();
export const ZRefund = z
  .object({ amount: z.number().int().min(1).max(1_000_000_000_000), restock: z.boolean().optional() })
  .strict();
export const ZEmpty = z.object({}).strict();

export const ZCheckout = z
  .object({
    email: z.email().max(254),
    shippingAddress: ZShippingAddress,
    discountCode: z.string().trim().min(1).max(64).optional(),
    shippingRateId: z.uuid().optional(),
  })
  .strict()
  .openapi('Checkout');
export type CheckoutInput = z.infer<typeof ZCheckout>;

export const ZCheckoutResult = z
  .object({
    order: ZOrderSummary,
    payment: z.object({ provider: z.string(), clientSecret: z.string().optional() }),
  })
  .openapi('CheckoutResult');
