/**
 * Store API: POST /api/store/carts/{cartId}/checkout (guest or shopper),
 * beside the checkout flow it calls. Idempotent per Idempotency-Key.
 */
import { createRoute } from '@hono/zod-openapi';
import { storeOf } from '../lib/http/middleware.js';
import { createRouter, errorResponses, jsonBody, jsonContent, z } from '../lib/http/openapi.js';
import { parseIdempotencyKey } from '../lib/idempotency.js';
import { cartViewer } from '../modules/cart/routes.js';
import { ZCartParam } from '../modules/cart/schemas.js';
import { ZCheckout, ZCheckoutResult } from '../modules/orders/schemas.js';
import { checkout } from './checkout.js';

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
