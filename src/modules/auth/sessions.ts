/**
 * Session rows (refresh and page sessions) for users (platform-level table)
 * and shoppers (tenant-owned table, always inside withTenant). Secrets are
 * generated here and returned once; only their hashes are stored.
 *
 * Refresh rotation invariant: a family has at most one live row (not rotated,
 * not revoked, not expired). Presenting a rotated row's secret is treated as
 * theft: the whole family is revoked.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Trx } from '../../lib/db/index.js';
import type { SessionKind } from '../../lib/db/tables/auth.js';
import { hashSecret, newSecret } from './secrets.js';

export interface SessionMeta {
  userAgent?: string;
  ip?: string;
}

export interface NewSession {
  id: string;
  familyId: string;
  secret: string;
  csrfToken: string | null;
  expiresAt: Date;
}

type Executor = Db | Trx;

export async function insertUserSession(
  db: Executor,
  input: {
    userId: string;
    kind: SessionKind;
    site?: string;
    familyId?: string;
    now: Date;
    ttlSeconds: number;
    meta?: SessionMeta;
  },
): Promise<NewSession> {
  const secret = newSecret();
  const familyId = input.familyId ?? randomUUID();
  const csrfToken = input.kind === 'page' ? newSecret() : null;
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  const row = await db
    .insertInto('user_sessions')
    .values({
      family_id: familyId,
      user_id: input.userId,
      kind: input.kind,
      site: input.site ?? 'apex',
      token_hash: hashSecret(secret),
      csrf_token: csrfToken,
      expires_at: expiresAt,
      created_at: input.now,
      user_agent: input.meta?.userAgent?.slice(0, 500) ?? null,
      ip: input.meta?.ip ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, familyId, secret, csrfToken, expiresAt };
}

export async function findUserSessionForUpdate(trx: Trx, secret: string, kind: SessionKind) {
  return trx
    .selectFrom('user_sessions')
    .selectAll()
    .where('token_hash', '=', hashSecret(secret))
    .where('kind', '=', kind)
    .forUpdate()
    .executeTakeFirst();
}

export async function findUserSession(db: Executor, secret: string, kind: SessionKind) {
  return db
    .selectFrom('user_sessions')
    .selectAll()
    .where('token_hash', '=', hashSecret(secret))
    .where('kind', '=', kind)
    .executeTakeFirst();
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

export async function insertCustomerSession(
  trx: Trx,
  input: {
    tenantId: string;
    customerId: string;
    kind: SessionKind;
    familyId?: string;
    now: Date;
    ttlSeconds: number;
    meta?: SessionMeta;
  },
): Promise<NewSession> {
  const secret = newSecret();
  const familyId = input.familyId ?? randomUUID();
  const csrfToken = input.kind === 'page' ? newSecret() : null;
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  const row = await trx
    .insertInto('customer_sessions')
    .values({
      tenant_id: input.tenantId,
      family_id: familyId,
      customer_id: input.customerId,
      kind: input.kind,
      token_hash: hashSecret(secret),
      csrf_token: csrfToken,
      expires_at: expiresAt,
      created_at: input.now,
      user_agent: input.meta?.userAgent?.slice(0, 500) ?? null,
      ip: input.meta?.ip ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, familyId, secret, csrfToken, expiresAt };
}

export async function findCustomerSession(
  trx: Trx,
  tenantId: string,
  secret: string,
  kind: SessionKind,
  forUpdate = false,
) {
  let q = trx
    .selectFrom('customer_sessions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', hashSecret(secret))
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

/** Live = not revoked, not rotated, not expired. */
export function isLive(
  row: { revoked_at: Date | null; rotated_at: Date | null; expires_at: Date },
  now: Date,
): boolean {
  return !row.revoked_at && !row.rotated_at && new Date(row.expires_at).getTime() > now.getTime();
}
