/**
 * The platform console's tenant operations. !!! PLATFORM ACCESS !!! Every
 * function here reads or changes rows across tenants through
 * withPlatformAccess; they are reachable only behind requirePlatformAdmin
 * (mounted for /api/console/* in src/app.ts and on the /console pages).
 */
import { sql } from 'kysely';
import { type Db, withPlatformAccess } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { recordAudit } from '../audit/service.js';
import { forgetSite } from '../tenancy/site.js';

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
  createdAt: string;
}

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
  const rows = await withPlatformAccess(db, (trx) => {
    let q = trx
      .selectFrom('tenants')
      .select(['id', 'handle', 'name', 'status', 'plan', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1);
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      q = q.where((eb) => eb.or([eb('handle', 'ilike', like), eb('name', 'ilike', like)]));
    }
    if (query.status) q = q.where('status', '=', query.status);
    if (query.plan) q = q.where('plan', '=', query.plan);
    if (query.createdFrom) q = q.where('created_at', '>=', query.createdFrom);
    if (query.createdTo) q = q.where('created_at', '<', query.createdTo);
    if (query.cursor) {
      const cur = decodeCursor(query.cursor);
      q = q.where(sql<boolean>`(created_at, id) < (${new Date(cur.c)}, ${cur.i}::uuid)`);
    }
    return q.execute();
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
      createdAt: new Date(r.created_at).toISOString(),
    })),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ c: new Date(last.created_at).toISOString(), i: last.id })
        : null,
  };
}

export interface TenantDetail extends TenantListItem {
  currency: string;
  suspendedReason: string | null;
  suspendedAt: string | null;
  owners: { id: string; email: string }[];
  counts: { members: number; products: number; orders: number; customers: number };
}

export async function getTenantDetail(db: Db, tenantId: string): Promise<TenantDetail> {
  return withPlatformAccess(db, async (trx) => {
    const t = await trx.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
    if (!t) throw notFound('Tenant');
    const owners = await trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email'])
      .where('m.tenant_id', '=', tenantId)
      .where('m.role', '=', 'owner')
      .orderBy('m.created_at')
      .execute();
    const count = async (table: 'memberships' | 'products' | 'orders' | 'customers') => {
      const r = await trx
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    };
    return {
      id: t.id,
      handle: t.handle,
      name: t.name,
      status: t.status,
      plan: t.plan,
      currency: t.currency,
      createdAt: new Date(t.created_at).toISOString(),
      suspendedReason: t.suspended_reason,
      suspendedAt: t.suspended_at ? new Date(t.suspended_at).toISOString() : null,
      owners,
      counts: {
        members: await count('memberships'),
        products: await count('products'),
        orders: await count('orders'),
        customers: await count('customers'),
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
): Promise<TenantDetail> {
  const now = deps.now();
  const handle = await withPlatformAccess(deps.db, async (trx) => {
    const t = await trx
      .selectFrom('tenants')
      .select(['id', 'handle', 'status'])
      .where('id', '=', tenantId)
      .forUpdate()
      .executeTakeFirst();
    if (!t || t.status === 'deleted') throw notFound('Tenant');
    if (suspend && t.status === 'suspended')
      throw new AppError('invalid_state', 'The store is already suspended');
    if (!suspend && t.status === 'active') throw new AppError('invalid_state', 'The store is already active');
    await trx
      .updateTable('tenants')
      .set(
        suspend
          ? { status: 'suspended', suspended_reason: reason ?? null, suspended_at: now, updated_at: now }
          : { status: 'active', suspended_reason: null, suspended_at: null, updated_at: now },
      )
      .where('id', '=', tenantId)
      .execute();
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
