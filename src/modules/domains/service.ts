/**
 * Custom domains: a merchant adds ONE domain (plans with `customDomain`),
 * creates the DNS records we show, and we verify them — a TXT record
 * `_storeloom.<domain>` = `storeloom-verify=<token>`, or a CNAME of the domain
 * to the store's subdomain. Verified domains resolve to the store (tenancy's
 * Host resolution), the subdomain redirects to them and canonical URLs follow.
 * `recheckDomains` re-checks domains not checked for 6 hours (a failed check
 * un-verifies it and, when it was verified, emails the store's owner through
 * the outbox); the `tenant-lifecycle` worker runs it hourly from one platform
 * job scheduler (workers/processors/schedulers.ts), so once per hour across
 * every worker process.
 *
 * DNS answers come from Deps.dns (tests inject a resolver), never inside a
 * database transaction.
 */
import { storeUrl } from '../../lib/config.js';
import { type Trx, withPlatformAccess, withTenant } from '../../lib/db/index.js';
import { type DnsResolver, systemDns } from '../../lib/dns.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { assertFeature, getEntitlements } from '../entitlements/service.js';
import { enqueueEmail } from '../mail/service.js';
import { findOwnerEmail } from '../tenancy/repository/memberships.js';
import { getCurrentTenant } from '../tenancy/repository/tenants.js';
import { forgetSite, normaliseHostname, resolveSite } from '../tenancy/site.js';
import {
  type DomainRow,
  deleteDomain,
  findStoreDomain,
  insertDomain,
  isDomainTaken,
  listDomainsToRecheck,
  lockStoreDomains,
  recordDomainCheck,
} from './repository.js';

export const TXT_PREFIX = '_storeloom';
const RECHECK_AFTER_MS = 6 * 3_600_000;

export interface DnsRecord {
  type: 'TXT' | 'CNAME';
  name: string;
  value: string;
}

export interface StoreDomain {
  domain: string;
  status: 'pending' | 'verified' | 'failing';
  verifiedAt: string | null;
  lastCheckedAt: string | null;
  lastCheckError: string | null;
  records: DnsRecord[];
}

export interface StoreDomainState {
  /** Does the store's plan include a custom domain? */
  entitled: boolean;
  planName: string;
  domain: StoreDomain | null;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function cnameTarget(deps: Deps, handle: string): string {
  return new URL(storeUrl(deps.config, handle)).hostname;
}

function toStoreDomain(deps: Deps, row: DomainRow, handle: string): StoreDomain {
  return {
    domain: row.domain,
    status: row.verified_at ? 'verified' : row.last_check_error ? 'failing' : 'pending',
    verifiedAt: iso(row.verified_at),
    lastCheckedAt: iso(row.last_checked_at),
    lastCheckError: row.last_check_error,
    records: [
      {
        type: 'TXT',
        name: `${TXT_PREFIX}.${row.domain}`,
        value: `storeloom-verify=${row.verification_token}`,
      },
      { type: 'CNAME', name: row.domain, value: cnameTarget(deps, handle) },
    ],
  };
}

/** A domain as a merchant types it → its canonical lower-case form, or a 400. */
export function normaliseDomain(deps: Deps, input: string): string {
  const d = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/\.$/, '');
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
  const labels = d.split('.');
  const apex = deps.config.apexHostname;
  let message: string | null = null;
  if (d.length > 253 || labels.length < 2 || !labels.every((l) => label.test(l)) || /^[0-9.]+$/.test(d))
    message = 'Enter a domain name such as shop.example.com';
  else if (d === apex || d.endsWith(`.${apex}`))
    message = `Domains under ${apex} are already yours; add your own domain`;
  if (message) throw new AppError('validation_failed', message, { issues: [{ path: 'domain', message }] });
  return d;
}

export async function getStoreDomain(deps: Deps, tenantId: string): Promise<StoreDomainState> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const e = await getEntitlements(trx, tenantId);
    const t = await getCurrentTenant(trx, tenantId);
    const row = await findStoreDomain(trx, tenantId);
    return {
      entitled: e.customDomain,
      planName: e.planName,
      domain: row && t ? toStoreDomain(deps, row, t.handle) : null,
    };
  });
}

/** Adds the store's custom domain (409 plan_limit_reached without the entitlement or when one exists). */
export async function addStoreDomain(deps: Deps, tenantId: string, input: string): Promise<StoreDomain> {
  const domain = normaliseDomain(deps, input);
  const { row, handle } = await withTenant(deps.db, tenantId, async (trx) => {
    await assertFeature(trx, tenantId, 'customDomain');
    await lockStoreDomains(trx, tenantId);
    const existing = await findStoreDomain(trx, tenantId);
    if (existing)
      throw new AppError(
        'plan_limit_reached',
        `Your plan includes one custom domain and ${existing.domain} is set; remove it to use another`,
      );
    const t = await getCurrentTenant(trx, tenantId);
    try {
      return { row: await insertDomain(trx, tenantId, domain), handle: t?.handle ?? '' };
    } catch (err) {
      if (isDomainTaken(err)) throw new AppError('conflict', `${domain} is already used by another store`);
      throw err;
    }
  });
  return toStoreDomain(deps, row, handle);
}

export async function removeStoreDomain(deps: Deps, tenantId: string): Promise<void> {
  const { domain, handle } = await withTenant(deps.db, tenantId, async (trx) => {
    const row = await findStoreDomain(trx, tenantId);
    if (!row) throw new AppError('not_found', 'This store has no custom domain');
    await deleteDomain(trx, tenantId, row.domain);
    return { domain: row.domain, handle: (await getCurrentTenant(trx, tenantId))?.handle };
  });
  forgetSite(`domain:${domain}`);
  if (handle) forgetSite(handle);
}

/**
 * The on-demand TLS question (Caddy `on_demand_tls { ask … }`): may a
 * certificate be issued for `host`? Yes for the apex, a live store's
 * subdomain and a verified custom domain of a store whose plan includes it —
 * exactly the hosts Host resolution serves.
 */
export async function isTlsAllowed(deps: Deps, host: string): Promise<boolean> {
  if (!normaliseHostname(host)) return false;
  return (await resolveSite(deps, host)).kind !== 'unknown';
}

/** Asks DNS whether the records are in place. Never throws for DNS trouble: it is the check's answer. */
export async function checkDomainRecords(
  dns: DnsResolver,
  d: { domain: string; token: string; cnameTarget: string },
): Promise<{ ok: boolean; error: string | null }> {
  try {
    const txt = await dns.resolveTxt(`${TXT_PREFIX}.${d.domain}`);
    if (txt.some((v) => v.trim() === `storeloom-verify=${d.token}`)) return { ok: true, error: null };
    const cname = await dns.resolveCname(d.domain);
    if (cname.some((v) => v.toLowerCase().replace(/\.$/, '') === d.cnameTarget))
      return { ok: true, error: null };
    return {
      ok: false,
      error: `Neither the TXT record ${TXT_PREFIX}.${d.domain} nor a CNAME to ${d.cnameTarget} was found`,
    };
  } catch (err) {
    return { ok: false, error: `DNS lookup failed: ${(err as Error).message}` };
  }
}

/** Verifies the store's domain now (the merchant's "Check now"). */
export async function verifyStoreDomain(deps: Deps, tenantId: string): Promise<StoreDomain> {
  const found = await withTenant(deps.db, tenantId, async (trx) => {
    await assertFeature(trx, tenantId, 'customDomain');
    const row = await findStoreDomain(trx, tenantId);
    const t = await getCurrentTenant(trx, tenantId);
    if (!row || !t) throw new AppError('not_found', 'Add a domain first');
    return { row, handle: t.handle };
  });
  const check = await checkDomainRecords(deps.dns ?? systemDns, {
    domain: found.row.domain,
    token: found.row.verification_token,
    cnameTarget: cnameTarget(deps, found.handle),
  });
  const row = await withTenant(deps.db, tenantId, (trx) =>
    recordDomainCheck(trx, tenantId, found.row.domain, { ...check, now: deps.now() }),
  );
  forgetSite(`domain:${row.domain}`);
  forgetSite(found.handle);
  return toStoreDomain(deps, row, found.handle);
}

/**
 * The periodic re-check: domains not checked for 6 hours (never-checked
 * first), `limit` per run. Returns how many were checked and how many pass.
 */
export async function recheckDomains(
  deps: Deps,
  now: Date,
  limit = 200,
): Promise<{ checked: number; ok: number; lost: number }> {
  // Platform read: the list spans stores; each update then runs in its own store.
  const due = await withPlatformAccess(deps.db, (trx) =>
    listDomainsToRecheck(trx, new Date(now.getTime() - RECHECK_AFTER_MS), limit),
  );
  let ok = 0;
  let lost = 0;
  for (const d of due) {
    const check = await checkDomainRecords(deps.dns ?? systemDns, {
      domain: d.domain,
      token: d.verification_token,
      cnameTarget: cnameTarget(deps, d.handle),
    });
    const stopped = Boolean(d.verified_at) && !check.ok;
    await withTenant(deps.db, d.tenant_id, async (trx) => {
      await recordDomainCheck(trx, d.tenant_id, d.domain, { ...check, now });
      if (stopped) await emailDomainLost(deps, trx, d, check.error);
    });
    forgetSite(`domain:${d.domain}`);
    forgetSite(d.handle);
    if (check.ok) ok++;
    if (stopped) lost++;
  }
  return { checked: due.length, ok, lost };
}

/** Tells the owner their verified domain stopped resolving (same transaction as the un-verify: outbox). */
async function emailDomainLost(
  deps: Deps,
  trx: Trx,
  d: { tenant_id: string; domain: string; handle: string },
  error: string | null,
): Promise<void> {
  const to = await findOwnerEmail(trx, d.tenant_id);
  if (!to) return;
  const settings = `${storeUrl(deps.config, d.handle)}/admin/settings/domain`;
  await enqueueEmail(trx, d.tenant_id, {
    to,
    subject: `Your domain ${d.domain} stopped pointing to your store`,
    text:
      `Our periodic check of ${d.domain} no longer finds the DNS record that connects it to your Storeloom store` +
      `${error ? ` (${error})` : ''}.\n\nUntil the record is back, shoppers reach your store at its Storeloom address. ` +
      `Restore the record shown at ${settings} and press "Check now".`,
  });
}
