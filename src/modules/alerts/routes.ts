/** Admin API: low-stock alerts (`GET /api/admin/alerts`, contract in http-api.md) and acknowledge/snooze. */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { actorOf } from '../catalog/actor.js';
import { listStoreAlerts, setStoreAlertAttention } from './service.js';

const ZAlert = z
  .object({
    id: z.string(),
    variantId: z.string(),
    productId: z.string(),
    productTitle: z.string(),
    variantTitle: z.string(),
    imageUrl: z.string().nullable(),
    sku: z.string(),
    available: z.number().int(),
    threshold: z.number().int(),
    status: z.enum(['open', 'resolved']),
    acknowledgedAt: z.string().nullable(),
    snoozedUntil: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('StockAlert');

export const ZAttention = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge') }).strict(),
  z.object({ action: z.literal('snooze'), days: z.number().int().min(1).max(90) }).strict(),
  z.object({ action: z.literal('reopen') }).strict(),
]);

export const alertsAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/alerts',
      tags: ['Admin: alerts'],
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: {
        query: z.object({ status: z.enum(['open', 'resolved']).optional() }).strict(),
      },
      responses: {
        200: jsonContent(z.object({ items: z.array(ZAlert) }), 'Low-stock alerts, newest first'),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const tenant = storeOf(c);
      const { status } = c.req.valid('query');
      const items = await listStoreAlerts(c.get('deps').db, tenant.id, { status });
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/alerts/{id}/attention',
      tags: ['Admin: alerts'],
      summary:
        'Acknowledges an open alert, snoozes it for n days, or reopens it (kept out of alert mail meanwhile)',
      security: BEARER,
      middleware: [requireStoreRole('staff')] as const,
      request: { params: z.object({ id: z.string() }), body: jsonBody(ZAttention) },
      responses: { 204: { description: 'Done' }, ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const deps = c.get('deps');
      await setStoreAlertAttention(deps.db, storeOf(c).id, c.req.valid('param').id, c.req.valid('json'), {
        now: deps.now(),
        actor: actorOf(c),
      });
      return c.body(null, 204);
    },
  );
