/**
 * Audit log: logins, failed logins, role changes, suspensions and other admin
 * actions. Rows are append-only (the app role cannot update or delete them).
 * Store-scoped entries carry the store's tenant id and are written inside
 * that store's transaction; platform-level entries (merchant logins, console
 * actions not tied to a store) use the nil tenant id through the platform door.
 */
import { type Db, PLATFORM_TENANT_ID, type Trx, withPlatformAccess, withTenant } from '../../lib/db/index.js';
import type { ActorType } from '../../lib/db/tables/platform.js';
import { insertAuditRow, listAuditRows, listStoreAuditRows, storeAuditFacets } from './repository.js';

export interface AuditEntry {
  actorType: ActorType;
  actorId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  data?: Record<string, unknown>;
}

/** Writes an entry for `tenantId` in the caller's transaction (RLS: the transaction's own tenant). */
export async function recordAudit(trx: Trx, tenantId: string, e: AuditEntry): Promise<void> {
  await insertAuditRow(trx, {
    tenantId,
    actorType: e.actorType,
    actorId: e.actorId ?? null,
    action: e.action,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    ip: e.ip ?? null,
    data: e.data ?? {},
  });
}

/** A platform-level entry (nil tenant), in its own transaction. */
export async function recordPlatformAudit(db: Db, e: AuditEntry): Promise<void> {
  await withPlatformAccess(db, (trx) => recordAudit(trx, PLATFORM_TENANT_ID, e));
}

export interface AuditQuery {
  tenantId?: string;
  action?: string;
  actorId?: string;
  limit: number;
  /** Rows with id below this (descending pages). */
  beforeId?: number;
}

export interface AuditItem {
  id: number;
  tenantId: string | null;
  actorType: ActorType;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

/**
 * The log across every store. PLATFORM ACCESS: only the console (behind
 * requirePlatformAdmin) may call this; it adds the actors' emails
 * (console/audit-view.ts).
 */
export async function listAuditPlatform(
  db: Db,
  q: AuditQuery,
): Promise<{ items: AuditItem[]; nextBeforeId: number | null }> {
  const rows = await withPlatformAccess(db, (trx) => listAuditRows(trx, { ...q, limit: q.limit + 1 }));
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id === PLATFORM_TENANT_ID ? null : r.tenant_id,
      actorType: r.actor_type,
      actorId: r.actor_id,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      ip: r.ip,
      data: r.data,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    nextBeforeId: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** Who did a merchant action: a signed-in user (or the system, e.g. a worker). */
export interface StoreActor {
  type: 'user' | 'customer' | 'system';
  id: string | null;
}

/**
 * The one call for a merchant action that changes the catalog, prices,
 * settings, staff or money: an entry in the store's log, in the caller's
 * transaction (so it exists exactly when the change does). `summary` is the
 * sentence the admin's audit page shows ("Refunded $12.00 on order #1004"):
 * write it for the merchant, never with ids or JSON.
 */
export async function auditStoreAction(
  trx: Trx,
  tenantId: string,
  actor: StoreActor,
  action: string,
  e: { summary: string; targetType?: string; targetId?: string; data?: Record<string, unknown> },
): Promise<void> {
  await recordAudit(trx, tenantId, {
    actorType: actor.type,
    actorId: actor.id,
    action,
    targetType: e.targetType,
    targetId: e.targetId,
    data: { summary: e.summary, ...e.data },
  });
}

export interface StoreAuditQuery {
  action?: string;
  actionPrefix?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
}

/** One store's log, newest first, with a cursor (the id to page below). */
export async function listStoreAudit(
  db: Db,
  tenantId: string,
  q: StoreAuditQuery,
): Promise<{ items: AuditItem[]; nextBeforeId: number | null; actions: string[]; actorIds: string[] }> {
  return withTenant(db, tenantId, async (trx) => {
    const [rows, facets] = await Promise.all([
      listStoreAuditRows(trx, tenantId, { ...q, limit: q.limit + 1 }),
      storeAuditFacets(trx, tenantId),
    ]);
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        tenantId,
        actorType: r.actor_type,
        actorId: r.actor_id,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        ip: r.ip,
        data: r.data,
        createdAt: new Date(r.created_at).toISOString(),
      })),
      nextBeforeId: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null,
      ...facets,
    };
  });
}
