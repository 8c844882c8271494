/** Admin API for recommendations: a product's pins and exclusions, and an on-demand rebuild. */
import { createRoute } from '@hono/zod-openapi';
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { createRouter, errorResponses, jsonContent, z } from '../../lib/http/openapi.js';
import { getOverrides, requestRebuild, setOverrides } from './service.js';

const tags = ['Admin: recommendations'];
const ZOverrides = z
  .object({ pin: z.array(z.string().uuid()).max(20), exclude: z.array(z.string().uuid()).max(200) })
  .openapi('RecommendationOverrides');
const ZOverrideList = z.object({
  items: z.array(
    z.object({ targetId: z.string(), action: z.enum(['pin', 'exclude']), position: z.number().int() }),
  ),
});
const ZParams = z.object({ idOrHandle: z.string().min(1).max(200) });

export const recommendationsAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/products/{idOrHandle}/recommendation-overrides',
      tags,
      summary: "A product's pinned and excluded recommendations",
      middleware: [requireStoreRole('staff')] as const,
      request: { params: ZParams },
      responses: { 200: jsonContent(ZOverrideList, 'Overrides'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const items = await getOverrides(c.get('deps').db, storeOf(c).id, c.req.valid('param').idOrHandle);
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/admin/products/{idOrHandle}/recommendation-overrides',
      tags,
      summary: "Replace a product's pinned and excluded recommendations",
      middleware: [requireStoreRole('admin')] as const,
      request: {
        params: ZParams,
        body: { content: { 'application/json': { schema: ZOverrides } } },
      },
      responses: { 200: jsonContent(ZOverrideList, 'Overrides'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const items = await setOverrides(
        c.get('deps').db,
        storeOf(c).id,
        c.req.valid('param').idOrHandle,
        body,
      );
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/recommendations/rebuild',
      tags,
      summary: "Queue a rebuild of the store's recommendation lists",
      middleware: [requireStoreRole('admin')] as const,
      responses: {
        202: jsonContent(z.object({ queued: z.boolean() }), 'Queued'),
        ...errorResponses(401, 403),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      await requestRebuild(deps.hub, storeOf(c).id, deps.now(), 1000);
      return c.json({ queued: true }, 202);
    },
  );
