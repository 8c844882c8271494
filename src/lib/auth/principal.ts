/** Who is calling: the verified claims of an access token, as the app uses them. */
import type { MembershipRole } from '../db/tables/platform.js';

/**
 * `user`: a merchant or platform admin (platform-level identity; what it may do
 * in a store comes from its membership, console access from is_platform_admin).
 * `customer`: a shopper of exactly one store.
 */
export type Principal =
  | { kind: 'user'; userId: string }
  | { kind: 'customer'; customerId: string; tenantId: string };

export type { MembershipRole };

/** Role order: owner > admin > staff. */
export const ROLE_RANK: Record<MembershipRole, number> = { staff: 1, admin: 2, owner: 3 };
