/**
 * Catalog business rules: creating products (unique handle from the title,
 * SKU unique per store, initial stock through the inventory ledger) and
 * categories. Every function takes the caller's tenant transaction first, so
 * provisioning, CSV import and the admin API share one code path.
 *
 * Money is integer minor units in the store's currency.
 * `category` in product input is a category handle or id (see schemas.ts).
 */
import type { Trx } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import { assertCanAddProduct } from '../entitlements/service.js';
import { adjustStock, type StockActor } from '../inventory/service.js';
import { emitCategoriesChanged, emitProductEvent } from './events.js';
import { nextProductHandle, slugify } from './handles.js';
import { insertCategory } from './repository/categories.js';
import { insertImageRows, insertProductRow, insertVariantRows } from './repository/products.js';
import {
  type CategoryRef,
  findCategoryByRef,
  findProductDetail,
  findTakenSkus,
  isUniqueViolation,
  type ProductDetail,
} from './repository.js';
import type { CreateCategoryInput, CreateProductInput } from './schemas.js';

export type { CreateCategoryInput, CreateProductInput, ProductDetail };

export interface CatalogWriteOptions {
  /** Who is writing (ledger actor for initial stock). Default: system. */
  actor?: StockActor;
}

type VariantInput = CreateProductInput['variants'][number];

const SYSTEM: StockActor = { type: 'system' };

/** Resolves a product's `category` reference; unknown → 400 on `category`. */
export async function resolveCategory(
  trx: Trx,
  tenantId: string,
  ref: string | null | undefined,
): Promise<CategoryRef | null> {
  if (ref === undefined || ref === null) return null;
  const cat = await findCategoryByRef(trx, tenantId, ref);
  if (!cat) {
    throw new AppError('validation_failed', 'The request is not valid', {
      issues: [{ path: 'category', message: `No category "${ref}" in this store` }],
    });
  }
  return cat;
}

function assertVariantOptions(
  options: CreateProductInput['options'],
  variants: { options?: Record<string, string> }[],
  path: string,
): void {
  if (!options || options.length === 0) return;
  const names = new Map(options.map((o) => [o.name, new Set(o.values)]));
  variants.forEach((v, i) => {
    for (const [k, val] of Object.entries(v.options ?? {})) {
      const allowed = names.get(k);
      if (!allowed?.has(val)) {
        throw new AppError('validation_failed', 'The request is not valid', {
          issues: [{ path: `${path}.${i}.options.${k}`, message: `Not one of the product's option values` }],
        });
      }
    }
  });
}

/** 409 sku_taken when any SKU is already used in this store. */
export async function assertSkusFree(trx: Trx, tenantId: string, skus: string[]): Promise<void> {
  const taken = await findTakenSkus(trx, tenantId, skus);
  if (taken.length > 0) {
    throw new AppError('sku_taken', `SKU already used in this store: ${taken.slice(0, 5).join(', ')}`);
  }
}

/**
 * Inserts variants for a product, then books their initial stock through the
 * ledger (reason 'initial'). A concurrent insert of the same SKU surfaces as
 * 409 sku_taken (and the caller's transaction rolls back).
 */
export async function insertVariants(
  trx: Trx,
  tenantId: string,
  productId: string,
  variants: VariantInput[],
  firstPosition: number,
  actor: StockActor,
): Promise<void> {
  let rows: { id: string; sku: string }[];
  try {
    rows = await insertVariantRows(
      trx,
      variants.map((v, i) => ({
        tenant_id: tenantId,
        product_id: productId,
        sku: v.sku,
        title: v.title ?? '',
        options: JSON.stringify(v.options ?? {}),
        price: v.price,
        compare_at_price: v.compareAtPrice ?? null,
        cost: v.cost ?? null,
        position: firstPosition + i,
        low_stock_threshold: v.lowStockThreshold ?? 5,
        updated_at: new Date(),
      })),
    );
  } catch (err) {
    if (isUniqueViolation(err, 'variants_tenant_id_sku_key')) {
      throw new AppError('sku_taken', 'A SKU is already used in this store', { cause: err });
    }
    throw err;
  }
  const idBySku = new Map(rows.map((r) => [r.sku, r.id]));
  for (const v of variants) {
    if (v.stock && v.stock > 0) {
      await adjustStock(trx, tenantId, {
        variantId: idBySku.get(v.sku)!,
        delta: v.stock,
        reason: 'initial',
        actor,
        note: 'Initial stock',
      });
    }
  }
}

/**
 * Creates a product with its images and variants in the caller's transaction.
 * The handle comes from `input.handle` (409 handle_taken if used) or is
 * generated from the title (`title`, `title-2`, …).
 */
export async function createProduct(
  trx: Trx,
  tenantId: string,
  input: CreateProductInput,
  opts: CatalogWriteOptions = {},
): Promise<ProductDetail> {
  const actor = opts.actor ?? SYSTEM;
  const category = await resolveCategory(trx, tenantId, input.category);
  assertVariantOptions(input.options, input.variants, 'variants');
  // Plan limit (billing): 409 plan_limit_reached before anything is written.
  await assertCanAddProduct(trx, tenantId);
  await assertSkusFree(
    trx,
    tenantId,
    input.variants.map((v) => v.sku),
  );

  const base = input.handle ?? slugify(input.title);
  let productId: string | undefined;
  for (let attempt = 0; !productId; attempt++) {
    if (attempt > 0 && input.handle) throw new AppError('handle_taken', 'A product already uses this handle');
    if (attempt > 5) throw new AppError('conflict', 'Could not find a free handle; try again');
    const handle = input.handle ?? (await nextProductHandle(trx, tenantId, base, attempt));
    productId = await insertProductRow(trx, {
      tenant_id: tenantId,
      handle,
      title: input.title,
      description: input.description ?? '',
      seo_title: input.seoTitle ?? null,
      seo_description: input.seoDescription ?? null,
      category_id: category?.id ?? null,
      tags: dedupe(input.tags ?? []),
      status: input.status ?? 'draft',
      options: JSON.stringify(input.options ?? []),
      updated_at: new Date(),
    });
  }

  await insertImageRows(trx, tenantId, productId, input.images ?? []);
  await insertVariants(trx, tenantId, productId, input.variants, 0, actor);

  const detail = await findProductDetail(trx, tenantId, { id: productId });
  if (!detail) throw new AppError('internal_error', 'The product vanished while it was being created');
  await emitProductEvent(trx, tenantId, 'product.created', detail);
  return detail;
}

export function dedupe(tags: string[]): string[] {
  return [...new Set(tags)];
}

export interface CategoryDetail {
  id: string;
  handle: string;
  name: string;
  description: string | null;
  position: number;
  parentId: string | null;
}

/** Creates a category; `parentHandle` must name an existing category of this store. */
export async function createCategory(
  trx: Trx,
  tenantId: string,
  input: CreateCategoryInput,
): Promise<CategoryDetail> {
  let parentId: string | null = null;
  if (input.parentHandle) {
    const parent = await findCategoryByRef(trx, tenantId, input.parentHandle);
    if (!parent) {
      throw new AppError('validation_failed', 'The request is not valid', {
        issues: [{ path: 'parentHandle', message: `No category "${input.parentHandle}" in this store` }],
      });
    }
    parentId = parent.id;
  }
  const row = await insertCategory(trx, {
    tenant_id: tenantId,
    handle: input.handle,
    name: input.name,
    parent_id: parentId,
    description: input.description ?? null,
    position: input.position ?? 0,
  });
  if (!row) throw new AppError('handle_taken', 'A category already uses this handle');
  await emitCategoriesChanged(trx, tenantId, row.id);
  return {
    id: row.id,
    handle: row.handle,
    name: row.name,
    description: row.description,
    position: row.position,
    parentId: row.parent_id,
  };
}
