/**
 * Host → site resolution: the apex, a store by `{handle}.{apex}`, or a store by
 * a verified custom domain. The tenant always comes from the Host header
 * (X-Forwarded-Host only when TRUST_PROXY=1). Results are cached per process
 * (an LRU bounded to MAX_ENTRIES hosts, "no such store" included, on the
 * injected clock). While a notice listener is attached and live
 * (attachSiteNotices, wired by src/boot.ts), an entry stays fresh for
 * LIVE_TTL_MS: migration 0410's triggers announce every change to what it
 * holds (noteSiteNotice drops those entries in every process) and a resync
 * clears it. Otherwise — no listener, or it is down — an entry is fresh for
 * TTL_MS only. `forgetSite` drops a handle at once in this process.
 */
import { LRUCache } from 'lru-cache';
import { storeUrl } from '../../lib/config.js';
import { withPlatformAccess } from '../../lib/db/index.js';
import type { Deps, Site, TenantInfo } from '../../lib/http/context.js';
import { findPrimaryDomain, findTenantByDomain, findTenantByHandle } from './repository/tenants.js';

const TTL_MS = 2_000;
/** A safety net only: with the listener live, notices make entries stale. */
const LIVE_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;
interface CacheEntry {
  at: number;
  tenant: TenantInfo | null;
  /** The store's verified custom domain: the subdomain redirects there and canonical URLs use it. */
  primaryDomain?: string;
  /** No drop that concerns it arrived while it was read: it may live for LIVE_TTL_MS. */
  canLiveLong: boolean;
}
const cache = new LRUCache<string, CacheEntry>({ max: MAX_ENTRIES });
let listenerLive: (() => boolean) | undefined;

/** Migration 0410's notices start with this (on the catalog's channel; catalog notices start with a tenant id). */
const SITE_NOTICE = 'site ';
/** Names every domain cached as unknown (a store's plan changed: its domains may now resolve). */
const ANY_UNKNOWN_DOMAIN = 'domain:*';

/** What a notice, resync or forgetSite makes stale. */
interface Drop {
  all?: boolean;
  tenantId?: string;
  /** Cache keys (a handle, `domain:<host>`); an entry whose store has one of these handles too. */
  names: ReadonlySet<string>;
}
/**
 * The latest drops, so a read that overlapped one that concerns it (it may
 * have read the row before the change committed) gets TTL_MS only; a read
 * that overlapped more drops than are kept counts as concerned.
 */
const recent: Drop[] = [];
const RECENT_MAX = 256;
let dropCount = 0;

function concerns(d: Drop, key: string, e: Pick<CacheEntry, 'tenant'>): boolean {
  if (d.all || d.names.has(key)) return true;
  if (e.tenant) return d.tenantId === e.tenant.id || d.names.has(e.tenant.handle);
  return key.startsWith('domain:') && d.names.has(ANY_UNKNOWN_DOMAIN);
}

function drop(d: Drop): void {
  dropCount++;
  recent.push(d);
  if (recent.length > RECENT_MAX) recent.shift();
  if (d.all) {
    cache.clear();
    return;
  }
  const stale: string[] = [];
  for (const [key, e] of cache) if (concerns(d, key, e)) stale.push(key);
  for (const key of stale) cache.delete(key);
}

function droppedSince(seen: number, key: string, e: Pick<CacheEntry, 'tenant'>): boolean {
  const missed = dropCount - seen;
  if (missed > recent.length) return true;
  return missed > 0 && recent.slice(-missed).some((d) => concerns(d, key, e));
}

/**
 * Wires the liveness of the process's notice listener (src/boot.ts); without
 * it (or `undefined`) entries live TTL_MS. Clears the cache.
 */
export function attachSiteNotices(isLive: (() => boolean) | undefined): void {
  listenerLive = isLive;
  resyncSites();
}

/** The listener (re)started listening: anything may have changed unseen. */
export function resyncSites(): void {
  drop({ all: true, names: new Set() });
}

/**
 * A notice of migration 0410 ("site <tenant id> <name>..." or "site *"):
 * drops the tenant's entries and those keyed by each name (a handle or
 * `domain:<host>`, negative entries included). Answers false for any other
 * payload (a catalog notice), leaving it to its own handler.
 */
export function noteSiteNotice(payload: string): boolean {
  if (!payload.startsWith(SITE_NOTICE)) return false;
  const [tenantId, ...names] = payload.slice(SITE_NOTICE.length).split(' ');
  if (!tenantId || tenantId === '*') resyncSites();
  else drop({ tenantId, names: new Set(names) });
  return true;
}

/** Drops a handle or `domain:<host>` (and the entries of the store with that handle) in this process. */
export function forgetSite(handleOrDomain?: string): void {
  drop(handleOrDomain ? { names: new Set([handleOrDomain]) } : { all: true, names: new Set() });
}

/** Strips port and trailing dot; lower-cases. Returns '' for a malformed host. */
export function normaliseHostname(host: string): string {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  const withoutPort = h.startsWith('[') ? h : h.replace(/:\d+$/, '');
  return /^[a-z0-9.-]{1,253}$/.test(withoutPort) ? withoutPort : '';
}

export type SiteResolution = Site | { kind: 'unknown' };

/**
 * Host → site. For a store reached by its subdomain while it has a verified
 * custom domain, `redirectOrigin` is that domain's origin: storefront pages
 * redirect there, and served on the domain their `url` (canonical links,
 * sitemap) is the domain. Admin and API pages stay on the subdomain's `url`.
 */
export async function resolveSite(
  deps: Deps,
  rawHost: string,
): Promise<SiteResolution & { redirectOrigin?: string }> {
  const hostname = normaliseHostname(rawHost);
  const apex = deps.config.apexHostname;
  if (hostname === apex || hostname === `www.${apex}`) return { kind: 'apex' };
  if (!hostname) return { kind: 'unknown' };
  const suffix = `.${apex}`;
  const isSubdomain = hostname.endsWith(suffix);
  const label = isSubdomain ? hostname.slice(0, -suffix.length) : '';
  if (isSubdomain && (label.includes('.') || !label)) return { kind: 'unknown' };

  const key = isSubdomain ? label : `domain:${hostname}`;
  let entry = cache.get(key);
  if (!entry || !isFresh(entry, deps.now().getTime())) {
    const seen = dropCount;
    // Platform read: the host is not yet a tenant, so no tenant can be set.
    entry = await withPlatformAccess(deps.db, async (trx) => {
      const tenant =
        (isSubdomain ? await findTenantByHandle(trx, label) : await findTenantByDomain(trx, hostname)) ??
        null;
      const primaryDomain = tenant && isSubdomain ? await findPrimaryDomain(trx, tenant.id) : undefined;
      return { at: deps.now().getTime(), tenant, primaryDomain, canLiveLong: false };
    });
    entry.canLiveLong = !droppedSince(seen, key, entry);
    cache.set(key, entry);
  }
  const tenant = entry.tenant;
  if (!tenant || tenant.status === 'deleted') return { kind: 'unknown' };
  if (!isSubdomain) return { kind: 'store', tenant, url: domainOrigin(deps, hostname) };
  const url = storeUrl(deps.config, tenant.handle);
  if (entry.primaryDomain)
    return { kind: 'store', tenant, url, redirectOrigin: domainOrigin(deps, entry.primaryDomain) };
  return { kind: 'store', tenant, url };
}

function isFresh(entry: CacheEntry, now: number): boolean {
  const ttl = entry.canLiveLong && listenerLive?.() === true ? LIVE_TTL_MS : TTL_MS;
  return now - entry.at < ttl;
}

/** A custom domain's origin: the platform's scheme and port (a proxy in front serves 443 in production). */
function domainOrigin(deps: Deps, hostname: string): string {
  const u = new URL(deps.config.PUBLIC_URL);
  u.hostname = hostname;
  return u.origin;
}
