/**
 * Host → site resolution: the apex, a store by `{handle}.{apex}`, or a store by
 * a verified custom domain. The tenant always comes from the Host header
 * (X-Forwarded-Host only when TRUST_PROXY=1). Results are cached briefly per
 * process (an LRU bounded to MAX_ENTRIES hosts, each fresh for TTL_MS on the
 * injected clock); `forgetSite` drops a handle at once (suspension, reactivation).
 */
import { LRUCache } from 'lru-cache';
import { storeUrl } from '../../lib/config.js';
import { withPlatformAccess } from '../../lib/db/index.js';
import type { Deps, Site, TenantInfo } from '../../lib/http/context.js';
import { findPrimaryDomain, findTenantByDomain, findTenantByHandle } from './repository/tenants.js';

const TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;
interface CacheEntry {
  at: number;
  tenant: TenantInfo | null;
  /** The store's verified custom domain: the subdomain redirects there and canonical URLs use it. */
  primaryDomain?: string;
}
const cache = new LRUCache<string, CacheEntry>({ max: MAX_ENTRIES });

export function forgetSite(handleOrDomain?: string): void {
  if (!handleOrDomain) cache.clear();
  else
    for (const [key, v] of cache)
      if (key === handleOrDomain || v.tenant?.handle === handleOrDomain) cache.delete(key);
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
  if (!entry || deps.now().getTime() - entry.at >= TTL_MS) {
    // Platform read: the host is not yet a tenant, so no tenant can be set.
    entry = await withPlatformAccess(deps.db, async (trx) => {
      const tenant =
        (isSubdomain ? await findTenantByHandle(trx, label) : await findTenantByDomain(trx, hostname)) ??
        null;
      const primaryDomain = tenant && isSubdomain ? await findPrimaryDomain(trx, tenant.id) : undefined;
      return { at: deps.now().getTime(), tenant, primaryDomain };
    });
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

/** A custom domain's origin: the platform's scheme and port (a proxy in front serves 443 in production). */
function domainOrigin(deps: Deps, hostname: string): string {
  const u = new URL(deps.config.PUBLIC_URL);
  u.hostname = hostname;
  return u.origin;
}
