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
import { findTenantByDomain, findTenantByHandle } from './repository/tenants.js';

const TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;
const cache = new LRUCache<string, { at: number; tenant: TenantInfo | null }>({ max: MAX_ENTRIES });

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

export async function resolveSite(deps: Deps, rawHost: string): Promise<SiteResolution> {
  const hostname = normaliseHostname(rawHost);
  const apex = deps.config.apexHostname;
  if (hostname === apex || hostname === `www.${apex}`) return { kind: 'apex' };
  if (!hostname) return { kind: 'unknown' };
  const suffix = `.${apex}`;
  const isSubdomain = hostname.endsWith(suffix);
  const label = isSubdomain ? hostname.slice(0, -suffix.length) : '';
  if (isSubdomain && (label.includes('.') || !label)) return { kind: 'unknown' };

  const key = isSubdomain ? label : `domain:${hostname}`;
  const hit = cache.get(key);
  let tenant: TenantInfo | null;
  if (hit && deps.now().getTime() - hit.at < TTL_MS) {
    tenant = hit.tenant;
  } else {
    // Platform read: the host is not yet a tenant, so no tenant can be set.
    tenant =
      (await withPlatformAccess(deps.db, (trx) =>
        isSubdomain ? findTenantByHandle(trx, label) : findTenantByDomain(trx, hostname),
      )) ?? null;
    cache.set(key, { at: deps.now().getTime(), tenant });
  }
  if (!tenant || tenant.status === 'deleted') return { kind: 'unknown' };
  const url = isSubdomain
    ? storeUrl(deps.config, tenant.handle)
    : `${new URL(deps.config.PUBLIC_URL).protocol}//${hostname}`;
  return { kind: 'store', tenant, url };
}
