/**
 * Store API: checkout (guest or shopper) and the signed-in shopper's own
 * orders. Shopper-only routes declare `security: BEARER` and requireCustomer().
 */
import { createRoute } from '@hono/zod-openapi';
import { checkout } from '../../flows/checkout.js';
import { AppError } from '../../lib/errors.js';
import { requireCustomer, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { parseIdempotencyKey } from '../../lib/idempotency.js';
import { cartViewer } from '../cart/routes.js';
import { ZCartParam } from '../cart/schemas.js';
import {
  ZCheckout,
  ZCheckoutResult,
  ZOrderDetail,
  ZOrderList,
  ZOrderParam,
  ZStoreOrdersQuery,
} from './schemas.js';
import { getOrderDetail, listOrders } from './service.js';

const ZIdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header', required: true }, description: 'Required' }),
});

export const ordersStoreRoutes = createRouter()
  .openapi(
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
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/orders',
      tags: ['Store: orders'],
      security: BEARER,
      middleware: [requireCustomer()],
      request: { query: ZStoreOrdersQuery },
      responses: {
        200: jsonContent(ZOrderList, "The shopper's orders, newest first"),
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const p = c.get('principal');
      if (p?.kind !== 'customer') throw new AppError('unauthenticated', 'Sign in to your account');
      const q = c.req.valid('query');
      const page = await listOrders(c.get('deps').db, t.id, { ...q, customerId: p.customerId });
      return c.json(page, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/orders/{id}',
      tags: ['Store: orders'],
      security: BEARER,
      middleware: [requireCustomer()],
      request: { params: ZOrderParam },
      responses: { 200: jsonContent(ZOrderDetail, 'The order'), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const p = c.get('principal');
      if (p?.kind !== 'customer') throw new AppError('unauthenticated', 'Sign in to your account');
      const { id } = c.req.valid('param');
      const order = await getOrderDetail(c.get('deps').db, t.id, id, { customerId: p.customerId });
      return c.json(order, 200);
    },
  );
