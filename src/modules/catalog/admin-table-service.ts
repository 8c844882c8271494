/**
 * The admin products page's services: the sortable, paged table and the bulk
 * publish/archive of its checkboxes (audited). Each opens its own tenant
 * transaction; the page never runs SQL.
 */
import { type Db, isUuid, withTenant } from '../../lib/db/index.js';
import type { ProductStatus } from '../../lib/db/tables/commerce.js';
import type { StockActor } from '../inventory/service.js';
import { auditCatalog } from './audit.js';
import { categorySubtree } from './repository/categories.js';
import {
  type AdminProductRow,
  type AdminProductSort,
  listAdminProductRows,
  setProductsStatus,
} from './repository.js';

export type { AdminProductRow, AdminProductSort };

export interface ProductTableQuery {
  q?: string;
  status?: ProductStatus;
  /** A category handle or id; its subcategories count too. */
  category?: string;
  sort: AdminProductSort;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export function listProductTable(
  db: Db,
  tenantId: string,
  query: ProductTableQuery,
): Promise<{ rows: AdminProductRow[]; total: number }> {
  return withTenant(db, tenantId, async (trx) => {
    const categoryIds = query.category ? await categorySubtree(trx, tenantId, query.category) : undefined;
    return listAdminProductRows(trx, tenantId, {
      q: query.q,
      status: query.status,
      categoryIds,
      sort: query.sort,
      dir: query.dir,
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
  });
}

/** Publishes (active), archives or drafts the given products; ids of other stores are ignored. */
export function setProductStatusBulk(
  db: Db,
  tenantId: string,
  ids: string[],
  status: ProductStatus,
  actor: StockActor,
): Promise<number> {
  const valid = ids.filter(isUuid).slice(0, 500);
  return withTenant(db, tenantId, async (trx) => {
    const changed = await setProductsStatus(trx, tenantId, valid, status);
    if (changed.length > 0)
      await auditCatalog(
        trx,
        tenantId,
        actor,
        'products.status_changed',
        { type: 'product' },
        {
          status,
          productIds: changed,
        },
      );
    return changed.length;
  });
}
