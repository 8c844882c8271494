/** Admin API: low-stock alerts (`GET /api/admin/alerts`, contract in http-api.md). */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonContent, z } from '../../lib/http/openapi.js';
import { listStoreAlerts } from './service.js';

const ZAlert = z
  .object({
    id: z.string(),
    variantId: z.string(),
    sku: z.string(),
    available: z.number().int(),
    threshold: z.number().int(),
    status: z.enum(['open', 'resolved']),
    createdAt: z.string(),
  })
  .openapi('StockAlert');

export const alertsAdminRoutes = createRouter().openapi(
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
);
