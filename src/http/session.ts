/**
 * !!! SECURITY CHOKE POINT — cookie sessions for server-rendered pages !!!
 *
 * Pages (store /admin, /console, the storefront account) authenticate with an
 * opaque session cookie, never with a JWT in a cookie:
 *   `sl_session`  a merchant / platform admin (row in user_sessions, kind 'page',
 *                 bound to the site it was created on: 'apex' or 'store:<tenant>')
 *   `sl_shopper`  a shopper of this store (row in customer_sessions, kind 'page')
 * Both cookies are httpOnly, SameSite=Lax, Secure except on http localhost,
 * Path=/, host-only (no Domain attribute), 7 days, revocable (logout,
 * password reset).
 *
 * `pageSession()` (mounted once in src/app.ts, skipped for /api, /webhooks)
 * loads the session and sets `principal` exactly like the bearer path does,
 * so `requireStoreRole`, `requirePlatformAdmin`, `requireCustomer` work on
 * pages unchanged; it also sets `pageSession` (id + CSRF token). On a store
 * host, paths under /admin use the merchant cookie and every other path the
 * shopper cookie. Every unsafe request through a page is CSRF-checked by
 * src/lib/http/csrf.ts, mounted right after. (Here, above the modules, because
 * it reads the auth module's session tables.)
 *
 * For page handlers:
 *   startUserPageSession(c, userId)            after a successful sign-in
 *   startCustomerPageSession(c, customerId)    storefront sign-in (store host)
 *   endPageSession(c)                          sign-out
 *   requirePageUser('/admin/login')            redirect (303) when not signed in
 *   requirePageCustomer('/account/login')
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { clientIp } from '../lib/http/client-ip.js';
import type { AppEnv, PageSession } from '../lib/http/context.js';
import { isApiPath } from '../lib/http/paths.js';
import {
  PAGE_SESSION_COOKIE,
  PAGE_SESSION_TTL_SECONDS,
  sessionCookieOptions,
} from '../modules/auth/cookies.js';
import {
  findStoreCustomerSession,
  findUserSession,
  insertUserSession,
  isLive,
  revokeStoreCustomerFamily,
  revokeUserFamily,
  startStoreCustomerSession,
} from '../modules/auth/sessions.js';

export const SHOPPER_SESSION_COOKIE = 'sl_shopper';

export type { PageSession };
export { PAGE_SESSION_COOKIE };

type C = Context<AppEnv>;
type Mw = MiddlewareHandler<AppEnv>;

function siteKey(c: C): string | undefined {
  const site = c.get('site');
  return site.kind === 'apex' ? 'apex' : `store:${site.tenant.id}`;
}

/** Which cookie this request uses: merchant on the apex and store /admin, shopper elsewhere on a store. */
function usesShopperCookie(c: C): boolean {
  const site = c.get('site');
  if (site.kind !== 'store') return false;
  const p = c.req.path;
  return !(p === '/admin' || p.startsWith('/admin/'));
}

export function pageSession(): Mw {
  return async (c, next) => {
    if (isApiPath(c.req.path)) return next();
    const deps = c.get('deps');
    const now = deps.now();
    const site = c.get('site');
    if (usesShopperCookie(c) && site.kind === 'store') {
      const secret = getCookie(c, SHOPPER_SESSION_COOKIE);
      if (secret) {
        const row = await findStoreCustomerSession(deps.db, site.tenant.id, secret, 'page');
        if (row && isLive(row, now) && row.csrf_token) {
          c.set('pageSession', {
            id: row.id,
            familyId: row.family_id,
            csrfToken: row.csrf_token,
            subject: 'customer',
          });
          if (!c.get('principal'))
            c.set('principal', { kind: 'customer', customerId: row.customer_id, tenantId: site.tenant.id });
        }
      }
    } else {
      const secret = getCookie(c, PAGE_SESSION_COOKIE);
      if (secret) {
        const row = await findUserSession(deps.db, secret, 'page');
        if (row && isLive(row, now) && row.site === siteKey(c) && row.csrf_token) {
          c.set('pageSession', {
            id: row.id,
            familyId: row.family_id,
            csrfToken: row.csrf_token,
            subject: 'user',
          });
          if (!c.get('principal')) c.set('principal', { kind: 'user', userId: row.user_id });
        }
      }
    }
    return next();
  };
}

/** Signs a merchant / platform admin in on this host's pages (call after verifying credentials). */
export async function startUserPageSession(c: C, userId: string): Promise<PageSession> {
  const deps = c.get('deps');
  const s = await insertUserSession(deps.db, {
    userId,
    kind: 'page',
    site: siteKey(c),
    now: deps.now(),
    ttlSeconds: PAGE_SESSION_TTL_SECONDS,
    meta: { userAgent: c.req.header('user-agent'), ip: clientIp(c) },
  });
  setCookie(
    c,
    PAGE_SESSION_COOKIE,
    s.secret,
    sessionCookieOptions(deps.config, '/', PAGE_SESSION_TTL_SECONDS),
  );
  const session: PageSession = { id: s.id, familyId: s.familyId, csrfToken: s.csrfToken!, subject: 'user' };
  c.set('pageSession', session);
  c.set('principal', { kind: 'user', userId });
  return session;
}

/** Signs a shopper in on this store's pages. */
export async function startCustomerPageSession(c: C, customerId: string): Promise<PageSession> {
  const deps = c.get('deps');
  const site = c.get('site');
  if (site.kind !== 'store') throw new Error('startCustomerPageSession outside a store host');
  const s = await startStoreCustomerSession(deps.db, {
    tenantId: site.tenant.id,
    customerId,
    kind: 'page',
    now: deps.now(),
    ttlSeconds: PAGE_SESSION_TTL_SECONDS,
    meta: { userAgent: c.req.header('user-agent'), ip: clientIp(c) },
  });
  setCookie(
    c,
    SHOPPER_SESSION_COOKIE,
    s.secret,
    sessionCookieOptions(deps.config, '/', PAGE_SESSION_TTL_SECONDS),
  );
  const session: PageSession = {
    id: s.id,
    familyId: s.familyId,
    csrfToken: s.csrfToken!,
    subject: 'customer',
  };
  c.set('pageSession', session);
  c.set('principal', { kind: 'customer', customerId, tenantId: site.tenant.id });
  return session;
}

/** Revokes the current page session (if any) and clears its cookie. */
export async function endPageSession(c: C): Promise<void> {
  const deps = c.get('deps');
  const session = c.get('pageSession');
  const site = c.get('site');
  if (session?.subject === 'customer' && site.kind === 'store') {
    await revokeStoreCustomerFamily(deps.db, site.tenant.id, session.familyId, deps.now());
  } else if (session?.subject === 'user') {
    await revokeUserFamily(deps.db, session.familyId, deps.now());
  }
  const secure = sessionCookieOptions(deps.config, '/', 0).secure;
  deleteCookie(c, usesShopperCookie(c) ? SHOPPER_SESSION_COOKIE : PAGE_SESSION_COOKIE, { path: '/', secure });
  c.set('pageSession', undefined);
  c.set('principal', undefined);
}

function loginRedirect(c: C, loginPath: string): Response {
  const next = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : undefined;
  const to = next ? `${loginPath}?next=${encodeURIComponent(next)}` : loginPath;
  return c.redirect(to, 303);
}

/** Page guard: a signed-in merchant or platform admin, else a redirect to the sign-in page. */
export function requirePageUser(loginPath: string): Mw {
  return async (c, next) => {
    if (c.get('principal')?.kind !== 'user') return loginRedirect(c, loginPath);
    return next();
  };
}

/** Page guard: a signed-in shopper of this store, else a redirect to the sign-in page. */
export function requirePageCustomer(loginPath: string): Mw {
  return async (c, next) => {
    const p = c.get('principal');
    const site = c.get('site');
    if (p?.kind !== 'customer' || site.kind !== 'store' || p.tenantId !== site.tenant.id)
      return loginRedirect(c, loginPath);
    return next();
  };
}

/** A `next` redirect target that stays on this host (no open redirect). */
export function safeNext(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(?![/\\])[\w\-./?=&%~+:@!$'()*,;]*$/.test(value) ? value : fallback;
}
