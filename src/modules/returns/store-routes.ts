/** Store API for returns: a shopper asks to return lines of their own order. */
import { createRoute } from '@hono/zod-openapi';
import { customerIdOf, requireCustomer, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { ZRequestReturn, ZReturn } from './schemas.js';
import { requestReturn } from './service.js';

export const returnsStoreRoutes = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/api/store/orders/{id}/returns',
    tags: ['Store: returns'],
    summary: 'Ask to return lines of your order (within the return window)',
    security: BEARER,
    middleware: [requireCustomer()] as const,
    request: { params: z.object({ id: z.string().max(100) }), body: jsonBody(ZRequestReturn) },
    responses: { 201: jsonContent(ZReturn, 'Requested'), ...errorResponses(400, 401, 404, 409) },
  }),
  async (c) => {
    const out = await requestReturn(c.get('deps'), storeOf(c), {
      customerId: customerIdOf(c),
      orderId: c.req.valid('param').id,
      request: c.req.valid('json'),
    });
    return c.json(out, 201);
  },
);
