/**
 * The catalog's admin operations as the admin routes call them: each opens
 * its own tenant transaction (one unit of work) around the catalog's
 * transaction-taking functions, which provisioning, CSV import and tests
 * reuse inside their own transactions.
 */
import { type Db, withTenant } from '../../lib/db/index.js';
import type { ProductStatus } from '../../lib/db/tables/commerce.js';
import { notFound } from '../../lib/errors.js';
import type { StockActor } from '../inventory/service.js';
import { auditCatalog } from './audit.js';
import { deleteCategory, getCategory, listCategories, updateCategory } from './categories.js';
import { exportProductsCsv } from './csv-export.js';
import { importProductsCsv } from './csv-import.js';
import { type CsvPlanItem, upsertProductsCsv } from './csv-upsert.js';
import {
  type AdminProductQuery,
  type AdminProductSummary,
  findProductDetail,
  listAdminProducts,
  type ProductDetail,
} from './repository.js';
import type {
  CreateCategoryInput,
  CreateProductInput,
  UpdateCategoryInput,
  UpdateProductInput,
} from './schemas.js';
import { type CategoryDetail, createCategory, createProduct } from './service.js';
import { type CategoryNode, readCategoryTree } from './store-service.js';
import { updateProduct } from './update-product.js';

export function listProductsForAdmin(
  db: Db,
  tenantId: string,
  query: AdminProductQuery,
): Promise<{ items: AdminProductSummary[]; nextCursor: string | null }> {
  return withTenant(db, tenantId, (trx) => listAdminProducts(trx, tenantId, query));
}

export function createProductForAdmin(
  db: Db,
  tenantId: string,
  input: CreateProductInput,
  actor: StockActor,
): Promise<ProductDetail> {
  return withTenant(db, tenantId, async (trx) => {
    const product = await createProduct(trx, tenantId, input, { actor });
    await auditCatalog(
      trx,
      tenantId,
      actor,
      'product.created',
      { type: 'product', id: product.id },
      {
        title: product.title,
        variants: product.variants.length,
      },
    );
    return product;
  });
}

/** A product of any status (404 when the store has none with this id). */
export async function getProductForAdmin(db: Db, tenantId: string, id: string): Promise<ProductDetail> {
  const product = await withTenant(db, tenantId, (trx) => findProductDetail(trx, tenantId, { id }));
  if (!product) throw notFound('Product');
  return product;
}

export function updateProductForAdmin(
  db: Db,
  tenantId: string,
  id: string,
  input: UpdateProductInput,
  actor: StockActor,
): Promise<ProductDetail> {
  return withTenant(db, tenantId, async (trx) => {
    const product = await updateProduct(trx, tenantId, id, input, { actor });
    await auditCatalog(
      trx,
      tenantId,
      actor,
      'product.updated',
      { type: 'product', id },
      {
        fields: Object.keys(input),
      },
    );
    return product;
  });
}

/** The flat list and the tree (counts over every status), read in one transaction. */
export function listCategoriesForAdmin(
  db: Db,
  tenantId: string,
): Promise<{ items: CategoryDetail[]; tree: CategoryNode[] }> {
  return withTenant(db, tenantId, async (trx) => ({
    items: await listCategories(trx, tenantId),
    tree: await readCategoryTree(trx, tenantId, false),
  }));
}

export function createCategoryForAdmin(
  db: Db,
  tenantId: string,
  input: CreateCategoryInput,
): Promise<CategoryDetail> {
  return withTenant(db, tenantId, (trx) => createCategory(trx, tenantId, input));
}

export function getCategoryForAdmin(db: Db, tenantId: string, id: string): Promise<CategoryDetail> {
  return withTenant(db, tenantId, (trx) => getCategory(trx, tenantId, id));
}

export function updateCategoryForAdmin(
  db: Db,
  tenantId: string,
  id: string,
  input: UpdateCategoryInput,
): Promise<CategoryDetail> {
  return withTenant(db, tenantId, (trx) => updateCategory(trx, tenantId, id, input));
}

export function deleteCategoryForAdmin(db: Db, tenantId: string, id: string): Promise<void> {
  return withTenant(db, tenantId, (trx) => deleteCategory(trx, tenantId, id));
}

export function exportProductsCsvForAdmin(db: Db, tenantId: string, status?: ProductStatus): Promise<string> {
  return withTenant(db, tenantId, (trx) => exportProductsCsv(trx, tenantId, { status }));
}

/** All-or-nothing: the whole file in one transaction. */
export function importProductsCsvForAdmin(
  db: Db,
  tenantId: string,
  text: string,
  actor: StockActor,
): ReturnType<typeof importProductsCsv> {
  return withTenant(db, tenantId, async (trx) => {
    const result = await importProductsCsv(trx, tenantId, text, { actor });
    await auditCatalog(trx, tenantId, actor, 'products.imported', { type: 'catalog' }, { ...result });
    return result;
  });
}

/**
 * The admin page's CSV import: upsert by handle/SKU. `dryRun` = the preview
 * (nothing written, the transaction still checks against the store); the
 * real run writes everything or nothing and is audited.
 */
export function upsertProductsCsvForAdmin(
  db: Db,
  tenantId: string,
  text: string,
  opts: { currency: string; dryRun: boolean; actor: StockActor },
): Promise<CsvPlanItem[]> {
  return withTenant(db, tenantId, async (trx) => {
    const plan = await upsertProductsCsv(trx, tenantId, text, opts);
    if (!opts.dryRun)
      await auditCatalog(
        trx,
        tenantId,
        opts.actor,
        'products.imported',
        { type: 'catalog' },
        {
          created: plan.filter((p) => p.action === 'create').length,
          updated: plan.filter((p) => p.action === 'update').length,
        },
      );
    return plan;
  });
}
