/**
 * Host → site, the first thing the request path learns after its id: the
 * apex, or a store (by handle subdomain or verified custom domain) from the
 * tenancy module. Lives above the modules because it calls one.
 *
 * A store with a verified custom domain is reached there: storefront page
 * requests on its subdomain redirect (301, path and query kept) to the
 * domain. The API, the admin (its session cookie lives on the subdomain) and
 * unsafe methods stay on the subdomain.
 */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../lib/errors.js';
import type { AppEnv } from '../lib/http/context.js';
import { requestHost } from '../lib/http/middleware.js';
import { resolveSite } from '../modules/tenancy/site.js';

const STAY_ON_SUBDOMAIN = /^\/(api|admin|webhooks|assets|login|logout|auth|favicon\.ico)(\/|$)/;

/** Host → site; an unknown store host ends here with 404 store_not_found. */
export function siteResolver(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const resolved = await resolveSite(c.get('deps'), requestHost(c));
    if (resolved.kind === 'unknown') {
      throw new AppError('store_not_found', 'There is no store at this address');
    }
    // resolveSite returns a fresh object each call; it is copied only to drop redirectOrigin.
    let site = resolved;
    const redirectOrigin = resolved.redirectOrigin;
    if (redirectOrigin !== undefined || 'redirectOrigin' in resolved) {
      const method = c.req.method;
      if (redirectOrigin && (method === 'GET' || method === 'HEAD') && !STAY_ON_SUBDOMAIN.test(c.req.path)) {
        const u = new URL(c.req.url);
        return c.redirect(`${redirectOrigin}${u.pathname}${u.search}`, 301);
      }
      const { redirectOrigin: _dropped, ...rest } = resolved;
      site = rest;
    }
    c.set('site', site);
    // This request's own bindings object (requestContext made it), so it is extended in place.
    if (site.kind === 'store') c.get('logBindings').tenantId = site.tenant.id;
    await next();
  };
}
