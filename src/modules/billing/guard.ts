/**
 * Admin read-only while a store is suspended for billing: every non-GET
 * /api/admin/* request answers 409 store_suspended_billing, except the
 * billing endpoints themselves (the way back is paying) and closing the store
 * (an owner who would rather leave than pay may close it; reading and
 * exporting its data are GETs and stay open).
 */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { isSuspendedForBilling } from './suspension.js';

/** The writes a store suspended for billing may still make, API and admin pages alike. */
const WRITABLE_WHILE_SUSPENDED = ['/api/admin/billing', '/admin/billing'];
const CLOSING_PATHS = ['/api/admin/store/close', '/admin/store-data/close'];

export function writableWhileSuspendedForBilling(path: string): boolean {
  return WRITABLE_WHILE_SUSPENDED.some((p) => path.startsWith(p)) || CLOSING_PATHS.includes(path);
}

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
      !writableWhileSuspendedForBilling(c.req.path)
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
