/** Console API (apex, platform admins — guarded for /api/console/* in src/app.ts): queue counts, failures, retry. */
import { createRoute } from '@hono/zod-openapi';
import { requirePlatformAdmin } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonContent, z } from '../../lib/http/openapi.js';
import { queueCounts, recentFailures, retryFailedJob } from './service.js';

const tags = ['Console: queues'];

const ZCounts = z
  .object({
    name: z.string(),
    waiting: z.number().int(),
    active: z.number().int(),
    delayed: z.number().int(),
    failed: z.number().int(),
    completed: z.number().int(),
  })
  .openapi('QueueCounts');

const ZFailed = z
  .object({
    id: z.string(),
    name: z.string(),
    tenantId: z.string().nullable(),
    failedReason: z.string(),
    attemptsMade: z.number().int(),
    createdAt: z.string(),
    failedAt: z.string().nullable(),
  })
  .openapi('FailedJob');

export const jobsConsoleRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/console/queues',
      tags,
      security: BEARER,
      middleware: [requirePlatformAdmin()] as const,
      responses: {
        200: jsonContent(z.object({ items: z.array(ZCounts) }), 'Every queue’s job counts'),
        ...errorResponses(401, 403),
      },
    }),
    async (c) => c.json({ items: await queueCounts(c.get('deps').hub) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/console/queues/{name}/failed',
      tags,
      security: BEARER,
      middleware: [requirePlatformAdmin()] as const,
      request: { params: z.object({ name: z.string().max(100) }) },
      responses: {
        200: jsonContent(z.object({ items: z.array(ZFailed) }), 'Recent failures with their error'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      return c.json({ items: await recentFailures(c.get('deps').hub, name) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/console/queues/{name}/jobs/{id}/retry',
      tags,
      security: BEARER,
      middleware: [requirePlatformAdmin()] as const,
      request: { params: z.object({ name: z.string().max(100), id: z.string().max(300) }) },
      responses: {
        200: jsonContent(z.object({ id: z.string(), state: z.string() }), 'Moved back to waiting'),
        ...errorResponses(401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { name, id } = c.req.valid('param');
      return c.json(await retryFailedJob(c.get('deps').hub, name, id), 200);
    },
  );
