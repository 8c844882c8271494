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
    fulfilmentStatus: z.enum(['unfulfilled', 'partial', 'fulfilled']),
    /** The name on the shipping address (the list's "customer" column). */
    shippingName: z.string(),
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
  fulfilledQuantity: z.number(),
  refundedQuantity: z.number(),
  restockedQuantity: z.number(),
});

export const ZShipment = z.object({
  id: z.string(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  lines: z.array(z.object({ lineId: z.string(), quantity: z.number() })),
  createdAt: z.string(),
});

export const ZRefundRecord = z.object({
  id: z.string(),
  amount: z.number(),
  provider: z.string(),
  providerReference: z.string().nullable(),
  reason: z.string().nullable(),
  lines: z.array(z.object({ lineId: z.string(), quantity: z.number(), restock: z.boolean() })),
  createdAt: z.string(),
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
  shipments: z.array(ZShipment),
  refunds: z.array(ZRefundRecord),
  timeline: z.array(ZOrderEvent),
}).openapi('Order');
export type OrderDetail = z.infer<typeof ZOrderDetail>;

export const ZOrderList = z.object({
  items: z.array(ZOrderSummary),
  nextCursor: z.string().nullable(),
  /** Orders matching the filters (all pages). */
  total: z.number(),
});

/** A calendar day as YYYY-MM-DD (2026-13-45 is refused here, not later in the service). */
const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(new Date(`${d}T00:00:00Z`).getTime()), 'Not a date');

export const ZStoreOrdersQuery = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();

export const ZListOrdersQuery = ZStoreOrdersQuery.extend({
  status: ZOrderStatus.optional(),
  /** Order number, e-mail or shipping name. */
  q: z.string().trim().max(200).optional(),
  payment: z.enum(['unpaid', 'paid', 'partially_refunded', 'refunded']).optional(),
  fulfilment: z.enum(['unfulfilled', 'partial', 'fulfilled']).optional(),
  /** Placed on or after this day (UTC). */
  from: ZDay.optional(),
  /** Placed on or before this day (UTC). */
  to: ZDay.optional(),
  sort: z.enum(['newest', 'oldest', 'total_desc', 'total_asc']).optional(),
  /** 1-based page (offset paging, any sort); `cursor` pages newest-first only. */
  page: z.coerce.number().int().min(1).max(10_000).optional(),
}).strict();
export type ListOrdersQuery = z.infer<typeof ZListOrdersQuery>;

export const ZOrderParam = z.object({ id: z.uuid() });

const ZLineQty = z.object({ lineId: z.uuid(), quantity: z.number().int().min(1).max(100_000) }).strict();

export const ZFulfil = z
  .object({
    carrier: z.string().trim().min(1).max(100).optional(),
    trackingNumber: z.string().trim().min(1).max(200).optional(),
    trackingUrl: z
      .url({ protocol: /^https?$/, error: 'A link starting with https:// or http://' })
      .max(2000)
      .optional(),
    /** Units per line in this shipment; omitted: everything left to ship. */
    lines: z.array(ZLineQty).min(1).max(500).optional(),
  })
  .strict();
export const ZRefund = z
  .object({
    /** Minor units; omitted with `lines`: the lines' share of the total. */
    amount: z.number().int().min(1).max(1_000_000_000_000).optional(),
    restock: z.boolean().optional(),
    lines: z
      .array(
        ZLineQty.extend({
          restock: z.union([z.boolean(), z.number().int().min(0).max(100_000)]).optional(),
        }).strict(),
      )
      .min(1)
      .max(500)
      .optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((r) => r.amount !== undefined || r.lines !== undefined, {
    message: 'Enter an amount or choose items',
    path: ['amount'],
  });
export const ZOrderNote = z.object({ message: z.string().trim().min(1).max(2000) }).strict();
export const ZEmpty = z.object({}).strict();

export const ZCheckout = z
  .object({
    email: z.email().max(254),
    shippingAddress: ZShippingAddress,
    discountCode: z.string().trim().min(1).max(64).optional(),
    shippingRateId: z.uuid().optional(),
    /**
     * The shopper's choice when the store takes both card (Stripe) and manual
     * payment; absent: the store's default (card when Stripe is connected).
     */
    paymentMethod: z.enum(['card', 'manual']).optional(),
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
