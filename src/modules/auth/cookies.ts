/**
 * Cookie settings for refresh and page sessions. Always httpOnly and
 * SameSite=Lax; Secure is off ONLY when PUBLIC_URL is plain-http localhost
 * (or *.localhost), where browsers would otherwise drop the cookie.
 */
import type { CookieOptions } from 'hono/utils/cookie';
import type { Config } from '../../lib/config.js';

export const REFRESH_COOKIE = 'sl_refresh';
export const CUSTOMER_REFRESH_COOKIE = 'sl_crefresh';
export const PAGE_SESSION_COOKIE = 'sl_session';

export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;
export const PAGE_SESSION_TTL_SECONDS = 7 * 24 * 3600;

export function cookiesSecure(config: Pick<Config, 'PUBLIC_URL'>): boolean {
  const u = new URL(config.PUBLIC_URL);
  const local = u.hostname === 'localhost' || u.hostname.endsWith('.localhost');
  return !(u.protocol === 'http:' && local);
}

export function sessionCookieOptions(
  config: Pick<Config, 'PUBLIC_URL'>,
  path: string,
  maxAgeSeconds: number,
): CookieOptions {
  return { httpOnly: true, secure: cookiesSecure(config), sameSite: 'Lax', path, maxAge: maxAgeSeconds };
}
