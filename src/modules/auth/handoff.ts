/**
 * Login handoff between hosts (store switcher): page-session cookies are
 * host-bound, so a signed-in merchant moving to another store's admin gets a
 * single-use token valid for 60 seconds and for that one store only; the
 * target host exchanges it for its own page session. Membership of the
 * target store is checked when minting and again when redeeming.
 */
import type { Deps } from '../../lib/http/context.js';
import { consumeLoginHandoff, insertLoginHandoff } from './repository/handoffs.js';
import { hashSecret, newSecret } from './secrets.js';
import { listUserStores, type UserStore } from './service.js';

export const HANDOFF_TTL_SECONDS = 60;

/** Mints a handoff to `handle` for a member of that store; undefined when not a member. */
export async function createLoginHandoff(
  deps: Deps,
  userId: string,
  handle: string,
): Promise<{ token: string; store: UserStore } | undefined> {
  const store = (await listUserStores(deps, userId)).find((s) => s.handle === handle.toLowerCase());
  if (!store) return undefined;
  const token = newSecret();
  const now = deps.now();
  await insertLoginHandoff(deps.db, {
    userId,
    site: `store:${store.id}`,
    tokenHash: hashSecret(token),
    expiresAt: new Date(now.getTime() + HANDOFF_TTL_SECONDS * 1000),
    now,
  });
  return { token, store };
}

/** Redeems a handoff on the target store; returns the user id, or undefined for any invalid token. */
export async function redeemLoginHandoff(
  deps: Deps,
  token: string,
  tenantId: string,
): Promise<string | undefined> {
  const now = deps.now();
  const userId = await consumeLoginHandoff(deps.db, hashSecret(token), `store:${tenantId}`, now);
  if (!userId) return undefined;
  const stillMember = (await listUserStores(deps, userId)).some((s) => s.id === tenantId);
  return stillMember ? userId : undefined;
}
