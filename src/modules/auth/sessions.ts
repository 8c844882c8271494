/**
 * Session rows (refresh and page sessions) for users (platform-level table)
 * and shoppers (tenant-owned table, always inside withTenant). Secrets are
 * generated here and returned once; only their hashes are stored.
 *
 * Refresh rotation invariant: a family has at most one live row (not rotated,
 * not revoked, not expired). Presenting a rotated row's secret is treated as
 * theft: the whole family is revoked.
 *
 * Secrets are minted here; the rows live in ./repository/sessions.ts.
 */
import { randomUUID } from 'node:crypto';
import { type Db, type Trx, withTenant } from '../../lib/db/index.js';
import type { SessionKind } from '../../lib/db/tables/auth.js';
import * as repo from './repository/sessions.js';
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

/** What any new session is asked with: its kind, the family it rotates within (new when absent), its life. */
interface SessionRequest {
  kind: SessionKind;
  familyId?: string;
  now: Date;
  ttlSeconds: number;
  meta?: SessionMeta;
}

export {
  markCustomerSessionRotated,
  markUserSessionRotated,
  revokeAllCustomerSessions,
  revokeAllUserSessions,
  revokeCustomerFamily,
  revokeUserFamily,
} from './repository/sessions.js';

/** A fresh secret, family and expiry for a session row (the secret is returned once, only its hash stored). */
function mintSession({ kind, familyId, now, ttlSeconds, meta }: SessionRequest) {
  const secret = newSecret();
  const row = {
    familyId: familyId ?? randomUUID(),
    kind,
    tokenHash: hashSecret(secret),
    csrfToken: kind === 'page' ? newSecret() : null,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    now,
    userAgent: meta?.userAgent?.slice(0, 500) ?? null,
    ip: meta?.ip ?? null,
  };
  /** What the caller gets once the row is written (the secret only here, once). */
  const created = (id: string): NewSession => ({
    id,
    familyId: row.familyId,
    secret,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
  });
  return { row, created };
}

export async function insertUserSession(
  db: Executor,
  input: SessionRequest & { userId: string; site?: string },
): Promise<NewSession> {
  const { row, created } = mintSession(input);
  return created(
    await repo.insertUserSessionRow(db, { ...row, userId: input.userId, site: input.site ?? 'apex' }),
  );
}

export async function findUserSessionForUpdate(trx: Trx, secret: string, kind: SessionKind) {
  return repo.findUserSessionByHash(trx, hashSecret(secret), kind, true);
}

export async function findUserSession(db: Executor, secret: string, kind: SessionKind) {
  return repo.findUserSessionByHash(db, hashSecret(secret), kind);
}

// ── Shoppers (tenant-owned; call inside withTenant) ─────────────────────────

export async function insertCustomerSession(
  trx: Trx,
  input: SessionRequest & { tenantId: string; customerId: string },
): Promise<NewSession> {
  const { row, created } = mintSession(input);
  return created(
    await repo.insertCustomerSessionRow(trx, {
      ...row,
      tenantId: input.tenantId,
      customerId: input.customerId,
    }),
  );
}

export async function findCustomerSession(
  trx: Trx,
  tenantId: string,
  secret: string,
  kind: SessionKind,
  forUpdate = false,
) {
  return repo.findCustomerSessionByHash(trx, tenantId, hashSecret(secret), kind, forUpdate);
}

// ── Store page sessions: each opens its own tenant transaction (callers are HTTP middleware) ──

/** A shopper's page session on one store, by its cookie secret. */
export function findStoreCustomerSession(db: Db, tenantId: string, secret: string, kind: SessionKind) {
  return withTenant(db, tenantId, (trx) => findCustomerSession(trx, tenantId, secret, kind));
}

/** Starts a shopper session on one store. */
export function startStoreCustomerSession(db: Db, input: Parameters<typeof insertCustomerSession>[1]) {
  return withTenant(db, input.tenantId, (trx) => insertCustomerSession(trx, input));
}

/** Revokes a shopper's session family on one store (sign-out). */
export function revokeStoreCustomerFamily(db: Db, tenantId: string, familyId: string, now: Date) {
  return withTenant(db, tenantId, (trx) => repo.revokeCustomerFamily(trx, tenantId, familyId, now));
}

/** Live = not revoked, not rotated, not expired. */
export function isLive(
  row: { revoked_at: Date | null; rotated_at: Date | null; expires_at: Date },
  now: Date,
): boolean {
  return !row.revoked_at && !row.rotated_at && new Date(row.expires_at).getTime() > now.getTime();
}
