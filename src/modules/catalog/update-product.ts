/**
 * Changing a product: its own fields (incl. status: archive = 'archived'),
 * images and options (replaced as a whole when given), existing variants'
 * prices/titles/thresholds, and adding/removing variants. Stock is not
 * changed here: it moves only through inventory adjustments (the ledger).
 */
import { sql } from 'kysely';
import { isUuid, type Trx } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { StockActor } from '../inventory/service.js';
import { findProductDetail, type ProductDetail } from './repository.js';
import type { UpdateProductInput } from './schemas.js';
import { assertSkusFree, dedupe, insertVariants, resolveCategory } from './service.js';

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', 'The request is not valid', { issues: [{ path, message }] });
}

export async function updateProduct(
  trx: Trx,
  tenantId: string,
  productId: string,
  input: UpdateProductInput,
  opts: { actor?: StockActor } = {},
): Promise<ProductDetail> {
  if (!isUuid(productId)) throw notFound('Product');
  // Row lock: concurrent edits of one product apply one after the other.
  const current = await trx
    .selectFrom('products')
    .select(['id', 'handle'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', productId)
    .forUpdate()
    .executeTakeFirst();
  if (!current) throw notFound('Product');

  const variants = await trx
    .selectFrom('variants')
    .select(['id', 'reserved', 'position'])
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .execute();
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

  const set: Record<string, unknown> = {};
  if (input.title !== undefined) set.title = input.title;
  if (input.description !== undefined) set.description = input.description;
  if (input.tags !== undefined) set.tags = dedupe(input.tags);
  if (input.status !== undefined) set.status = input.status;
  if (input.options !== undefined) set.options = JSON.stringify(input.options);
  if (input.category !== undefined) {
    const cat = await resolveCategory(trx, tenantId, input.category);
    set.category_id = cat?.id ?? null;
  }
  if (input.handle !== undefined && input.handle !== current.handle) {
    const clash = await trx
      .selectFrom('products')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('handle', '=', input.handle)
      .where('id', '<>', productId)
      .executeTakeFirst();
    if (clash) throw new AppError('handle_taken', 'A product already uses this handle');
    set.handle = input.handle;
  }
  await trx
    .updateTable('products')
    .set({ ...set, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', productId)
    .execute();

  if (input.images !== undefined) {
    await trx
      .deleteFrom('product_images')
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', productId)
      .execute();
    if (input.images.length > 0) {
      await trx
        .insertInto('product_images')
        .values(
          input.images.map((img, i) => ({
            tenant_id: tenantId,
            product_id: productId,
            url: img.url,
            alt: img.alt ?? '',
            position: i,
          })),
        )
        .execute();
    }
  }

  for (const v of input.variants ?? []) {
    const vset: Record<string, unknown> = {};
    if (v.title !== undefined) vset.title = v.title;
    if (v.options !== undefined) vset.options = JSON.stringify(v.options);
    if (v.price !== undefined) vset.price = v.price;
    if (v.compareAtPrice !== undefined) vset.compare_at_price = v.compareAtPrice;
    if (v.cost !== undefined) vset.cost = v.cost;
    if (v.lowStockThreshold !== undefined) vset.low_stock_threshold = v.lowStockThreshold;
    if (Object.keys(vset).length === 0) continue;
    await trx
      .updateTable('variants')
      .set({ ...vset, updated_at: sql<Date>`now()` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', v.id)
      .execute();
  }

  if (removing.size > 0) {
    await trx
      .deleteFrom('variants')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', [...removing])
      .execute();
  }

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
  return detail;
}
