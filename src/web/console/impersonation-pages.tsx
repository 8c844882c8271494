/**
 * Store-host end of support impersonation (see modules/console/impersonation.ts):
 *   GET  /admin/impersonate?token=…   redeems the console's single-use token → owner page session
 *   POST /admin/impersonation/end      ends it (audited) and returns to the console
 */
import { type Context, Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { requirePageUser } from '../../http/session.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, storeOf } from '../../lib/http/middleware.js';
import { PAGE_SESSION_COOKIE, sessionCookieOptions } from '../../modules/auth/cookies.js';
import { endImpersonation, redeemImpersonation } from '../../modules/console/impersonation.js';

type Ctx = Context<AppEnv>;

async function impersonateLanding(c: Ctx) {
  const token = (c.req.query('token') ?? '').slice(0, 200);
  const deps = c.get('deps');
  const r = token
    ? await redeemImpersonation(deps, storeOf(c).id, token, {
        userAgent: c.req.header('user-agent'),
        ip: clientIp(c),
      })
    : undefined;
  if (!r) return c.redirect('/admin/login', 303);
  setCookie(c, PAGE_SESSION_COOKIE, r.session.secret, sessionCookieOptions(deps.config, '/', r.ttlSeconds));
  return c.redirect('/admin', 303);
}

async function endSubmit(c: Ctx) {
  const session = c.get('pageSession');
  const deps = c.get('deps');
  if (session) await endImpersonation(deps, storeOf(c).id, session, clientIp(c));
  return c.redirect(
    `${deps.config.PUBLIC_URL}/console/tenants/${storeOf(c).id}?done=impersonation-ended`,
    303,
  );
}

export const impersonationPages = new Hono<AppEnv>();
impersonationPages.use('/admin/impersonate', onlyOn('store'));
impersonationPages.use('/admin/impersonation/*', onlyOn('store'), requirePageUser('/admin/login'));
impersonationPages.get('/admin/impersonate', impersonateLanding);
impersonationPages.post('/admin/impersonation/end', endSubmit);
