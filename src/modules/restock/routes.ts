/** Admin API: restock settings, the plan, drafting purchase orders and their lifecycle. */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { actorOf } from '../catalog/actor.js';
import { ZPlanItem, ZPurchaseOrder, ZPurchaseOrderEdit, ZReceiveLines, ZRestockSettings } from './schemas.js';
import {
  draftPurchaseOrdersNow,
  editStorePurchaseOrder,
  getRestockPlan,
  getStorePurchaseOrder,
  getStoreRestockSettings,
  listStorePurchaseOrders,
  moveStorePurchaseOrder,
  receiveStorePurchaseOrder,
  sendStorePurchaseOrder,
  updateStoreRestockSettings,
} from './service.js';

const tags = ['Admin: restock'];
const ZId = z.object({ id: z.string() });

function transitionRoute(action: 'order' | 'receive' | 'cancel') {
  return createRoute({
    method: 'post',
    path: `/api/admin/restock/purchase-orders/{id}/${action}`,
    tags,
    security: BEARER,
    middleware: [requireStoreRole('admin')] as const,
    request: { params: ZId },
    responses: {
      200: jsonContent(ZPurchaseOrder, 'The purchase order after the change'),
      ...errorResponses(401, 403, 404, 409),
    },
  });
}
const TARGET = { order: 'ordered', receive: 'received', cancel: 'cancelled' } as const;

const router = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/restock/settings',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      responses: { 200: jsonContent(ZRestockSettings, 'Restock settings'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      return c.json(await getStoreRestockSettings(c.get('deps').db, t.id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/restock/settings',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { body: jsonBody(ZRestockSettings.partial().strict()) },
      responses: { 200: jsonContent(ZRestockSettings, 'Updated'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const input = c.req.valid('json');
      return c.json(await updateStoreRestockSettings(c.get('deps').db, t.id, input), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/restock/plan',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      responses: {
        200: jsonContent(z.object({ items: z.array(ZPlanItem) }), 'Restock plan per variant'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const deps = c.get('deps');
      const items = await getRestockPlan(deps.db, t.id, deps.now(), t.timezone);
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/restock/plan',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      responses: {
        201: jsonContent(
          z.object({
            planned: z.number().int(),
            toOrder: z.number().int(),
            purchaseOrders: z.array(z.string()),
          }),
          'Draft purchase orders created from the plan',
        ),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      const deps = c.get('deps');
      const r = await draftPurchaseOrdersNow(deps.db, t.id, deps.now(), t.timezone);
      return c.json(r, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/restock/purchase-orders',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      responses: {
        200: jsonContent(z.object({ items: z.array(ZPurchaseOrder) }), 'Purchase orders, newest first'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const t = storeOf(c);
      return c.json({ items: await listStorePurchaseOrders(c.get('deps').db, t.id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/restock/purchase-orders/{id}',
      tags,
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: { params: ZId },
      responses: { 200: jsonContent(ZPurchaseOrder, 'A purchase order'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const t = storeOf(c);
      const { id } = c.req.valid('param');
      return c.json(await getStorePurchaseOrder(c.get('deps').db, t.id, id), 200);
    },
  );

for (const action of ['order', 'receive', 'cancel'] as const) {
  router.openapi(transitionRoute(action), async (c) => {
    const t = storeOf(c);
    const { id } = c.req.valid('param');
    const po = await moveStorePurchaseOrder(c.get('deps').db, t.id, id, TARGET[action], actorOf(c));
    return c.json(po, 200);
  });
}

const poResponses = {
  200: jsonContent(ZPurchaseOrder, 'The purchase order after the change'),
  ...errorResponses(400, 401, 403, 404, 409),
};

router
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/restock/purchase-orders/{id}/send',
      tags,
      summary: 'Orders a draft and emails it to the supplier',
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId },
      responses: poResponses,
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await sendStorePurchaseOrder(c.get('deps').db, storeOf(c).id, id, actorOf(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/restock/purchase-orders/{id}/receive-lines',
      tags,
      summary: 'Receives part of an ordered purchase order',
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId, body: jsonBody(ZReceiveLines) },
      responses: poResponses,
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const po = await receiveStorePurchaseOrder(c.get('deps').db, storeOf(c).id, id, input, actorOf(c));
      return c.json(po, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/restock/purchase-orders/{id}',
      tags,
      summary: 'Edits a draft purchase order (quantity 0 removes a line)',
      security: BEARER,
      middleware: [requireStoreRole('admin')] as const,
      request: { params: ZId, body: jsonBody(ZPurchaseOrderEdit) },
      responses: poResponses,
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const po = await editStorePurchaseOrder(c.get('deps').db, storeOf(c).id, id, input, actorOf(c));
      return c.json(po, 200);
    },
  );

export const restockAdminRoutes = router;
