/**
 * Platform (apex) JSON routes for signup: POST /api/signup (rate-limited per
 * IP), GET /api/signup/handle-availability (the signup page's live check) and
 * GET /api/signup/templates (the picker), and POST /api/stores (another store
 * for a signed-in merchant). All apex-only.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, requireUser } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import { enforceRateLimit, rateLimiterFor } from '../../lib/rate-limit.js';
import {
  ZCreateStore,
  ZCreateStoreResult,
  ZHandleAvailability,
  ZHandleQuery,
  ZSignup,
  ZSignupResult,
  ZTemplateSummary,
} from './schemas.js';
import { checkHandleAvailability, createAnotherStore, listTemplateSummaries, signup } from './service.js';

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
signupRoutes.use('/api/stores', onlyOn('apex'));
signupRoutes
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/signup',
      tags: ['Platform'],
      summary: 'Create a merchant account and a store from a template',
      description:
        'Idempotent for identical retries: the same email, handle and password within 10 minutes of a successful signup return the same store (201 again). An email that already has an account → 409 email_taken (existing merchants add stores after signing in).',
      request: { body: jsonBody(ZSignup) },
      responses: {
        201: jsonContent(ZSignupResult, 'The store and its owner'),
        ...errorResponses(400, 409, 413, 429),
      },
    }),
    async (c) => {
      await limitSignups(c);
      const r = await signup(c.get('deps'), c.req.valid('json'), { ip: clientIp(c) });
      return c.json(
        { store: r.store, merchant: r.merchant, accessToken: r.accessToken, expiresIn: r.expiresIn },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/stores',
      tags: ['Platform'],
      summary: 'Open another store for the signed-in merchant',
      description:
        'How an existing merchant adds a store (POST /api/signup refuses an email that already has an account). Same handle and template rules; the caller becomes the owner. An identical retry within 10 minutes returns the same store.',
      security: BEARER,
      middleware: [requireUser()],
      request: { body: jsonBody(ZCreateStore) },
      responses: {
        201: jsonContent(ZCreateStoreResult, 'The new store'),
        ...errorResponses(400, 401, 409, 429),
      },
    }),
    async (c) => {
      await limitSignups(c);
      const principal = c.get('principal');
      if (principal?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in as a merchant');
      const r = await createAnotherStore(c.get('deps'), principal.userId, c.req.valid('json'), {
        ip: clientIp(c),
      });
      return c.json({ store: r.store, merchant: r.merchant }, 201);
    },
  )
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
