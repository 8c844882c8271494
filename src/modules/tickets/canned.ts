/**
 * Canned replies: a store's saved answers staff pick from in a ticket's reply
 * form. Listed, added, edited and deleted by the store's admins.
 */
import { type Db, isUuid, withTenant } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import * as repo from './repository.js';
import { ZCanned } from './schemas.js';

export interface CannedReply {
  id: string;
  title: string;
  body: string;
}

export function listCannedReplies(db: Db, tenantId: string): Promise<CannedReply[]> {
  return withTenant(db, tenantId, (trx) => repo.listCanned(trx, tenantId));
}

export function getCannedReply(db: Db, tenantId: string, id: string): Promise<CannedReply> {
  if (!isUuid(id)) throw notFound('Canned reply');
  return withTenant(db, tenantId, async (trx) => {
    const c = await repo.findCanned(trx, tenantId, id);
    if (!c) throw notFound('Canned reply');
    return c;
  });
}

export function createCannedReply(
  db: Db,
  tenantId: string,
  input: { title: string; body: string },
): Promise<CannedReply> {
  const c = ZCanned.parse(input);
  return withTenant(db, tenantId, (trx) => repo.insertCanned(trx, tenantId, c));
}

export function updateCannedReply(
  db: Db,
  tenantId: string,
  id: string,
  input: { title: string; body: string },
): Promise<CannedReply> {
  if (!isUuid(id)) throw notFound('Canned reply');
  const c = ZCanned.parse(input);
  return withTenant(db, tenantId, async (trx) => {
    const row = await repo.updateCanned(trx, tenantId, id, c);
    if (!row) throw notFound('Canned reply');
    return row;
  });
}

export function deleteCannedReply(db: Db, tenantId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound('Canned reply');
  return withTenant(db, tenantId, async (trx) => {
    if (!(await repo.deleteCanned(trx, tenantId, id))) throw notFound('Canned reply');
  });
}
