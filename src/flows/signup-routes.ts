/**
 * Platform (apex) JSON routes that create stores, beside the flow they call:
 * POST /api/signup (a merchant account and a store, rate-limited per IP) and
 * POST /api/stores (another store for a signed-in merchant). Apex-only.
 */
import { createRoute } from '@hono/zod-openapi';
import { AppError } from '../lib/errors.js';
import { clientIp } from '../lib/http/client-ip.js';
import { onlyOn, requireUser } from '../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent } from '../lib/http/openapi.js';
import { limitSignups } from '../modules/signup/routes.js';
import { ZCreateStore, ZCreateStoreResult, ZSignup, ZSignupResult } from '../modules/signup/schemas.js';
import { createAnotherStore, signup } from './signup.js';

export const signupFlowRoutes = createRouter();
signupFlowRoutes.use('/api/stores', onlyOn('apex'));
signupFlowRoutes
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
  );
