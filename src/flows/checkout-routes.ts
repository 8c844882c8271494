/**
 * Store API: POST /api/store/carts/{cartId}/checkout (guest or shopper),
 * beside the checkout flow it calls. Idempotent per Idempotency-Key. And
 * POST /api/store/carts/{cartId}/quote: the same totals, before placing.
 */
import { createRoute } from '@hono/zod-openapi';
import { storeOf } from '../lib/http/middleware.js';
import { createRouter, errorResponses, jsonBody, jsonContent, z } from '../lib/http/openapi.js';
import { parseIdempotencyKey } from '../lib/idempotency.js';
import { cartViewer } from '../modules/cart/routes.js';
import { ZCartParam } from '../modules/cart/schemas.js';
import { ZCheckout, ZCheckoutResult } from '../modules/orders/schemas.js';
import { quoteCart } from './checkout/quote-cart.js';
import { checkout } from './checkout.js';

const country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'A two-letter ISO 3166 country code')
  .transform((s) => s.toUpperCase());

export const ZQuoteRequest = z
  .object({
    shippingAddress: z
      .object({
        country,
        region: z.string().trim().max(100).optional(),
        postalCode: z.string().trim().max(20).optional(),
      })
      .strict()
      .optional(),
    shippingMethodId: z.uuid().optional(),
    discountCode: z.string().trim().min(1).max(64).optional(),
  })
  .strict()
  .openapi('CartQuoteRequest');

export const ZQuote = z
  .object({
    subtotal: z.number(),
    discount: z.number(),
    shipping: z.number(),
    tax: z.number(),
    taxInclusive: z.boolean(),
    total: z.number(),
    currency: z.string(),
    shippingMethods: z.array(z.object({ id: z.string(), name: z.string(), price: z.number() })),
    shippingMethodId: z.string().nullable(),
    discountError: z.string().optional(),
  })
  .openapi('CartQuote');

const ZIdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header', required: true }, description: 'Required' }),
});

export const checkoutStoreRoutes = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/api/store/carts/{cartId}/checkout',
    tags: ['Store: checkout'],
    request: { params: ZCartParam, headers: ZIdempotencyHeader, body: jsonBody(ZCheckout) },
    responses: {
      201: jsonContent(ZCheckoutResult, 'Order placed, stock reserved'),
      ...errorResponses(400, 404, 409),
    },
  }),
  async (c) => {
    const key = parseIdempotencyKey(c.req.header('idempotency-key'));
    const { cartId } = c.req.valid('param');
    const result = await checkout(c.get('deps'), {
      tenant: storeOf(c),
      cartId,
      idempotencyKey: key,
      input: c.req.valid('json'),
      viewer: cartViewer(c),
      now: c.get('deps').now(),
    });
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.body, 201);
  },
);

export const quoteStoreRoutes = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/api/store/carts/{cartId}/quote',
    tags: ['Store: checkout'],
    request: { params: ZCartParam, body: jsonBody(ZQuoteRequest) },
    responses: {
      200: jsonContent(ZQuote, 'What checkout would charge for this input; nothing changes'),
      ...errorResponses(400, 404),
    },
  }),
  async (c) => {
    const { cartId } = c.req.valid('param');
    const deps = c.get('deps');
    const quote = await quoteCart(
      deps.db,
      storeOf(c),
      cartId,
      cartViewer(c),
      c.req.valid('json'),
      deps.now(),
    );
    return c.json(quote, 200);
  },
);
