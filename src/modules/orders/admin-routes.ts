/**
 * Admin API: orders — list, detail, and the state machine's transitions.
 * Illegal transitions answer 409 invalid_state (see ./transitions.ts).
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent } from '../../lib/http/openapi.js';
import {
  addOrderNote,
  cancelOrderByAdmin,
  completeOrderByAdmin,
  fulfilOrderByAdmin,
  markOrderPaidByAdmin,
  refundOrderByAdmin,
  resendOrderConfirmation,
} from './admin-service.js';
import {
  ZFulfil,
  ZListOrdersQuery,
  ZOrderDetail,
  ZOrderList,
  ZOrderNote,
  ZOrderParam,
  ZRefund,
} from './schemas.js';
import { getOrderDetail, listOrders } from './service.js';
import type { TransitionContext } from './timeline.js';

const base = { security: BEARER, tags: ['Admin: orders'], middleware: [requireStoreRole('staff')] };

function actorOf(c: Context<AppEnv>): TransitionContext {
  const p = c.get('principal');
  return {
    actor: { type: 'user', id: p?.kind === 'user' ? p.userId : null },
    now: c.get('deps').now(),
  };
}

const action = (path: string, summary: string) =>
  createRoute({
    ...base,
    method: 'post',
    path,
    summary,
    request: { params: ZOrderParam },
    responses: { 200: jsonContent(ZOrderDetail, 'The order'), ...errorResponses(400, 401, 403, 404, 409) },
  });

/** Who acts and when, for the order pages as for these routes. */
export const orderActorOf = actorOf;

export const ordersAdminRoutes = createRouter()
  .openapi(
    createRoute({
      ...base,
      method: 'get',
      path: '/api/admin/orders',
      request: { query: ZListOrdersQuery },
      responses: {
        200: jsonContent(ZOrderList, 'Orders, newest first'),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const q = c.req.valid('query');
      const page = await listOrders(c.get('deps').db, t.id, q);
      return c.json(page, 200);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: 'get',
      path: '/api/admin/orders/{id}',
      request: { params: ZOrderParam },
      responses: { 200: jsonContent(ZOrderDetail, 'The order'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      const order = await getOrderDetail(c.get('deps').db, t.id, id);
      return c.json(order, 200);
    },
  )
  .openapi(action('/api/admin/orders/{id}/mark-paid', 'Mark a manual-payment order paid'), async (c) => {
    const { id } = c.req.valid('param');
    const order = await markOrderPaidByAdmin(c.get('deps').db, storeOf(c).id, id, actorOf(c));
    return c.json(order, 200);
  })
  .openapi(
    createRoute({
      ...base,
      method: 'post',
      path: '/api/admin/orders/{id}/fulfil',
      request: {
        params: ZOrderParam,
        body: { required: false, content: { 'application/json': { schema: ZFulfil } } },
      },
      responses: { 200: jsonContent(ZOrderDetail, 'The order'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const ctx = { ...actorOf(c), ...c.req.valid('json') };
      return c.json(await fulfilOrderByAdmin(c.get('deps').db, storeOf(c).id, id, ctx), 200);
    },
  )
  .openapi(action('/api/admin/orders/{id}/complete', 'Complete a fulfilled order'), async (c) => {
    const { id } = c.req.valid('param');
    const order = await completeOrderByAdmin(c.get('deps').db, storeOf(c).id, id, actorOf(c));
    return c.json(order, 200);
  })
  .openapi(
    action('/api/admin/orders/{id}/cancel', 'Cancel an unpaid order, releasing its stock'),
    async (c) => {
      const { id } = c.req.valid('param');
      const order = await cancelOrderByAdmin(c.get('deps').db, storeOf(c).id, id, actorOf(c));
      return c.json(order, 200);
    },
  )
  .openapi(
    createRoute({
      ...base,
      middleware: [requireStoreRole('admin')],
      method: 'post',
      path: '/api/admin/orders/{id}/refund',
      summary: 'Record a manual refund (optionally restocking the items)',
      request: { params: ZOrderParam, body: jsonBody(ZRefund) },
      responses: { 200: jsonContent(ZOrderDetail, 'The order'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const ctx = { ...actorOf(c), deps: c.get('deps'), ...c.req.valid('json') };
      return c.json(await refundOrderByAdmin(c.get('deps').db, storeOf(c).id, id, ctx), 200);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: 'post',
      path: '/api/admin/orders/{id}/notes',
      summary: "Add a merchant's note to the order's timeline",
      request: { params: ZOrderParam, body: jsonBody(ZOrderNote) },
      responses: { 200: jsonContent(ZOrderDetail, 'The order'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const ctx = { ...actorOf(c), message: c.req.valid('json').message };
      return c.json(await addOrderNote(c.get('deps').db, storeOf(c).id, id, ctx), 200);
    },
  )
  .openapi(
    action('/api/admin/orders/{id}/resend-confirmation', "E-mail the shopper's order confirmation again"),
    async (c) => {
      const { id } = c.req.valid('param');
      const ctx = { ...actorOf(c), storeName: storeOf(c).name };
      return c.json(await resendOrderConfirmation(c.get('deps').db, storeOf(c).id, id, ctx), 200);
    },
  );
