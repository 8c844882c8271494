/**
 * Admin read-only while a store is suspended for billing: every non-GET
 * /api/admin/* request answers 409 store_suspended_billing, except the
 * billing endpoints themselves (the way back is paying).
 */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { isSuspendedForBilling } from './suspension.js';

export function blockAdminWritesWhenSuspendedForBilling(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const site = c.get('site');
    const method = c.req.method;
    if (
      site.kind === 'store' &&
      site.tenant.status === 'suspended' &&
      method !== 'GET' &&
      method !== 'HEAD' &&
      method !== 'OPTIONS' &&
      !c.req.path.startsWith('/api/admin/billing')
    ) {
      const t = site.tenant;
      if (await isSuspendedForBilling(c.get('deps'), t.id))
        throw new AppError(
          'store_suspended_billing',
          'This store is suspended for non-payment and is read-only; settle the bill in Admin → Billing to reactivate it',
        );
    }
    await next();
  };
}
