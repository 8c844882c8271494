/**
 * Catalog events for other modules, through the outbox (same transaction as
 * the change): `product.created` / `product.updated` with the product id,
 * and `catalog.imported` once per CSV import that changed something (the
 * recommendations worker rebuilds the store's model after it).
 * `catalog.prices_changed` follows a bulk price write (pricing runs and
 * proposals) and `catalog.categories_changed` any category created, edited
 * or deleted; no queue consumes them: they exist for the storefront read
 * cache's notice (migrations 0270, 0320), like every catalog topic here.
 * Consumers (low-stock alerts, merchant webhooks) read the current rows, so
 * the payload carries only what identifies the product.
 */
import type { Trx } from '../../lib/db/index.js';
import { enqueueOutbox } from '../../lib/outbox.js';

export type ProductEventTopic = 'product.created' | 'product.updated';

export async function emitProductEvent(
  trx: Trx,
  tenantId: string,
  topic: ProductEventTopic,
  product: { id: string; handle: string; status: string },
): Promise<void> {
  await enqueueOutbox(trx, tenantId, {
    topic,
    payload: { productId: product.id, handle: product.handle, status: product.status },
  });
}

export async function emitCatalogImported(
  trx: Trx,
  tenantId: string,
  counts: { created: number; updated: number },
): Promise<void> {
  await enqueueOutbox(trx, tenantId, { topic: 'catalog.imported', payload: counts });
}

export async function emitPricesChanged(trx: Trx, tenantId: string, variants: number): Promise<void> {
  await enqueueOutbox(trx, tenantId, { topic: 'catalog.prices_changed', payload: { variants } });
}

/** A category was created, edited or deleted: the store's category tree (and its products' category names) changed. */
export async function emitCategoriesChanged(trx: Trx, tenantId: string, categoryId: string): Promise<void> {
  await enqueueOutbox(trx, tenantId, { topic: 'catalog.categories_changed', payload: { categoryId } });
}
