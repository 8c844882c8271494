/**
 * Session rows: `user_sessions` (platform-level) and `customer_sessions`
 * (tenant-owned; always inside the store's withTenant). Rows are found by the
 * hash of their secret; secrets themselves never reach this file.
 */
import type { Db, Trx } from '../../../lib/db/index.js';
import type { SessionKind } from '../../../lib/db/tables/auth.js';

type Executor = Db | Trx;

export interface SessionRowInput {
  familyId: string;
  kind: SessionKind;
  tokenHash: string;
  csrfToken: string | null;
  expiresAt: Date;
  now: Date;
  userAgent: string | null;
  ip: string | null;
}

/** The columns both session tables share, from one input. */
function sessionColumns(s: SessionRowInput) {
  return {
    family_id: s.familyId,
    kind: s.kind,
    token_hash: s.tokenHash,
    csrf_token: s.csrfToken,
    expires_at: s.expiresAt,
    created_at: s.now,
    user_agent: s.userAgent,
    ip: s.ip,
  };
}

export async function insertUserSessionRow(
  db: Executor,
  s: SessionRowInput & { userId: string; site: string },
): Promise<string> {
  const row = await db
    .insertInto('user_sessions')
    .values({ ...sessionColumns(s), user_id: s.userId, site: s.site })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findUserSessionByHash(
  db: Executor,
  tokenHash: string,
  kind: SessionKind,
  forUpdate = false,
) {
  let q = db
    .selectFrom('user_sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('kind', '=', kind);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Revokes the live-or-rotated user sessions whose `column` is `value`. */
async function revokeUserRows(
  db: Executor,
  column: 'family_id' | 'user_id',
  value: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('user_sessions')
    .set({ revoked_at: now })
    .where(column, '=', value)
    .where('revoked_at', 'is', null)
    .execute();
}

export const revokeUserFamily = (db: Executor, familyId: string, now: Date) =>
  revokeUserRows(db, 'family_id', familyId, now);

/** Revokes every session of a user (password reset). */
export const revokeAllUserSessions = (db: Executor, userId: string, now: Date) =>
  revokeUserRows(db, 'user_id', userId, now);

export async function markUserSessionRotated(trx: Trx, id: string, now: Date): Promise<void> {
  await trx.updateTable('user_sessions').set({ rotated_at: now }).where('id', '=', id).execute();
}

// ── Shoppers (tenant-owned; call inside withTenant) ─────────────────────────

export async function insertCustomerSessionRow(
  trx: Trx,
  s: SessionRowInput & { tenantId: string; customerId: string },
): Promise<string> {
  const row = await trx
    .insertInto('customer_sessions')
    .values({ ...sessionColumns(s), tenant_id: s.tenantId, customer_id: s.customerId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findCustomerSessionByHash(
  trx: Trx,
  tenantId: string,
  tokenHash: string,
  kind: SessionKind,
  forUpdate = false,
) {
  let q = trx
    .selectFrom('customer_sessions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .where('kind', '=', kind);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Revokes the store's unrevoked shopper sessions whose `column` is `value`. */
async function revokeCustomerRows(
  trx: Trx,
  tenantId: string,
  column: 'family_id' | 'customer_id',
  value: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('customer_sessions')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where(column, '=', value)
    .where('revoked_at', 'is', null)
    .execute();
}

export const revokeCustomerFamily = (trx: Trx, tenantId: string, familyId: string, now: Date) =>
  revokeCustomerRows(trx, tenantId, 'family_id', familyId, now);

export const revokeAllCustomerSessions = (trx: Trx, tenantId: string, customerId: string, now: Date) =>
  revokeCustomerRows(trx, tenantId, 'customer_id', customerId, now);

export async function markCustomerSessionRotated(
  trx: Trx,
  tenantId: string,
  id: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('customer_sessions')
    .set({ rotated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
