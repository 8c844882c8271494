/**
 * Handle uniqueness, one helper for both catalog tables with per-store
 * handles (products, categories): is a handle taken by another row, and
 * which of a list of handles the store already uses.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

export type HandleTable = 'products' | 'categories';

/** True when another row of `table` in the store (not `exceptId`) has `handle`. */
export async function isHandleTaken(
  trx: Trx,
  table: HandleTable,
  tenantId: string,
  handle: string,
  exceptId: string,
): Promise<boolean> {
  const clash = await trx
    .selectFrom(table)
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('handle', '=', handle)
    .where('id', '<>', exceptId)
    .executeTakeFirst();
  return clash !== undefined;
}

/** Which of `handles` the store's rows of `table` already use. */
export async function findExistingHandles(
  trx: Trx,
  table: HandleTable,
  tenantId: string,
  handles: string[],
): Promise<string[]> {
  if (handles.length === 0) return [];
  const rows = await trx
    .selectFrom(table)
    .select(sql<string>`handle::text`.as('handle'))
    .where('tenant_id', '=', tenantId)
    .where('handle', 'in', handles)
    .execute();
  return rows.map((r) => r.handle);
}
