/**
 * Records each request's latency and status under its ROUTE TEMPLATE
 * (`/api/admin/products/:id`, never the concrete path: bounded label sets).
 * Requests no route answered count as `unmatched`. Mounted first in src/app.ts.
 */
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { recordHttpRequest } from '../metrics.js';
import type { AppEnv } from './context.js';

export function httpMetrics(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      const routes = matchedRoutes(c);
      const answered = routes[c.req.routeIndex];
      const route = answered && answered.method !== 'ALL' ? answered.path : 'unmatched';
      recordHttpRequest(c.req.method, route, c.res.status, (performance.now() - start) / 1000);
    }
  };
}
