/**
 * The console's audit log: the platform-wide log (audit) with each user
 * actor's email (auth). Customers' emails are never shown. PLATFORM ACCESS:
 * only behind requirePlatformAdmin.
 */
import type { Db } from '../../lib/db/index.js';
import { type AuditItem, type AuditQuery, listAuditPlatform } from '../audit/service.js';
import { findUsersByIds } from '../auth/repository/users.js';

export interface ConsoleAuditItem extends AuditItem {
  actorEmail: string | null;
}

export async function listConsoleAudit(
  db: Db,
  q: AuditQuery,
): Promise<{ items: ConsoleAuditItem[]; nextBeforeId: number | null }> {
  const page = await listAuditPlatform(db, q);
  const userIds = page.items.flatMap((i) => (i.actorType !== 'customer' && i.actorId ? [i.actorId] : []));
  const users = await findUsersByIds(db, userIds);
  return {
    items: page.items.map((i) => ({
      ...i,
      actorEmail: i.actorType !== 'customer' && i.actorId ? (users.get(i.actorId)?.email ?? null) : null,
    })),
    nextBeforeId: page.nextBeforeId,
  };
}
