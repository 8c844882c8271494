/**
 * The one door to `audit_log` (append-only: the app role cannot update or
 * delete). Store entries carry the store's tenant id; platform entries the
 * nil tenant id.
 */
import type { Trx } from '../../lib/db/index.js';
import type { ActorType } from '../../lib/db/tables/platform.js';

export interface NewAuditRow {
  tenantId: string;
  actorType: ActorType;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  data: Record<string, unknown>;
}

export async function insertAuditRow(trx: Trx, e: NewAuditRow): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: e.tenantId,
      actor_type: e.actorType,
      actor_id: e.actorId,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      ip: e.ip,
      data: JSON.stringify(e.data),
    })
    .execute();
}

export interface AuditRowFilter {
  tenantId?: string;
  action?: string;
  actorId?: string;
  beforeId?: number;
  limit: number;
}

/** Entries newest first (descending id pages); platform read across stores. */
export async function listAuditRows(trx: Trx, f: AuditRowFilter) {
  let q = trx
    .selectFrom('audit_log')
    .select([
      'id',
      'tenant_id',
      'actor_type',
      'actor_id',
      'action',
      'target_type',
      'target_id',
      'ip',
      'data',
      'created_at',
    ])
    .orderBy('id', 'desc')
    .limit(f.limit);
  if (f.tenantId) q = q.where('tenant_id', '=', f.tenantId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q.execute();
}

export interface StoreAuditFilter {
  action?: string;
  /** Actions starting with this (e.g. `order.`). */
  actionPrefix?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
}

/** One store's entries, newest first (runs under that store's RLS). */
export function listStoreAuditRows(trx: Trx, tenantId: string, f: StoreAuditFilter) {
  let q = trx
    .selectFrom('audit_log')
    .select([
      'id',
      'actor_type',
      'actor_id',
      'action',
      'target_type',
      'target_id',
      'ip',
      'data',
      'created_at',
    ])
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(f.limit);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actionPrefix) q = q.where('action', 'like', `${f.actionPrefix.replace(/[\\%_]/g, '')}%`);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<', f.to);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q.execute();
}

/** The distinct actions and user actors a store's log holds (the filter menus). */
export async function storeAuditFacets(trx: Trx, tenantId: string) {
  const [actions, actors] = await Promise.all([
    trx
      .selectFrom('audit_log')
      .select('action')
      .distinct()
      .where('tenant_id', '=', tenantId)
      .orderBy('action')
      .execute(),
    trx
      .selectFrom('audit_log')
      .select('actor_id')
      .distinct()
      .where('tenant_id', '=', tenantId)
      .where('actor_type', '=', 'user')
      .where('actor_id', 'is not', null)
      .execute(),
  ]);
  return {
    actions: actions.map((a) => a.action),
    actorIds: actors.flatMap((a) => (a.actor_id ? [a.actor_id] : [])),
  };
}
