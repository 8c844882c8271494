/** Admin API: restock settings, the plan, drafting purchase orders and their lifecycle. */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { ZPlanItem, ZPurchaseOrder, ZRestockSettings } from './schemas.js';
import {
  draftPurchaseOrdersNow,
  getRestockPlan,
  getStorePurchaseOrder,
  getStoreRestockSettings,
  listStorePurchaseOrders,
  moveStorePurchaseOrder,
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
    const principal = c.get('principal');
    const actor = { type: 'user' as const, id: principal?.kind === 'user' ? principal.userId : null };
    const po = await moveStorePurchaseOrder(c.get('deps').db, t.id, id, TARGET[action], actor);
    return c.json(po, 200);
  });
}

export const restockAdminRoutes = router;
