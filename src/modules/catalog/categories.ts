/**
 * Category changes beyond creation (createCategory lives in service.ts):
 * list, get, update (re-parenting cannot create a cycle), delete (children
 * move to the top level and products lose the category, via the FKs'
 * ON DELETE SET NULL; search_category follows through the 0040 triggers).
 */
import { sql } from 'kysely';
import { isUuid, type Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { findCategoryByRef } from './repository.js';
import type { UpdateCategoryInput } from './schemas.js';
import type { CategoryDetail } from './service.js';

const COLUMNS = ['id', 'handle', 'name', 'description', 'position', 'parent_id'] as const;

function toDetail(row: {
  id: string;
  handle: string;
  name: string;
  description: string | null;
  position: number;
  parent_id: string | null;
}): CategoryDetail {
  return {
    id: row.id,
    handle: row.handle,
    name: row.name,
    description: row.description,
    position: row.position,
    parentId: row.parent_id,
  };
}

export async function listCategories(trx: Trx, tenantId: string): Promise<CategoryDetail[]> {
  const rows = await trx
    .selectFrom('categories')
    .select([...COLUMNS])
    .where('tenant_id', '=', tenantId)
    .orderBy('position')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toDetail);
}

export async function getCategory(trx: Trx, tenantId: string, id: string): Promise<CategoryDetail> {
  if (!isUuid(id)) throw notFound('Category');
  const row = await trx
    .selectFrom('categories')
    .select([...COLUMNS])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Category');
  return toDetail(row);
}

export async function updateCategory(
  trx: Trx,
  tenantId: string,
  id: string,
  input: UpdateCategoryInput,
): Promise<CategoryDetail> {
  await getCategory(trx, tenantId, id);
  const set: Record<string, unknown> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.description !== undefined) set.description = input.description;
  if (input.position !== undefined) set.position = input.position;
  if (input.handle !== undefined) {
    const clash = await trx
      .selectFrom('categories')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('handle', '=', input.handle)
      .where('id', '<>', id)
      .executeTakeFirst();
    if (clash) throw new AppError('handle_taken', 'A category already uses this handle');
    set.handle = input.handle;
  }
  if (input.parentHandle !== undefined) {
    if (input.parentHandle === null) {
      set.parent_id = null;
    } else {
      const parent = await findCategoryByRef(trx, tenantId, input.parentHandle);
      if (!parent) {
        throw new AppError('validation_failed', 'The request is not valid', {
          issues: [{ path: 'parentHandle', message: `No category "${input.parentHandle}" in this store` }],
        });
      }
      // The new parent must not be the category itself or one of its descendants.
      const { rows } = await sql<{ id: string }>`
        with recursive tree as (
          select id from categories where tenant_id = ${tenantId} and id = ${id}
          union
          select c.id from categories c join tree t on c.parent_id = t.id where c.tenant_id = ${tenantId}
        )
        select id from tree where id = ${parent.id}`.execute(trx);
      if (rows.length > 0) {
        throw new AppError('validation_failed', 'The request is not valid', {
          issues: [{ path: 'parentHandle', message: 'A category cannot be moved under itself' }],
        });
      }
      set.parent_id = parent.id;
    }
  }
  if (Object.keys(set).length > 0) {
    await trx
      .updateTable('categories')
      .set(set)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }
  return getCategory(trx, tenantId, id);
}

export async function deleteCategory(trx: Trx, tenantId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound('Category');
  const res = await trx
    .deleteFrom('categories')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('Category');
}
