/**
 * GET /metrics — Prometheus text format (src/lib/metrics.ts lists the names).
 * !!! ACCESS !!! With METRICS_TOKEN set: `Authorization: Bearer <token>`
 * (constant-time compare). Without it: only a loopback TCP peer with no
 * X-Forwarded-For (a local scraper, never a request a proxy forwarded).
 * Any host: scrapers ask by address.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { AppError } from '../../lib/errors.js';
import { socketAddress } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { METRICS_CONTENT_TYPE, renderMetrics } from '../../lib/metrics.js';
import { outboxBacklog } from '../../lib/outbox.js';
import type { QueueHub } from '../../lib/queue.js';
import { ALL_QUEUES } from '../../lib/queue-names.js';

const LOOPBACK = new Set(['127.0.0.1', '::1']);
const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

async function queueSnapshot(hub: QueueHub) {
  return Promise.all(
    ALL_QUEUES.map(async (name) => {
      try {
        const counts = await hub.queue(name).getJobCounts(...STATES);
        return { name, counts };
      } catch {
        return { name, counts: {} };
      }
    }),
  );
}

export const metricsRoutes = new Hono<AppEnv>().get('/metrics', async (c) => {
  const deps = c.get('deps');
  const token = deps.config.METRICS_TOKEN;
  const allowed = token
    ? tokenMatches(c.req.header('authorization'), token)
    : LOOPBACK.has(socketAddress(c) ?? '') && !c.req.header('x-forwarded-for');
  if (!allowed)
    throw new AppError(
      token ? 'unauthenticated' : 'forbidden',
      token
        ? 'Send the metrics token as a bearer token'
        : '/metrics answers local scrapers only; set METRICS_TOKEN',
    );
  const [queues, outbox] = await Promise.all([queueSnapshot(deps.hub), outboxBacklog(deps.db, deps.now())]);
  const body = await renderMetrics({ queues, outbox });
  return c.body(body, 200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' });
});
