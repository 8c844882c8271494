/** Liveness and readiness probes (any host: load balancers probe by address). */
import { createRoute } from '@hono/zod-openapi';
import { pingDb } from '../../lib/db/index.js';
import { createRouter, jsonContent, z } from '../../lib/http/openapi.js';

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
      const deps = c.get('deps');
      const timeout = <T>(p: Promise<T>) =>
        Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 2_000))]);
      const [database, queue] = await Promise.all([
        timeout(pingDb(deps.db)).then(
          () => true,
          () => false,
        ),
        timeout(deps.hub.ping()).then(
          () => true,
          () => false,
        ),
      ]);
      const ok = database && queue;
      return c.json(
        { status: ok ? ('ok' as const) : ('unavailable' as const), database, queue },
        ok ? 200 : 503,
      );
    },
  );
