/**
 * The guard every storefront page family mounts on its paths: store host only
 * (the apex answers 404), and a suspended store shows its "store unavailable"
 * page (503) instead of any page.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeUnavailableResponse } from './unavailable.js';

export const storeOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const site = c.get('site');
  if (site.kind !== 'store') throw new AppError('not_found', 'Not found');
  if (site.tenant.status !== 'active') return storeUnavailableResponse(c);
  return next();
};

/** Puts `storeOnly` in front of each path pattern of `app`. */
export function guardStorePaths(app: Hono<AppEnv>, paths: readonly string[]): void {
  for (const path of paths) app.use(path, storeOnly);
}
