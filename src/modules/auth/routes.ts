/**
 * Merchant auth API on the apex (/api/auth/*, guarded by onlyOn('apex') in
 * src/app.ts): login, refresh (rotating cookie), logout, password reset,
 * email verification. The refresh token only travels in an httpOnly cookie
 * scoped to Path=/api/auth; cookie-authenticated POSTs here also require a
 * same-origin Origin header when one is sent (SameSite=Lax already keeps
 * cross-site POSTs from carrying the cookie).
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { requireUser } from '../../lib/http/middleware.js';
import { BEARER, createRouter, errorResponses, jsonBody, jsonContent } from '../../lib/http/openapi.js';
import {
  confirmUserPasswordReset,
  confirmUserVerification,
  requestUserPasswordReset,
  requestUserVerification,
} from './email-flows.js';
import {
  endRefreshSession,
  readRefreshCookie,
  STAFF_REFRESH,
  sameOriginIfPresent,
  setRefreshCookie,
} from './refresh-cookie.js';
import {
  ZAccepted,
  ZAccessToken,
  ZLogin,
  ZLoginResult,
  ZOk,
  ZResetConfirm,
  ZResetRequest,
  ZVerifyConfirm,
} from './schemas.js';
import { loginUser, logoutUser, refreshUser } from './service.js';

const meta = (c: Context<AppEnv>) => ({ userAgent: c.req.header('user-agent'), ip: clientIp(c) });

export const authRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/login',
      tags: ['Auth'],
      summary: 'Merchant / platform admin login; sets the refresh cookie',
      request: { body: jsonBody(ZLogin) },
      responses: {
        200: jsonContent(ZLoginResult, 'Signed in'),
        ...errorResponses(400, 401, 429),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const r = await loginUser(c.get('deps'), input, meta(c));
      setRefreshCookie(c, STAFF_REFRESH, r.refresh.secret);
      return c.json(
        {
          accessToken: r.token.accessToken,
          expiresIn: r.token.expiresIn,
          merchant: { id: r.user.id, email: r.user.email, platformAdmin: r.user.isPlatformAdmin },
          stores: r.stores.map((s) => ({ handle: s.handle, name: s.name, role: s.role })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/refresh',
      tags: ['Auth'],
      summary: 'New access token from the refresh cookie (rotates it)',
      middleware: [sameOriginIfPresent()] as const,
      responses: { 200: jsonContent(ZAccessToken, 'Refreshed'), ...errorResponses(401, 403) },
    }),
    async (c) => {
      const secret = readRefreshCookie(c, STAFF_REFRESH);
      if (!secret) throw new AppError('unauthenticated', 'No session; sign in');
      const r = await refreshUser(c.get('deps'), secret, meta(c));
      setRefreshCookie(c, STAFF_REFRESH, r.refresh.secret);
      return c.json({ accessToken: r.token.accessToken, expiresIn: r.token.expiresIn }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/logout',
      tags: ['Auth'],
      summary: 'Revokes the refresh session and clears its cookie',
      middleware: [sameOriginIfPresent()] as const,
      responses: { 200: jsonContent(ZOk, 'Signed out'), ...errorResponses(403) },
    }),
    async (c) => {
      await endRefreshSession(c, STAFF_REFRESH, (secret) => logoutUser(c.get('deps'), secret));
      return c.json({ status: 'ok' as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/password-reset',
      tags: ['Auth'],
      summary: 'Emails a single-use reset link if the account exists (always 202)',
      request: { body: jsonBody(ZResetRequest) },
      responses: { 202: jsonContent(ZAccepted, 'Accepted'), ...errorResponses(400, 429) },
    }),
    async (c) => {
      await requestUserPasswordReset(c.get('deps'), c.req.valid('json').email);
      return c.json({ status: 'accepted' as const }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/password-reset/confirm',
      tags: ['Auth'],
      summary: 'Sets a new password from a reset link; revokes all sessions',
      request: { body: jsonBody(ZResetConfirm) },
      responses: { 200: jsonContent(ZOk, 'Password changed'), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const { token, password } = c.req.valid('json');
      await confirmUserPasswordReset(c.get('deps'), token, password);
      return c.json({ status: 'ok' as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/verify-email',
      tags: ['Auth'],
      summary: 'Sends a new verification email to the signed-in merchant',
      security: BEARER,
      middleware: [requireUser()] as const,
      responses: { 202: jsonContent(ZAccepted, 'Sent (or already verified)'), ...errorResponses(401, 429) },
    }),
    async (c) => {
      const p = c.get('principal');
      if (p?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in');
      await requestUserVerification(c.get('deps'), p.userId);
      return c.json({ status: 'accepted' as const }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/verify-email/confirm',
      tags: ['Auth'],
      summary: 'Confirms an email address from a verification link',
      request: { body: jsonBody(ZVerifyConfirm) },
      responses: { 200: jsonContent(ZOk, 'Verified'), ...errorResponses(400, 401) },
    }),
    async (c) => {
      await confirmUserVerification(c.get('deps'), c.req.valid('json').token);
      return c.json({ status: 'ok' as const }, 200);
    },
  );
