/**
 * Security cases shared by every admin and shopper route. A module declares
 * its routes' cases in `tests/<module>/isolation-cases.ts` (default export:
 * IsolationCase[]); tests/security/isolation.test.ts loads every such file,
 * runs the checks below, and FAILS when an /api/admin or shopper route in the
 * OpenAPI document has no case — so a new route cannot skip them.
 *
 * Admin routes: no token → 401; a member of another store only → 404; a role
 * below `minRole` → 403; a resource of store A asked for on store B → 404.
 * Shopper routes (`surface: 'customer'`): no token → 401; a shopper token of
 * another store → 401.
 * Public storefront routes that name a store's resource (`surface: 'storefront'`,
 * e.g. a product page's rows fragment; not in the OpenAPI document, so listed
 * by their module): its own store's resource → 200; the same path (and headers,
 * e.g. a cart cookie) on another store's host → 404 (never another store's data).
 */
import type { MembershipRole } from '../../src/lib/db/tables/platform.js';
import type { TestStore } from './factories.js';
import type { TestPlatform } from './platform.js';

export interface IsolationCase {
  /** As in the OpenAPI document: `METHOD /path/{param}`, e.g. `GET /api/admin/products/{id}`. */
  route: string;
  surface: 'admin' | 'customer' | 'storefront';
  /** Lowest role that may call it (admin surface). Default: staff. */
  minRole?: MembershipRole;
  /**
   * Builds a concrete path for `store`, creating whatever resource it needs in
   * that store (e.g. a product). Called once per store the check needs.
   */
  path(p: TestPlatform, store: TestStore): Promise<string> | string;
  /**
   * Request headers built for `store` (e.g. the cookie naming a cart of that store), if the route needs
   * them. Storefront cases send the same headers to the other store's host.
   */
  headers?(p: TestPlatform, store: TestStore): Promise<Record<string, string>> | Record<string, string>;
  /** Request body (valid for the route), if it takes one. */
  body?(p: TestPlatform, store: TestStore): Promise<unknown> | unknown;
  /** True when the path names a resource, so the cross-store check applies. */
  resource?: boolean;
}

export function defineIsolationCases(cases: IsolationCase[]): IsolationCase[] {
  return cases;
}
