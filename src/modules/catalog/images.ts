/**
 * Product images the merchant uploads (or imports by URL, ./image-import.ts)
 * into Storeloom's image store, and the image manager's edits: alt text,
 * order (move up/down), delete. Each edit is one tenant transaction, audited
 * (product.image_added / _updated / _moved / _deleted).
 *
 * Bytes are checked by their magic numbers (PNG, JPEG, WebP, GIF only) and
 * size before anything is stored. The object is written before the row, so
 * a row never names a missing object; when the transaction fails the object
 * is removed again, and a deleted row's object is removed after commit.
 * Uploaded images are served from /media/images/<imageId>.<ext> on the
 * store's own host (src/web/storefront/media.ts): the key starts with the
 * tenant id, so another store's image id is simply not found.
 */
import { randomUUID } from 'node:crypto';
import { type Db, isUuid, withTenant } from '../../lib/db/index.js';
import { AppError, notFound } from '../../lib/errors.js';
import { type ImageStore, imageKey } from '../../lib/storage/image-store.js';
import { IMAGE_EXTENSIONS, imageTypeOfExtension, sniffImageType } from '../../lib/storage/sniff.js';
import type { StockActor } from '../inventory/service.js';
import { auditCatalog } from './audit.js';
import {
  appendImageRow,
  deleteImageRow,
  findImageProductId,
  type ImageRow,
  listImageRows,
  setImageAlt,
  setImageOrder,
  touchProduct,
} from './repository/images.js';
import { lockProduct } from './repository/products.js';

/** Largest image accepted (upload or import). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_ALT_LENGTH = 300;

export interface ImageDeps {
  db: Db;
  images: ImageStore;
}

export type ProductImage = Omit<ImageRow, 'storageKey'> & { stored: boolean };

const out = (r: ImageRow): ProductImage => ({
  id: r.id,
  url: r.url,
  alt: r.alt,
  position: r.position,
  stored: r.storageKey !== null,
});

const invalid = (
  path: string,
  message: string,
  code: 'validation_failed' | 'payload_too_large' = 'validation_failed',
) => new AppError(code, message, { issues: [{ path, message }] });

/** The 400/413 a bad image answers; `field` names the form field the message belongs next to. */
export function checkImageBytes(bytes: Buffer, field: string) {
  if (bytes.length === 0) throw invalid(field, 'Choose an image file');
  if (bytes.length > MAX_IMAGE_BYTES)
    throw invalid(field, `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`, 'payload_too_large');
  const type = sniffImageType(bytes);
  if (!type) throw invalid(field, 'Only PNG, JPEG, WebP or GIF images can be used');
  return type;
}

function cleanAlt(alt: string | undefined): string {
  const a = (alt ?? '').trim();
  if (a.length > MAX_ALT_LENGTH) throw invalid('alt', `At most ${MAX_ALT_LENGTH} characters`);
  return a;
}

async function requireProduct(trx: Parameters<typeof lockProduct>[0], tenantId: string, productId: string) {
  if (!isUuid(productId) || !(await lockProduct(trx, tenantId, productId))) throw notFound('Product');
}

export function listProductImages(db: Db, tenantId: string, productId: string): Promise<ProductImage[]> {
  return withTenant(db, tenantId, async (trx) => {
    if (!isUuid(productId)) throw notFound('Product');
    return (await listImageRows(trx, tenantId, productId)).map(out);
  });
}

/** Stores the bytes and appends the image to the product (400 for a non-image, 413 when too large). */
export async function addProductImage(
  deps: ImageDeps,
  tenantId: string,
  productId: string,
  input: { bytes: Buffer; alt?: string; field?: string; source?: string },
  actor: StockActor,
): Promise<ProductImage> {
  const type = checkImageBytes(input.bytes, input.field ?? 'file');
  const alt = cleanAlt(input.alt);
  const id = randomUUID();
  const ext = IMAGE_EXTENSIONS[type];
  const key = imageKey(tenantId, id, ext);
  const url = `/media/images/${id}.${ext}`;
  await deps.images.put(key, input.bytes);
  try {
    return await withTenant(deps.db, tenantId, async (trx) => {
      await requireProduct(trx, tenantId, productId);
      await appendImageRow(trx, tenantId, productId, { id, url, alt, storageKey: key });
      await touchProduct(trx, tenantId, productId);
      await auditCatalog(
        trx,
        tenantId,
        actor,
        'product.image_added',
        { type: 'product', id: productId },
        {
          imageId: id,
          type,
          bytes: input.bytes.length,
          ...(input.source ? { source: input.source } : {}),
        },
      );
      const rows = await listImageRows(trx, tenantId, productId);
      return out(rows.find((r) => r.id === id)!);
    });
  } catch (err) {
    await deps.images.delete(key);
    throw err;
  }
}

/** Runs `fn` on the image of this product, 404 when the image is not the product's (or not this store's). */
async function withImage<T>(
  db: Db,
  tenantId: string,
  productId: string,
  imageId: string,
  fn: (trx: Parameters<typeof lockProduct>[0], rows: ImageRow[], image: ImageRow) => Promise<T>,
): Promise<T> {
  return withTenant(db, tenantId, async (trx) => {
    await requireProduct(trx, tenantId, productId);
    if ((await findImageProductId(trx, tenantId, imageId)) !== productId) throw notFound('Image');
    const rows = await listImageRows(trx, tenantId, productId);
    const result = await fn(trx, rows, rows.find((r) => r.id === imageId)!);
    await touchProduct(trx, tenantId, productId);
    return result;
  });
}

export function updateProductImageAlt(
  db: Db,
  tenantId: string,
  productId: string,
  imageId: string,
  alt: string,
  actor: StockActor,
): Promise<void> {
  const clean = cleanAlt(alt);
  return withImage(db, tenantId, productId, imageId, async (trx) => {
    await setImageAlt(trx, tenantId, imageId, clean);
    await auditCatalog(
      trx,
      tenantId,
      actor,
      'product.image_updated',
      { type: 'product', id: productId },
      { imageId },
    );
  });
}

/** Moves the image one place up (towards the main image) or down; at the end it stays. */
export function moveProductImage(
  db: Db,
  tenantId: string,
  productId: string,
  imageId: string,
  direction: 'up' | 'down',
  actor: StockActor,
): Promise<void> {
  return withImage(db, tenantId, productId, imageId, async (trx, rows) => {
    const ids = rows.map((r) => r.id);
    const i = ids.indexOf(imageId);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    await setImageOrder(trx, tenantId, ids);
    await auditCatalog(
      trx,
      tenantId,
      actor,
      'product.image_moved',
      { type: 'product', id: productId },
      {
        imageId,
        position: j,
      },
    );
  });
}

export async function deleteProductImage(
  deps: ImageDeps,
  tenantId: string,
  productId: string,
  imageId: string,
  actor: StockActor,
): Promise<void> {
  const key = await withImage(deps.db, tenantId, productId, imageId, async (trx, rows, image) => {
    await deleteImageRow(trx, tenantId, imageId);
    await setImageOrder(
      trx,
      tenantId,
      rows.filter((r) => r.id !== imageId).map((r) => r.id),
    );
    await auditCatalog(
      trx,
      tenantId,
      actor,
      'product.image_deleted',
      { type: 'product', id: productId },
      {
        imageId,
        url: image.url,
      },
    );
    return image.storageKey;
  });
  if (key) await deps.images.delete(key);
}

/**
 * !!! TENANT SCOPING — the bytes of `/media/images/<file>` on a store's host.
 * The key is built from the host's tenant id, so a file name of another
 * store is not found here. null: no such image (404).
 */
export async function readStoredImage(images: ImageStore, tenantId: string, file: string) {
  const m = /^([0-9a-f-]{36})\.(png|jpg|webp|gif)$/.exec(file);
  if (!m || !isUuid(m[1])) return null;
  const type = imageTypeOfExtension(m[2]!);
  const obj = type ? await images.get(imageKey(tenantId, m[1]!, m[2]!)) : null;
  return obj && type ? { ...obj, contentType: type } : null;
}
