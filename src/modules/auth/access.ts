/**
 * What the request guards need to know about a signed-in user, one function
 * per fact (the guards in src/lib/http/middleware.ts reach these through the
 * context, wired by src/http/access.ts). Each opens its own unit of work.
 */
import { withTenant } from '../../lib/db/index.js';
import type { MembershipRole } from '../../lib/db/tables/platform.js';
import type { Deps } from '../../lib/http/context.js';
import { findIsPlatformAdmin, findMembershipRole, findUserEmail } from './repository.js';

/** The user's email (account menus, Stripe customer records); undefined for an unknown id. */
export function getUserEmail(deps: Deps, userId: string): Promise<string | undefined> {
  return findUserEmail(deps.db, userId);
}

export function isPlatformAdmin(deps: Deps, userId: string): Promise<boolean> {
  return findIsPlatformAdmin(deps.db, userId);
}

/** The user's role in this store; undefined when they are not a member. */
export function getStoreRole(
  deps: Deps,
  tenantId: string,
  userId: string,
): Promise<MembershipRole | undefined> {
  return withTenant(deps.db, tenantId, (trx) => findMembershipRole(trx, tenantId, userId));
}
