/**
 * Catalog events for other modules, through the outbox (same transaction as
 * the change): `product.created` / `product.updated` with the product id,
 * and `catalog.imported` once per CSV import that changed something (the
 * recommendations worker rebuilds the store's model after it).
 * `catalog.prices_changed` follows every price write: pricing runs and
 * proposals (source `pricing`: pricing recorded them itself), the product
 * editor (`manual`) and the CSV import (`import`), the last two with each
 * variant's old and new price — pricing listens and records them in its
 * price history (the catalog never imports pricing); the storefront read
 * cache's notice (migration 0270) reads the topic too.
 * `catalog.categories_changed` follows any category created, edited or
 * deleted; no queue consumes it: it exists for the read cache's notice (0320).
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

/** Who changed the prices: a pricing run/proposal, the product editor, or the CSV import. */
export type PriceChangeSource = 'pricing' | 'manual' | 'import';

export interface VariantPriceChange {
  variantId: string;
  oldPrice: number;
  newPrice: number;
}

export async function emitPricesChanged(
  trx: Trx,
  tenantId: string,
  variants: number,
  detail: { source: PriceChangeSource; changes?: readonly VariantPriceChange[] } = { source: 'pricing' },
): Promise<void> {
  await enqueueOutbox(trx, tenantId, {
    topic: 'catalog.prices_changed',
    // changedAt: when the edit was made, so the price history keeps edits in their
    // order even when the relay delivers two events at once (it adds in parallel).
    payload: {
      variants,
      source: detail.source,
      changes: detail.changes ?? [],
      changedAt: new Date().toISOString(),
    },
  });
}

/** A category was created, edited or deleted: the store's category tree (and its products' category names) changed. */
export async function emitCategoriesChanged(trx: Trx, tenantId: string, categoryId: string): Promise<void> {
  await enqueueOutbox(trx, tenantId, { topic: 'catalog.categories_changed', payload: { categoryId } });
}
