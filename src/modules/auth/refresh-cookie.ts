/**
 * The refresh cookie of the two JSON sign-in surfaces — staff (`/api/auth`)
 * and a store's customers (`/api/store/customers`) — written, read and
 * cleared one way, plus the same-origin guard their cookie-authenticated
 * endpoints share. Each surface names its cookie and path once (below).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { requestHost } from '../../lib/http/middleware.js';
import {
  CUSTOMER_REFRESH_COOKIE,
  REFRESH_COOKIE,
  REFRESH_TTL_SECONDS,
  sessionCookieOptions,
} from './cookies.js';

type Ctx = Context<AppEnv>;

export interface RefreshCookie {
  name: string;
  /** The cookie is only sent to this path (the surface's auth routes). */
  path: string;
}

export const STAFF_REFRESH: RefreshCookie = { name: REFRESH_COOKIE, path: '/api/auth' };
export const CUSTOMER_REFRESH: RefreshCookie = {
  name: CUSTOMER_REFRESH_COOKIE,
  path: '/api/store/customers',
};

export function readRefreshCookie(c: Ctx, cookie: RefreshCookie): string | undefined {
  return getCookie(c, cookie.name);
}

export function setRefreshCookie(c: Ctx, cookie: RefreshCookie, secret: string): void {
  setCookie(
    c,
    cookie.name,
    secret,
    sessionCookieOptions(c.get('deps').config, cookie.path, REFRESH_TTL_SECONDS),
  );
}

/**
 * Logout: revokes the session the cookie names (when there is one) and
 * clears the cookie either way.
 */
export async function endRefreshSession(
  c: Ctx,
  cookie: RefreshCookie,
  revoke: (secret: string) => Promise<unknown>,
): Promise<void> {
  const secret = readRefreshCookie(c, cookie);
  if (secret) await revoke(secret);
  deleteCookie(c, cookie.name, {
    path: cookie.path,
    secure: sessionCookieOptions(c.get('deps').config, cookie.path, 0).secure,
  });
}

/** A cross-site Origin on a cookie-authenticated endpoint is refused. */
export function sameOriginIfPresent(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin) {
      let host: string | undefined;
      try {
        host = new URL(origin).host.toLowerCase();
      } catch {
        host = undefined;
      }
      if (host !== requestHost(c).toLowerCase())
        throw new AppError('csrf_failed', 'Cross-site request refused');
    }
    await next();
  };
}
