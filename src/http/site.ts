/**
 * Host → site, the first thing the request path learns after its id: the
 * apex, or a store (by handle subdomain or verified custom domain) from the
 * tenancy module. Lives above the modules because it calls one.
 */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../lib/errors.js';
import type { AppEnv } from '../lib/http/context.js';
import { requestHost } from '../lib/http/middleware.js';
import { resolveSite } from '../modules/tenancy/site.js';

/** Host → site; an unknown store host ends here with 404 store_not_found. */
export function siteResolver(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const site = await resolveSite(c.get('deps'), requestHost(c));
    if (site.kind === 'unknown') {
      throw new AppError('store_not_found', 'There is no store at this address');
    }
    c.set('site', site);
    if (site.kind === 'store') c.set('logBindings', { ...c.get('logBindings'), tenantId: site.tenant.id });
    await next();
  };
}
