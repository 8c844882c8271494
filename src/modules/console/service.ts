/**
 * The platform console's tenant operations. !!! PLATFORM ACCESS !!! Every
 * function here reads or changes rows across tenants through
 * withPlatformAccess; they are reachable only behind requirePlatformAdmin
 * (mounted for /api/console/* in src/app.ts and on the /console pages).
 */
import { type Db, withPlatformAccess } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { recordAudit } from '../audit/service.js';
import { findUsersByIds } from '../auth/repository/users.js';
import { type Entitlements, getEntitlements } from '../entitlements/service.js';
import { findStoreClosure, listClosuresFor, type StoreClosureRow } from '../stores/repository-closing.js';
import { countMembers, listMembers } from '../tenancy/repository/memberships.js';
import {
  findTenantRow,
  listTenantRows,
  lockTenantStatus,
  setTenantSuspension,
} from '../tenancy/repository/tenants.js';
import { forgetSite } from '../tenancy/site.js';
import { countTenantRows, measureUsage, summariseTenants } from './repository.js';
import { assertConfirmed } from './tenant-ops.js';

export type TenantStatus = 'active' | 'suspended' | 'deleted';

export interface TenantListQuery {
  q?: string;
  status?: TenantStatus;
  plan?: string;
  createdFrom?: Date;
  createdTo?: Date;
  cursor?: string;
  limit: number;
}

export interface TenantListItem {
  id: string;
  handle: string;
  name: string;
  status: TenantStatus;
  plan: string;
  currency: string;
  /** Paid orders net of refunds, all time, minor units of `currency`. */
  gmv: number;
  lastActivityAt: string | null;
  createdAt: string;
  /** Set while the store is closing (its owner closed it): when, and when its data is purged. */
  closing: TenantClosing | null;
}

export interface TenantClosing {
  requestedAt: string;
  purgeAfter: string;
  reason: string | null;
}

const toClosing = (r: StoreClosureRow | undefined): TenantClosing | null =>
  r
    ? { requestedAt: r.requested_at.toISOString(), purgeAfter: r.purge_after.toISOString(), reason: r.reason }
    : null;

interface Cursor {
  c: string;
  i: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(s: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (
      typeof v === 'object' &&
      v !== null &&
      typeof (v as Cursor).c === 'string' &&
      typeof (v as Cursor).i === 'string' &&
      !Number.isNaN(Date.parse((v as Cursor).c)) &&
      /^[0-9a-f-]{36}$/i.test((v as Cursor).i)
    )
      return v as Cursor;
  } catch {
    // fall through to the validation error
  }
  throw new AppError('validation_failed', 'The cursor is not valid', {
    issues: [{ path: 'cursor', message: 'Not a cursor from a previous page' }],
  });
}

/** Newest first; keyset pagination on (created_at, id). */
export async function listTenants(
  db: Db,
  query: TenantListQuery,
): Promise<{ items: TenantListItem[]; nextCursor: string | null }> {
  const cur = query.cursor ? decodeCursor(query.cursor) : undefined;
  const { rows, stats, closures } = await withPlatformAccess(db, async (trx) => {
    const rows = await listTenantRows(trx, {
      q: query.q,
      status: query.status,
      plan: query.plan,
      createdFrom: query.createdFrom,
      createdTo: query.createdTo,
      before: cur ? { createdAt: new Date(cur.c), id: cur.i } : undefined,
      limit: query.limit + 1,
    });
    const stats = await summariseTenants(
      trx,
      rows.slice(0, query.limit).map((r) => r.id),
    );
    const closures = await listClosuresFor(
      trx,
      rows.slice(0, query.limit).map((r) => r.id),
    );
    return { rows, stats, closures };
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      handle: r.handle,
      name: r.name,
      status: r.status,
      plan: r.plan,
      currency: r.currency,
      gmv: stats.get(r.id)?.gmv ?? 0,
      lastActivityAt: stats.get(r.id)?.lastActivityAt?.toISOString() ?? null,
      createdAt: new Date(r.created_at).toISOString(),
      closing: toClosing(closures.get(r.id)),
    })),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ c: new Date(last.created_at).toISOString(), i: last.id })
        : null,
  };
}

export interface TenantDetail extends Omit<TenantListItem, 'gmv' | 'lastActivityAt'> {
  suspendedReason: string | null;
  suspendedAt: string | null;
  trialEndsAt: string | null;
  owners: { id: string; email: string }[];
  counts: { members: number; products: number; orders: number; customers: number };
  entitlements: Entitlements;
  /** What the store uses of each limited entitlement (compare with `entitlements`). */
  usage: { products: number; staffSeats: number; customDomains: number; demandRules: number };
}

export async function getTenantDetail(db: Db, tenantId: string, now = new Date()): Promise<TenantDetail> {
  return withPlatformAccess(db, async (trx) => {
    const t = await findTenantRow(trx, tenantId);
    if (!t) throw notFound('Tenant');
    const ownerRows = await listMembers(trx, tenantId, 'owner');
    const accounts = await findUsersByIds(
      trx,
      ownerRows.map((m) => m.user_id),
    );
    const owners = ownerRows.flatMap((m) => {
      const u = accounts.get(m.user_id);
      return u ? [{ id: m.user_id, email: u.email }] : [];
    });
    return {
      id: t.id,
      handle: t.handle,
      name: t.name,
      status: t.status,
      plan: t.plan,
      currency: t.currency,
      createdAt: new Date(t.created_at).toISOString(),
      closing: toClosing(await findStoreClosure(trx, tenantId)),
      suspendedReason: t.suspended_reason,
      suspendedAt: t.suspended_at ? new Date(t.suspended_at).toISOString() : null,
      trialEndsAt: t.trial_ends_at ? new Date(t.trial_ends_at).toISOString() : null,
      owners,
      entitlements: await getEntitlements(trx, tenantId),
      usage: await measureUsage(trx, tenantId, now),
      counts: {
        members: await countMembers(trx, tenantId),
        products: await countTenantRows(trx, 'products', tenantId),
        orders: await countTenantRows(trx, 'orders', tenantId),
        customers: await countTenantRows(trx, 'customers', tenantId),
      },
    };
  });
}

/**
 * Suspends or reactivates a store: status change, audit entry and outbox
 * event in one transaction; the Host cache entry is dropped after commit so
 * the storefront and store API answer 503 (or 200 again) at once.
 */
export async function setTenantSuspended(
  deps: Deps,
  tenantId: string,
  suspend: boolean,
  actor: { userId: string; ip?: string },
  reason?: string,
  confirm?: { handle: string },
): Promise<TenantDetail> {
  const now = deps.now();
  const handle = await withPlatformAccess(deps.db, async (trx) => {
    const t = await lockTenantStatus(trx, tenantId);
    if (!t || t.status === 'deleted') throw notFound('Tenant');
    if (confirm) assertConfirmed(t.handle, confirm.handle);
    if (suspend && t.status === 'suspended')
      throw new AppError('invalid_state', 'The store is already suspended');
    if (!suspend && t.status === 'active') throw new AppError('invalid_state', 'The store is already active');
    if (!suspend && (await findStoreClosure(trx, tenantId)))
      throw new AppError('invalid_state', 'The store is closing: use "Cancel closing" to reopen it');
    await setTenantSuspension(
      trx,
      tenantId,
      suspend ? { suspend: true, reason: reason ?? null, now } : { suspend: false, now },
    );
    const action = suspend ? 'tenant.suspended' : 'tenant.reactivated';
    await recordAudit(trx, tenantId, {
      actorType: 'platform_admin',
      actorId: actor.userId,
      action,
      targetType: 'tenant',
      targetId: tenantId,
      ip: actor.ip,
      data: reason ? { reason } : {},
    });
    await enqueueOutbox(trx, tenantId, {
      topic: action,
      payload: { tenantId, handle: t.handle, reason: reason ?? null, at: now.toISOString() },
    });
    return t.handle;
  });
  forgetSite(handle);
  return getTenantDetail(deps.db, tenantId);
}
