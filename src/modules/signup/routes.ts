/**
 * Platform (apex) JSON routes for signup's reads: GET
 * /api/signup/handle-availability (the signup page's live check) and GET
 * /api/signup/templates (the picker), and the per-IP signup rate limit. The
 * routes that create stores call the signup flow and live beside it
 * (src/flows/signup-routes.ts). All apex-only.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn } from '../../lib/http/middleware.js';
import { createRouter, errorResponses, jsonContent, z } from '../../lib/http/openapi.js';
import { enforceRateLimit, rateLimiterFor } from '../../lib/rate-limit.js';
import { ZHandleAvailability, ZHandleQuery, ZTemplateSummary } from './schemas.js';
import { checkHandleAvailability, listTemplateSummaries } from './service.js';

/** Counts one signup attempt for the caller's IP; 429 with Retry-After over the limit. */
export async function limitSignups(c: Context<AppEnv>): Promise<void> {
  const deps = c.get('deps');
  const ip = clientIp(c);
  // In-process calls (tests) have no socket address; a real server always has one.
  if (!ip) return;
  await enforceRateLimit(rateLimiterFor(deps), `signup:ip:${ip}`, deps.config.RATE_SIGNUPS_PER_IP, 3600);
}

export const signupRoutes = createRouter();
signupRoutes.use('/api/signup/*', onlyOn('apex'));
signupRoutes
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/signup/handle-availability',
      tags: ['Platform'],
      summary: 'Whether a store address can be used',
      request: { query: ZHandleQuery },
      responses: { 200: jsonContent(ZHandleAvailability, 'Availability'), ...errorResponses(400) },
    }),
    async (c) => c.json(await checkHandleAvailability(c.get('deps'), c.req.valid('query').handle), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/signup/templates',
      tags: ['Platform'],
      summary: 'The store templates a signup can start from',
      responses: { 200: jsonContent(z.object({ items: z.array(ZTemplateSummary) }), 'Templates') },
    }),
    async (c) => c.json({ items: await listTemplateSummaries() }, 200),
  );
