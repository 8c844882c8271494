/** Liveness and readiness probes (any host: load balancers probe by address). */
import { createRoute } from '@hono/zod-openapi';
import { createRouter, jsonContent, z } from '../../lib/http/openapi.js';
import { checkReadiness } from '../../lib/readiness.js';

const ZHealth = z.object({ status: z.literal('ok') });
const ZReady = z.object({ status: z.enum(['ok', 'unavailable']), database: z.boolean(), queue: z.boolean() });

export const healthRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['Platform'],
      responses: { 200: jsonContent(ZHealth, 'Alive') },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['Platform'],
      responses: {
        200: jsonContent(ZReady, 'Database and queue answer'),
        503: jsonContent(ZReady, 'Not ready'),
      },
    }),
    async (c) => {
      // Cached for a second and probed on existing pools (src/lib/readiness.ts).
      const { ok, database, queue } = await checkReadiness(c.get('deps'));
      return c.json(
        { status: ok ? ('ok' as const) : ('unavailable' as const), database, queue },
        ok ? 200 : 503,
      );
    },
  );
