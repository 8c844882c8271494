/**
 * Store API: the signed-in shopper's own orders (checkout, which calls the
 * checkout flow, lives beside it: src/flows/checkout-routes.ts). Shopper-only
 * routes declare `security: BEARER` and requireCustomer().
 */
import { createRoute } from '@hono/zod-openapi';
import { customerIdOf, requireCustomer, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonContent } from '../../lib/http/openapi.js';
import { ZOrderDetail, ZOrderList, ZOrderParam, ZStoreOrdersQuery } from './schemas.js';
import { getOrderDetail, listOrders } from './service.js';

export const ordersStoreRoutes = createRouter()
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
      const q = c.req.valid('query');
      const page = await listOrders(c.get('deps').db, t.id, { ...q, customerId: customerIdOf(c) });
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
      const { id } = c.req.valid('param');
      const order = await getOrderDetail(c.get('deps').db, t.id, id, { customerId: customerIdOf(c) });
      return c.json(order, 200);
    },
  );
