/**
 * Changing a product: its own fields (incl. status: archive = 'archived'),
 * images and options (replaced as a whole when given), existing variants'
 * prices/titles/thresholds, and adding/removing variants. Stock is not
 * changed here: it moves only through inventory adjustments (the ledger).
 */
import { isUuid, type Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { StockActor } from '../inventory/service.js';
import { emitPricesChanged, emitProductEvent, type PriceChangeSource } from './events.js';
import * as repo from './repository/products.js';
import { findProductDetail, type ProductDetail } from './repository.js';
import type { UpdateProductInput } from './schemas.js';
import { assertSkusFree, dedupe, insertVariants, resolveCategory } from './service.js';

type VariantState = { id: string; reserved: number; position: number; price: number };

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', 'The request is not valid', { issues: [{ path, message }] });
}

/** Applies `input` to the product in the caller's transaction; returns the product as it is now. */
export async function updateProduct(
  trx: Trx,
  tenantId: string,
  productId: string,
  input: UpdateProductInput,
  opts: { actor?: StockActor; source?: Exclude<PriceChangeSource, 'pricing'> } = {},
): Promise<ProductDetail> {
  if (!isUuid(productId)) throw notFound('Product');
  // Row lock: concurrent edits of one product apply one after the other.
  const current = await repo.lockProduct(trx, tenantId, productId);
  if (!current) throw notFound('Product');
  const variants = await repo.listVariantStates(trx, tenantId, productId);
  const removing = checkVariantChanges(variants, input);

  await repo.updateProductRow(trx, tenantId, productId, await productPatch(trx, tenantId, current, input));
  if (input.images !== undefined) {
    await repo.deleteImageRows(trx, tenantId, productId);
    await repo.insertImageRows(trx, tenantId, productId, input.images);
  }
  await updateVariants(trx, tenantId, input.variants ?? []);
  // Price edits go out as an event (pricing records them in its price history).
  const before = new Map(variants.map((v) => [v.id, Number(v.price)]));
  const priceChanges = (input.variants ?? []).flatMap((v) =>
    v.price !== undefined && before.has(v.id) && before.get(v.id) !== v.price
      ? [{ variantId: v.id, oldPrice: before.get(v.id)!, newPrice: v.price }]
      : [],
  );
  if (priceChanges.length > 0)
    await emitPricesChanged(trx, tenantId, priceChanges.length, {
      source: opts.source ?? 'manual',
      changes: priceChanges,
    });
  if (removing.length > 0) await repo.deleteVariantRows(trx, tenantId, removing);
  if (input.addVariants && input.addVariants.length > 0) {
    await assertSkusFree(
      trx,
      tenantId,
      input.addVariants.map((v) => v.sku),
    );
    const nextPosition = variants.reduce((m, v) => Math.max(m, v.position + 1), 0);
    await insertVariants(
      trx,
      tenantId,
      productId,
      input.addVariants,
      nextPosition,
      opts.actor ?? { type: 'system' },
    );
  }

  const detail = await findProductDetail(trx, tenantId, { id: productId });
  if (!detail) throw notFound('Product');
  await emitProductEvent(trx, tenantId, 'product.updated', detail);
  return detail;
}

/**
 * Checks the variant edits against the product's variants: each named one
 * must be the product's, one variant at least must remain, and a variant with
 * reserved stock cannot go. Returns the ids to remove.
 */
function checkVariantChanges(variants: readonly VariantState[], input: UpdateProductInput): string[] {
  const own = new Map(variants.map((v) => [v.id, v]));
  input.variants?.forEach((v, i) => {
    if (!own.has(v.id)) throw invalid(`variants.${i}.id`, 'Not a variant of this product');
  });
  input.removeVariants?.forEach((id, i) => {
    if (!own.has(id)) throw invalid(`removeVariants.${i}`, 'Not a variant of this product');
  });
  const removing = new Set(input.removeVariants ?? []);
  if (variants.length - removing.size + (input.addVariants?.length ?? 0) < 1) {
    throw invalid('removeVariants', 'A product keeps at least one variant');
  }
  for (const id of removing) {
    if ((own.get(id)?.reserved ?? 0) > 0) {
      throw new AppError('invalid_state', 'A variant with reserved stock cannot be removed');
    }
  }
  return [...removing];
}

/** The product row's changes; a new handle must be free (409 handle_taken), a category must exist (400). */
async function productPatch(
  trx: Trx,
  tenantId: string,
  current: { id: string; handle: string },
  input: UpdateProductInput,
): Promise<repo.ProductPatch> {
  const set: repo.ProductPatch = {};
  if (input.title !== undefined) set.title = input.title;
  if (input.description !== undefined) set.description = input.description;
  if (input.seoTitle !== undefined) set.seo_title = input.seoTitle;
  if (input.seoDescription !== undefined) set.seo_description = input.seoDescription;
  if (input.tags !== undefined) set.tags = dedupe(input.tags);
  if (input.status !== undefined) set.status = input.status;
  if (input.options !== undefined) set.options = JSON.stringify(input.options);
  if (input.category !== undefined) {
    const cat = await resolveCategory(trx, tenantId, input.category);
    set.category_id = cat?.id ?? null;
  }
  if (input.handle !== undefined && input.handle !== current.handle) {
    if (await repo.isProductHandleTaken(trx, tenantId, input.handle, current.id)) {
      throw new AppError('handle_taken', 'A product already uses this handle');
    }
    set.handle = input.handle;
  }
  return set;
}

/** Existing variants' field changes, one UPDATE per variant that changes anything. */
async function updateVariants(
  trx: Trx,
  tenantId: string,
  changes: NonNullable<UpdateProductInput['variants']>,
): Promise<void> {
  for (const v of changes) {
    const vset: repo.VariantPatch = {};
    if (v.title !== undefined) vset.title = v.title;
    if (v.options !== undefined) vset.options = JSON.stringify(v.options);
    if (v.price !== undefined) vset.price = v.price;
    if (v.compareAtPrice !== undefined) vset.compare_at_price = v.compareAtPrice;
    if (v.cost !== undefined) vset.cost = v.cost;
    if (v.lowStockThreshold !== undefined) vset.low_stock_threshold = v.lowStockThreshold;
    if (Object.keys(vset).length === 0) continue;
    await repo.updateVariantRow(trx, tenantId, v.id, vset);
  }
}
