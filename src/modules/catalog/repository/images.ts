/**
 * SQL for one product's images (`product_images`) as the image manager edits
 * them one at a time: list, append, alt text, swap positions, delete. The
 * 0080 triggers keep the product's card image in step with position 0.
 */
import type { Trx } from '../../../lib/db/index.js';
import { isUuid } from '../../../lib/db/index.js';

export interface ImageRow {
  id: string;
  url: string;
  alt: string;
  position: number;
  storageKey: string | null;
}

export async function listImageRows(trx: Trx, tenantId: string, productId: string): Promise<ImageRow[]> {
  const rows = await trx
    .selectFrom('product_images')
    .select(['id', 'url', 'alt', 'position', 'storage_key'])
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    alt: r.alt,
    position: r.position,
    storageKey: r.storage_key,
  }));
}

/** Appends an image after the product's last one. */
export async function appendImageRow(
  trx: Trx,
  tenantId: string,
  productId: string,
  img: { id: string; url: string; alt: string; storageKey: string | null },
): Promise<void> {
  const last = await trx
    .selectFrom('product_images')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  await trx
    .insertInto('product_images')
    .values({
      tenant_id: tenantId,
      id: img.id,
      product_id: productId,
      url: img.url,
      alt: img.alt,
      storage_key: img.storageKey,
      position: last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1,
    })
    .execute();
}

export async function setImageAlt(trx: Trx, tenantId: string, imageId: string, alt: string): Promise<void> {
  await trx
    .updateTable('product_images')
    .set({ alt })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', imageId)
    .execute();
}

/** Rewrites positions 0…n-1 in the given order (the ids of one product's images). */
export async function setImageOrder(trx: Trx, tenantId: string, ids: readonly string[]): Promise<void> {
  for (const [i, id] of ids.entries())
    await trx
      .updateTable('product_images')
      .set({ position: i })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('position', '!=', i)
      .execute();
}

export async function deleteImageRow(trx: Trx, tenantId: string, imageId: string): Promise<void> {
  await trx
    .deleteFrom('product_images')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', imageId)
    .execute();
}

/** The product an image belongs to (undefined: no such image in this store). */
export async function findImageProductId(trx: Trx, tenantId: string, imageId: string) {
  if (!isUuid(imageId)) return undefined;
  const r = await trx
    .selectFrom('product_images')
    .select('product_id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', imageId)
    .executeTakeFirst();
  return r?.product_id;
}

/** Marks the product changed (caches keyed on updated_at see image edits). */
export async function touchProduct(trx: Trx, tenantId: string, productId: string): Promise<void> {
  await trx
    .updateTable('products')
    .set({ updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', productId)
    .execute();
}
