/**
 * Category changes beyond creation (createCategory lives in service.ts):
 * list, get, update (re-parenting cannot create a cycle), delete (children
 * move to the top level and products lose the category, via the FKs'
 * ON DELETE SET NULL; search_category follows through the 0040 triggers).
 * Every write also writes `catalog.categories_changed` (the storefront read
 * cache's notice).
 */
import { isUuid, type Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { emitCategoriesChanged } from './events.js';
import * as repo from './repository/categories.js';
import { findCategoryByRef } from './repository.js';
import type { UpdateCategoryInput } from './schemas.js';
import type { CategoryDetail } from './service.js';

export function toCategoryDetail(row: repo.CategoryRow): CategoryDetail {
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
  return (await repo.listCategoryRows(trx, tenantId)).map(toCategoryDetail);
}

export async function getCategory(trx: Trx, tenantId: string, id: string): Promise<CategoryDetail> {
  if (!isUuid(id)) throw notFound('Category');
  const row = await repo.findCategoryRow(trx, tenantId, id);
  if (!row) throw notFound('Category');
  return toCategoryDetail(row);
}

export async function updateCategory(
  trx: Trx,
  tenantId: string,
  id: string,
  input: UpdateCategoryInput,
): Promise<CategoryDetail> {
  await getCategory(trx, tenantId, id);
  const set: Parameters<typeof repo.updateCategoryRow>[3] = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.description !== undefined) set.description = input.description;
  if (input.position !== undefined) set.position = input.position;
  if (input.handle !== undefined) {
    if (await repo.isCategoryHandleTaken(trx, tenantId, input.handle, id))
      throw new AppError('handle_taken', 'A category already uses this handle');
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
      if (await repo.isInCategorySubtree(trx, tenantId, id, parent.id)) {
        throw new AppError('validation_failed', 'The request is not valid', {
          issues: [{ path: 'parentHandle', message: 'A category cannot be moved under itself' }],
        });
      }
      set.parent_id = parent.id;
    }
  }
  if (Object.keys(set).length > 0) {
    await repo.updateCategoryRow(trx, tenantId, id, set);
    await emitCategoriesChanged(trx, tenantId, id);
  }
  return getCategory(trx, tenantId, id);
}

export async function deleteCategory(trx: Trx, tenantId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound('Category');
  if (!(await repo.deleteCategoryRow(trx, tenantId, id))) throw notFound('Category');
  await emitCategoriesChanged(trx, tenantId, id);
}
