/** All SQL for categories (lookups, tree rows, subtree ids, writes). Functions take the transaction first. */
import { type RawBuilder, sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import { findExistingHandles, isHandleTaken } from './handles.js';

export interface CategoryRow {
  id: string;
  handle: string;
  name: string;
  description: string | null;
  position: number;
  parent_id: string | null;
}

const COLUMNS = ['id', 'handle', 'name', 'description', 'position', 'parent_id'] as const;

export function listCategoryRows(trx: Trx, tenantId: string): Promise<CategoryRow[]> {
  return trx
    .selectFrom('categories')
    .select([...COLUMNS])
    .where('tenant_id', '=', tenantId)
    .orderBy('position')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export function findCategoryRow(trx: Trx, tenantId: string, id: string): Promise<CategoryRow | undefined> {
  return trx
    .selectFrom('categories')
    .select([...COLUMNS])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** True when another category of the store (not `exceptId`) has `handle`. */
export function isCategoryHandleTaken(
  trx: Trx,
  tenantId: string,
  handle: string,
  exceptId: string,
): Promise<boolean> {
  return isHandleTaken(trx, 'categories', tenantId, handle, exceptId);
}

/** True when `candidateId` is the category `id` itself or one of its descendants. */
export async function isInCategorySubtree(
  trx: Trx,
  tenantId: string,
  id: string,
  candidateId: string,
): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
        with recursive tree as (
          select id from categories where tenant_id = ${tenantId} and id = ${id}
          union
          select c.id from categories c join tree t on c.parent_id = t.id where c.tenant_id = ${tenantId}
        )
        select id from tree where id = ${candidateId}`.execute(trx);
  return rows.length > 0;
}

/** Inserts a category; undefined when its handle is taken in the store. */
export function insertCategory(
  trx: Trx,
  values: Omit<CategoryRow, 'id'> & { tenant_id: string },
): Promise<CategoryRow | undefined> {
  return trx
    .insertInto('categories')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'handle']).doNothing())
    .returning([...COLUMNS])
    .executeTakeFirst();
}

export async function updateCategoryRow(
  trx: Trx,
  tenantId: string,
  id: string,
  set: Partial<Omit<CategoryRow, 'id'>>,
): Promise<void> {
  await trx
    .updateTable('categories')
    .set(set)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a category; false when there was none. */
export async function deleteCategoryRow(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  const res = await trx
    .deleteFrom('categories')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Every category with its product count (active products only unless `activeOnlyCounts` is false), in tree order. */
export async function listCategoryRowsWithCounts(trx: Trx, tenantId: string, activeOnlyCounts: boolean) {
  const { rows } = await sql<CategoryRow & { product_count: number }>`
    select c.id, c.parent_id, c.handle::text as handle, c.name, c.description, c.position,
           coalesce(n.count, 0)::int as product_count
      from categories c
      left join (
        select category_id, count(*) as count from products
         where tenant_id = ${tenantId} and category_id is not null
           and (${!activeOnlyCounts} or status = 'active')
         group by category_id
      ) n on n.category_id = c.id
     where c.tenant_id = ${tenantId}
     order by c.position, c.name, c.id`.execute(trx);
  return rows;
}

/** SQL selecting the ids of the category named by handle (or id) and all its descendants. */
export function categorySubtreeSql(tenantId: string, ref: string): RawBuilder<unknown> {
  return sql`
    with recursive tree as (
      select c.id, 1 as depth from categories c
       where c.tenant_id = ${tenantId}
         and (c.handle = ${ref} or c.id::text = ${ref.toLowerCase()})
      union all
      select c.id, t.depth + 1 from categories c join tree t on c.parent_id = t.id
       where c.tenant_id = ${tenantId} and t.depth < 20
    )
    select id from tree`;
}

/** Ids of the category named by handle (or id) and all its descendants; [] when unknown. */
export async function categorySubtree(trx: Trx, tenantId: string, ref: string): Promise<string[]> {
  const { rows } = await sql<{
    id: string;
  }>`select distinct id from (${categorySubtreeSql(tenantId, ref)}) t`.execute(trx);
  return rows.map((r) => r.id);
}

/** Which of `handles` the store's categories already use. */
export function findExistingCategoryHandles(
  trx: Trx,
  tenantId: string,
  handles: string[],
): Promise<string[]> {
  return findExistingHandles(trx, 'categories', tenantId, handles);
}
