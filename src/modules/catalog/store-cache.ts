/**
 * What the storefront read cache (src/lib/http/read-cache.ts) needs to know
 * about the catalog: which notice invalidates what, and what each cached
 * read depends on.
 *
 * Notices come from migration 0270's trigger on the catalog's own outbox
 * events — NOTIFY, delivered by PostgreSQL at commit, except stock moves,
 * which migration 0340 writes to catalog_stock_changes for the listener to
 * poll every CATALOG_STOCK_POLL_MS (a NOTIFY per checkout serialised
 * concurrent commits):
 *   "<tenant>"               product.created/updated, catalog.imported,
 *                            catalog.prices_changed, catalog.categories_changed
 *                            (0320) → the whole store's entries, the category
 *                            tree among them
 *   "<tenant> <product id>"  stock.changed → that product's detail and the
 *                            store's lists (in-stock flags, the in-stock
 *                            filter and facet counts), nothing else
 * so an order invalidates one product page, not the store's whole catalog.
 */

/** The channel migration 0270 notifies on. */
export const CATALOG_NOTICE_CHANNEL = 'storeloom_catalog';

/** How often the listener reads stock changes (bounds how stale a stock answer can be, plus the read). */
export const CATALOG_STOCK_POLL_MS = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Scopes of stock-derived answers. */
const STOCK = 'stock';
const productStock = (productId: string) => `stock:${productId}`;

/** A notice → the store and the scopes to bump (none: the whole store); undefined when malformed. */
export function parseCatalogNotice(payload: string): { tenantId: string; scopes?: string[] } | undefined {
  const [tenantId, productId, ...rest] = payload.split(' ');
  if (!tenantId || !UUID.test(tenantId) || rest.length > 0) return undefined;
  if (productId === undefined) return { tenantId };
  if (!UUID.test(productId)) return undefined;
  return { tenantId, scopes: [STOCK, productStock(productId)] };
}

/** A product list or search page depends on every product's stock in the store. */
export const listScopes = (): string[] => [STOCK];

/** A product's detail depends on its own stock. */
export const productScopes = (product: unknown): string[] => [productStock((product as { id: string }).id)];
