/**
 * All SQL that writes products, their images and variants, and the lookups
 * those writes need (handles, SKUs, the row lock of an edit). Functions take
 * the transaction first; values are column values (money in minor units).
 */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { ProductsTable, VariantsTable } from '../../../lib/db/tables/commerce.js';
import { findExistingHandles, isHandleTaken } from './handles.js';

export type ProductPatch = Omit<Updateable<ProductsTable>, 'tenant_id' | 'id' | 'updated_at'>;
export type VariantPatch = Omit<Updateable<VariantsTable>, 'tenant_id' | 'id' | 'product_id' | 'updated_at'>;

/** Inserts a product unless its handle is taken in the store; its id, or undefined. */
export async function insertProductRow(
  trx: Trx,
  values: Insertable<ProductsTable>,
): Promise<string | undefined> {
  const row = await trx
    .insertInto('products')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'handle']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Locks the product row (concurrent edits of one product apply one after the other). */
export function lockProduct(trx: Trx, tenantId: string, productId: string) {
  return trx
    .selectFrom('products')
    .select(['id', 'handle'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', productId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateProductRow(
  trx: Trx,
  tenantId: string,
  productId: string,
  set: ProductPatch,
): Promise<void> {
  await trx
    .updateTable('products')
    .set({ ...set, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', productId)
    .execute();
}

/** True when another product of the store (not `exceptId`) has `handle`. */
export function isProductHandleTaken(
  trx: Trx,
  tenantId: string,
  handle: string,
  exceptId: string,
): Promise<boolean> {
  return isHandleTaken(trx, 'products', tenantId, handle, exceptId);
}

/** The store's handles equal to `base` or `base-<n>` (for the next free one). */
export async function findHandlesLike(trx: Trx, tenantId: string, base: string): Promise<string[]> {
  const { rows } = await sql<{ handle: string }>`
    select handle::text as handle from products
     where tenant_id = ${tenantId}
       and (handle = ${base} or handle::text ~ ${`^${base}-[0-9]+$`})`.execute(trx);
  return rows.map((r) => r.handle);
}

/** Which of `handles` the store's products already use. */
export function findExistingProductHandles(trx: Trx, tenantId: string, handles: string[]): Promise<string[]> {
  return findExistingHandles(trx, 'products', tenantId, handles);
}

export async function archiveProductRow(trx: Trx, tenantId: string, productId: string): Promise<void> {
  await trx
    .updateTable('products')
    .set({ status: 'archived' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', productId)
    .execute();
}

/** Replaces nothing: appends images at positions 0…n-1 (callers delete first to replace). */
export async function insertImageRows(
  trx: Trx,
  tenantId: string,
  productId: string,
  images: readonly { url: string; alt?: string }[],
): Promise<void> {
  if (images.length === 0) return;
  await trx
    .insertInto('product_images')
    .values(
      images.map((img, i) => ({
        tenant_id: tenantId,
        product_id: productId,
        url: img.url,
        alt: img.alt ?? '',
        position: i,
      })),
    )
    .execute();
}

export async function deleteImageRows(trx: Trx, tenantId: string, productId: string): Promise<void> {
  await trx
    .deleteFrom('product_images')
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .execute();
}

/** Inserts variants (a taken SKU raises the unique violation variants_tenant_id_sku_key); their ids by SKU. */
export function insertVariantRows(trx: Trx, values: Insertable<VariantsTable>[]) {
  return trx.insertInto('variants').values(values).returning(['id', 'sku']).execute();
}

/** The product's variants: what an edit checks (ownership, reservations, positions). */
export function listVariantStates(trx: Trx, tenantId: string, productId: string) {
  return trx
    .selectFrom('variants')
    .select(['id', 'reserved', 'position', 'price'])
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .execute();
}

export async function updateVariantRow(
  trx: Trx,
  tenantId: string,
  variantId: string,
  set: VariantPatch,
): Promise<void> {
  await trx
    .updateTable('variants')
    .set({ ...set, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', variantId)
    .execute();
}

export async function deleteVariantRows(trx: Trx, tenantId: string, ids: string[]): Promise<void> {
  await trx.deleteFrom('variants').where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
}
