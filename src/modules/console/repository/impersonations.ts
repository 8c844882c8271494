/** The one door to `impersonations` (migrations/0161_impersonations.sql). Tenant-owned rows. */
import type { Selectable } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { ImpersonationsTable } from '../../../lib/db/tables/console.js';

export type ImpersonationRow = Selectable<ImpersonationsTable>;

export async function insertImpersonation(
  trx: Trx,
  i: {
    tenantId: string;
    adminUserId: string;
    ownerUserId: string;
    reason: string;
    tokenHash: string;
    expiresAt: Date;
    now: Date;
  },
): Promise<ImpersonationRow> {
  return trx
    .insertInto('impersonations')
    .values({
      tenant_id: i.tenantId,
      admin_user_id: i.adminUserId,
      owner_user_id: i.ownerUserId,
      reason: i.reason,
      token_hash: i.tokenHash,
      expires_at: i.expiresAt,
      created_at: i.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Claims an unredeemed, unexpired token minted at most `maxAgeMs` ago (single use). */
export async function redeemImpersonation(
  trx: Trx,
  tenantId: string,
  tokenHash: string,
  now: Date,
  mintedAfter: Date,
): Promise<ImpersonationRow | undefined> {
  return trx
    .updateTable('impersonations')
    .set({ redeemed_at: now })
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .where('redeemed_at', 'is', null)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now)
    .where('created_at', '>', mintedAfter)
    .returningAll()
    .executeTakeFirst();
}

export async function attachSession(
  trx: Trx,
  tenantId: string,
  id: string,
  sessionId: string,
): Promise<void> {
  await trx
    .updateTable('impersonations')
    .set({ session_id: sessionId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** The live impersonation behind this page session, if any. */
export async function findLiveBySession(
  trx: Trx,
  tenantId: string,
  sessionId: string,
  now: Date,
): Promise<ImpersonationRow | undefined> {
  return trx
    .selectFrom('impersonations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('session_id', '=', sessionId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function endImpersonationRow(trx: Trx, tenantId: string, id: string, now: Date): Promise<void> {
  await trx
    .updateTable('impersonations')
    .set({ ended_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}
