/**
 * Shopper account API (store host, /api/store/customers…; the family guard
 * answers 503 for a suspended store). Register, login, me, refresh (rotating
 * httpOnly cookie at Path=/api/store/customers), logout, password reset.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { customerIdOf, requireCustomer, storeOf } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent, z } from '../../lib/http/openapi.js';
import {
  CUSTOMER_REFRESH,
  endRefreshSession,
  readRefreshCookie,
  sameOriginIfPresent,
  setRefreshCookie,
} from '../auth/refresh-cookie.js';
import {
  confirmCustomerPasswordReset,
  getCustomer,
  loginCustomer,
  logoutCustomer,
  refreshCustomer,
  registerCustomer,
  requestCustomerPasswordReset,
} from './service.js';

const ZRegister = z
  .object({
    email: z.email().max(320),
    password: z.string().min(1).max(1000),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .openapi('CustomerRegister');
const ZLogin = z
  .object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1000) })
  .strict();
const ZCustomer = z.object({ id: z.string(), email: z.string() });
const ZMe = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    emailVerified: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Customer');
const ZToken = z.object({ accessToken: z.string(), expiresIn: z.number().int() });

const meta = (c: Context<AppEnv>) => ({ userAgent: c.req.header('user-agent'), ip: clientIp(c) });
export const customerStoreRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/customers',
      tags: ['Store: customers'],
      summary: 'Registers a shopper account in this store',
      request: { body: jsonBody(ZRegister) },
      responses: {
        201: jsonContent(
          z.object({ customer: ZCustomer, accessToken: z.string(), expiresIn: z.number().int() }),
          'Registered',
        ),
        ...errorResponses(400, 409, 429, 503),
      },
    }),
    async (c) => {
      const r = await registerCustomer(c.get('deps'), storeOf(c), c.req.valid('json'), meta(c));
      setRefreshCookie(c, CUSTOMER_REFRESH, r.refresh.secret);
      return c.json(
        { customer: r.customer, accessToken: r.token.accessToken, expiresIn: r.token.expiresIn },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/customers/login',
      tags: ['Store: customers'],
      request: { body: jsonBody(ZLogin) },
      responses: {
        200: jsonContent(ZToken.extend({ customer: ZCustomer }), 'Signed in'),
        ...errorResponses(400, 401, 429, 503),
      },
    }),
    async (c) => {
      const r = await loginCustomer(c.get('deps'), storeOf(c), c.req.valid('json'), meta(c));
      setRefreshCookie(c, CUSTOMER_REFRESH, r.refresh.secret);
      return c.json(
        { accessToken: r.token.accessToken, expiresIn: r.token.expiresIn, customer: r.customer },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/store/customers/me',
      tags: ['Store: customers'],
      security: BEARER,
      middleware: [requireCustomer()] as const,
      responses: { 200: jsonContent(ZMe, 'The signed-in shopper'), ...errorResponses(401, 503) },
    }),
    async (c) => {
      return c.json(await getCustomer(c.get('deps'), storeOf(c).id, customerIdOf(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/customers/refresh',
      tags: ['Store: customers'],
      summary: 'New access token from the refresh cookie (rotates it)',
      middleware: [sameOriginIfPresent()] as const,
      responses: { 200: jsonContent(ZToken, 'Refreshed'), ...errorResponses(401, 403, 503) },
    }),
    async (c) => {
      const secret = readRefreshCookie(c, CUSTOMER_REFRESH);
      if (!secret) throw new AppError('unauthenticated', 'No session; sign in');
      const r = await refreshCustomer(c.get('deps'), storeOf(c).id, secret, meta(c));
      setRefreshCookie(c, CUSTOMER_REFRESH, r.refresh.secret);
      return c.json({ accessToken: r.token.accessToken, expiresIn: r.token.expiresIn }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/customers/logout',
      tags: ['Store: customers'],
      middleware: [sameOriginIfPresent()] as const,
      responses: {
        200: jsonContent(z.object({ status: z.literal('ok') }), 'Signed out'),
        ...errorResponses(403, 503),
      },
    }),
    async (c) => {
      await endRefreshSession(c, CUSTOMER_REFRESH, (secret) =>
        logoutCustomer(c.get('deps'), storeOf(c).id, secret),
      );
      return c.json({ status: 'ok' as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/customers/password-reset',
      tags: ['Store: customers'],
      summary: 'Emails a reset link if the account exists (always 202)',
      request: { body: jsonBody(z.object({ email: z.string().trim().min(3).max(320) }).strict()) },
      responses: {
        202: jsonContent(z.object({ status: z.literal('accepted') }), 'Accepted'),
        ...errorResponses(400, 429, 503),
      },
    }),
    async (c) => {
      await requestCustomerPasswordReset(c.get('deps'), storeOf(c), c.req.valid('json').email);
      return c.json({ status: 'accepted' as const }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/store/customers/password-reset/confirm',
      tags: ['Store: customers'],
      request: {
        body: jsonBody(
          z.object({ token: z.string().min(10).max(200), password: z.string().min(1).max(1000) }).strict(),
        ),
      },
      responses: {
        200: jsonContent(z.object({ status: z.literal('ok') }), 'Password changed'),
        ...errorResponses(400, 401, 503),
      },
    }),
    async (c) => {
      const { token, password } = c.req.valid('json');
      await confirmCustomerPasswordReset(c.get('deps'), storeOf(c).id, token, password);
      return c.json({ status: 'ok' as const }, 200);
    },
  );
