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

export async function insertUserSessionRow(
  db: Executor,
  s: SessionRowInput & { userId: string; site: string },
): Promise<string> {
  const row = await db
    .insertInto('user_sessions')
    .values({
      family_id: s.familyId,
      user_id: s.userId,
      kind: s.kind,
      site: s.site,
      token_hash: s.tokenHash,
      csrf_token: s.csrfToken,
      expires_at: s.expiresAt,
      created_at: s.now,
      user_agent: s.userAgent,
      ip: s.ip,
    })
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

export async function revokeUserFamily(db: Executor, familyId: string, now: Date): Promise<void> {
  await db
    .updateTable('user_sessions')
    .set({ revoked_at: now })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every session of a user (password reset). */
export async function revokeAllUserSessions(db: Executor, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('user_sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

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
    .values({
      tenant_id: s.tenantId,
      family_id: s.familyId,
      customer_id: s.customerId,
      kind: s.kind,
      token_hash: s.tokenHash,
      csrf_token: s.csrfToken,
      expires_at: s.expiresAt,
      created_at: s.now,
      user_agent: s.userAgent,
      ip: s.ip,
    })
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

export async function revokeCustomerFamily(
  trx: Trx,
  tenantId: string,
  familyId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('customer_sessions')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeAllCustomerSessions(
  trx: Trx,
  tenantId: string,
  customerId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('customer_sessions')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('revoked_at', 'is', null)
    .execute();
}

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
