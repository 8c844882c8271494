/**
 * Admin read-only while a store is suspended for billing: every non-GET
 * /api/admin/* request answers 409 store_suspended_billing, except the
 * billing endpoints themselves (the way back is paying).
 */
import type { MiddlewareHandler } from 'hono';
import { withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';

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
      const row = await withTenant(c.get('deps').db, t.id, (trx) =>
        trx.selectFrom('tenants').select('suspended_reason').where('id', '=', t.id).executeTakeFirst(),
      );
      if (row?.suspended_reason === 'billing')
        throw new AppError(
          'store_suspended_billing',
          'This store is suspended for non-payment and is read-only; settle the bill in Admin → Billing to reactivate it',
        );
    }
    await next();
  };
}
