/**
 * What every request handler can reach: the process-wide dependencies and the
 * per-request context (request id, logger, the site the Host names, the
 * authenticated principal). Typed once here for all Hono apps.
 */

import type { KeyStore } from '../auth/keys.js';
import type { MembershipRole, Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { DnsResolver } from '../dns.js';
import type { Logger } from '../logger.js';
import type { QueueHub } from '../queue.js';
import type { ReadCache } from './read-cache.js';

export interface Deps {
  config: Config;
  /** Connected as storeloom_app: RLS applies. Use withTenant / withPlatformAccess. */
  db: Db;
  hub: QueueHub;
  logger: Logger;
  keys: KeyStore;
  /** Injected clock: tests control time through it. */
  now: () => Date;
  /** Injected DNS lookups (custom-domain verification); the system resolver when absent. */
  dns?: DnsResolver;
  /** The per-process storefront read cache (src/lib/http/read-cache.ts); reads go to the database when absent. */
  readCache?: ReadCache;
}

export interface TenantInfo {
  id: string;
  handle: string;
  name: string;
  status: 'active' | 'suspended' | 'deleted';
  plan: string;
  currency: string;
  timezone: string;
}

export type Site = { kind: 'apex' } | { kind: 'store'; tenant: TenantInfo; url: string };

/** A cookie session of a server-rendered page (src/http/session.ts loads it). */
export interface PageSession {
  id: string;
  familyId: string;
  csrfToken: string;
  subject: 'user' | 'customer';
}

/**
 * What the role guards ask about the caller. The guards live here (plumbing
 * that only reads the context); the answers come from the auth module, wired
 * per request by src/http/access.ts, so this layer imports no module.
 */
export interface AccessLookups {
  /** The user's membership role in the store; undefined when not a member. */
  storeRole(deps: Deps, tenantId: string, userId: string): Promise<MembershipRole | undefined>;
  isPlatformAdmin(deps: Deps, userId: string): Promise<boolean>;
}

export interface AppVariables {
  deps: Deps;
  requestId: string;
  /** Read it with requestLog(c): the child logger is built on first use. */
  log?: Logger;
  /** Bindings of the request's logger (request id, then tenant id). */
  logBindings: Record<string, string>;
  site: Site;
  /** Set by authentication middleware when a valid bearer token or session is present. */
  principal?: Principal;
  /** The user's membership role in this store, set by requireStoreRole. */
  role?: MembershipRole;
  /** Set by requestContext from src/http/access.ts before any guard runs. */
  access: AccessLookups;
  /** Set by pageSession() (src/http/session.ts) when a page's cookie session is live. */
  pageSession?: PageSession;
}

export interface AppEnv {
  Variables: AppVariables;
}
