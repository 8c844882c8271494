/**
 * What the storefront pages read and write, as calls into the domain
 * services (catalog, cart, checkout flow, orders, customers, stores). Pages
 * never touch repositories or SQL, and never open a transaction: the
 * services and flows own theirs. This file maps service results to what the
 * pages render (and a page's "not found" to undefined/null).
 *
 * Catalog reads (lists, search, a product, the category tree) go through the
 * process's storefront read cache like the JSON API's (same notices, so the
 * same freshness: a change is seen within a second); cart, checkout, orders
 * and accounts always read the database. Cached values are shared: render
 * them, never mutate them.
 */
import type { Context } from 'hono';
import { checkout } from '../../flows/checkout.js';
import { type ProductViewRecommendations, readProductView } from '../../flows/product-view.js';
import { AppError } from '../../lib/errors.js';
import type { AppEnv, Deps, TenantInfo } from '../../lib/http/context.js';
import { cachedValue } from '../../lib/http/read-cache.js';
import type { Cart } from '../../modules/cart/schemas.js';
import * as cart from '../../modules/cart/service.js';
import { listScopes, productScopes } from '../../modules/catalog/store-cache.js';
import {
  getCategoryTree,
  type StoreFacets,
  type StoreProduct,
  type StoreProductPage,
  type StoreProductQuery,
  searchStoreProducts,
  suggestSearch,
} from '../../modules/catalog/store-service.js';
import type { ShippingRate } from '../../modules/checkout-settings/schemas.js';
import type { CheckoutInput, OrderDetail, OrderSummary } from '../../modules/orders/schemas.js';
import { getOrderDetail, listOrders } from '../../modules/orders/service.js';
import { loadStoreChrome } from '../../modules/stores/service.js';
import type { StoreChrome } from './layout.js';

export type { Cart, CheckoutInput, OrderDetail, OrderSummary, ShippingRate };
export type ProductDetail = StoreProduct;
export type BrowseQuery = StoreProductQuery;
/** The pages always show facets, so they always ask for them. */
export type BrowseResult = StoreProductPage & { facets: StoreFacets };

export interface Shopper {
  customerId: string;
}

/** The signed-in shopper of THIS store (a shopper principal of another store is ignored). */
export function shopperOf(c: Context<AppEnv>): Shopper | null {
  const p = c.get('principal');
  const site = c.get('site');
  if (p?.kind === 'customer' && site.kind === 'store' && p.tenantId === site.tenant.id)
    return { customerId: p.customerId };
  return null;
}

export function loadChrome(deps: Deps, tenant: TenantInfo): Promise<StoreChrome> {
  return loadStoreChrome(deps, tenant);
}

// ── Catalog ────────────────────────────────────────────────────────────────

/** One page of active products with facets. A stale or tampered cursor falls back to the first page. */
export async function listProducts(
  deps: Deps,
  tenant: TenantInfo,
  query: BrowseQuery,
): Promise<BrowseResult> {
  const run = async (q: BrowseQuery): Promise<BrowseResult> => {
    // The same service (and statement) as GET /api/store/products.
    const page = await cachedValue(deps.readCache, {
      tenantId: tenant.id,
      key: `list|${tenant.currency}|${JSON.stringify(q)}`,
      load: () => searchStoreProducts(deps.db, tenant, { ...q, facets: true }),
      scopes: listScopes,
    });
    return {
      ...page,
      facets: page.facets ?? { categories: [], priceBands: [], inStock: { count: 0 }, total: 0 },
    };
  };
  try {
    return await run(query);
  } catch (err) {
    if (query.cursor && err instanceof AppError && err.code === 'validation_failed')
      return run({ ...query, cursor: undefined });
    throw err;
  }
}

/** For a search that found nothing: the nearest title ("did you mean") and a few of the newest products. */
export async function emptySearchHelp(
  deps: Deps,
  tenant: TenantInfo,
  q: string,
): Promise<{ suggestion: string | null; latest: BrowseResult['items'] }> {
  const [suggestion, latest] = await Promise.all([
    suggestSearch(deps.db, tenant.id, q),
    cachedValue(deps.readCache, {
      tenantId: tenant.id,
      key: `latest|${tenant.currency}`,
      load: () =>
        searchStoreProducts(deps.db, tenant, { limit: 4, sort: 'newest', inStock: true, facets: false }),
      scopes: listScopes,
    }),
  ]);
  return { suggestion, latest: latest.items };
}

export interface CategorySummary {
  handle: string;
  name: string;
  description: string | null;
}

/** The store's categories, flattened from the tree (parents before children), with active-product counts. */
export async function listCategories(
  deps: Deps,
  tenant: TenantInfo,
): Promise<(CategorySummary & { count: number })[]> {
  // Counts are of active products (not stock): whole-store notices only, as GET /api/store/categories.
  const tree = await cachedValue(deps.readCache, {
    tenantId: tenant.id,
    key: 'categories',
    load: () => getCategoryTree(deps.db, tenant.id),
  });
  const out: (CategorySummary & { count: number })[] = [];
  const walk = (nodes: typeof tree) => {
    for (const n of nodes) {
      out.push({ handle: n.handle, name: n.name, description: n.description, count: n.productCount });
      walk(n.children);
    }
  };
  walk(tree);
  return out;
}

/** Every active product's handle (newest first), for the sitemap; capped at `max`. */
export async function listActiveProductHandles(
  deps: Deps,
  tenant: TenantInfo,
  max = 10_000,
): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listProducts(deps, tenant, { limit: 100, sort: 'newest', cursor });
    for (const item of page.items) out.push(item.handle);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < max);
  return out.slice(0, max);
}

// ── Cart ───────────────────────────────────────────────────────────────────

const viewer = (customerId: string | null | undefined): cart.CartViewer => ({
  customerId: customerId ?? null,
});

/** The cart behind the cookie, or null when it is gone, foreign or no longer active. */
export async function findCart(
  deps: Deps,
  tenant: TenantInfo,
  cartId: string,
  customerId?: string | null,
): Promise<Cart | null> {
  try {
    const c = await cart.getCart(deps.db, tenant.id, cartId, viewer(customerId));
    return c.status === 'active' ? c : null;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return null;
    throw err;
  }
}

/**
 * An active product of this store by handle; drafts, archived and foreign products are undefined. With
 * `recommendations` (the product page's list sizes), a read that misses the cache brings what the page's
 * recommendation rows lack in the same round trip (flows/product-view.ts).
 */
export async function findActiveProduct(
  deps: Deps,
  tenant: TenantInfo,
  handle: string,
  recommendations: ProductViewRecommendations = null,
): Promise<ProductDetail | undefined> {
  if (!/^[a-z0-9-]{1,100}$/.test(handle)) return undefined;
  try {
    return await cachedValue(deps.readCache, {
      tenantId: tenant.id,
      key: `product|${tenant.currency}|${handle}`,
      load: () => readProductView(deps.db, tenant, handle, recommendations),
      scopes: productScopes,
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return undefined;
    throw err;
  }
}

/**
 * Adds to the shopper's cart, creating one when the cookie names no usable
 * cart. Returns the cart id to keep in the cookie.
 */
export async function addToCart(
  deps: Deps,
  tenant: TenantInfo,
  cartId: string | undefined,
  customerId: string | null,
  variantId: string,
  quantity: number,
): Promise<string> {
  return cart.addToCartOrNew(deps.db, tenant, cartId, viewer(customerId), { variantId, quantity });
}

export async function setCartQuantity(
  deps: Deps,
  tenant: TenantInfo,
  cartId: string,
  customerId: string | null,
  variantId: string,
  quantity: number,
): Promise<void> {
  await cart.setItemQuantity(deps.db, tenant.id, cartId, viewer(customerId), variantId, quantity);
}

export async function removeFromCart(
  deps: Deps,
  tenant: TenantInfo,
  cartId: string,
  customerId: string | null,
  variantId: string,
): Promise<void> {
  await cart.removeItem(deps.db, tenant.id, cartId, viewer(customerId), variantId);
}

// ── Checkout and orders ────────────────────────────────────────────────────

/** Runs the checkout flow (idempotent per key); returns the order id. */
export async function placeOrder(
  deps: Deps,
  tenant: TenantInfo,
  cartId: string,
  customerId: string | null,
  idempotencyKey: string,
  input: CheckoutInput,
): Promise<{ orderId: string; replayed: boolean }> {
  const res = await checkout(deps, {
    tenant,
    cartId,
    idempotencyKey,
    input,
    viewer: viewer(customerId),
    now: deps.now(),
  });
  return { orderId: res.body.order.id, replayed: res.replayed };
}

/**
 * !!! Order visibility on pages !!!
 * An order is shown to the shopper who owns it, or to the browser that placed
 * it (its id is in that browser's httpOnly `sl_orders` cookie). Anyone else
 * gets undefined → the 404 page.
 */
export async function findOrderForViewer(
  deps: Deps,
  tenant: TenantInfo,
  orderId: string,
  viewerOf: { customerId: string | null; placedHere: boolean },
): Promise<OrderDetail | undefined> {
  if (!viewerOf.placedHere && !viewerOf.customerId) return undefined;
  try {
    const order = await getOrderDetail(deps.db, tenant.id, orderId);
    if (viewerOf.placedHere) return order;
    return order.customerId === viewerOf.customerId ? order : undefined;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return undefined;
    throw err;
  }
}

export async function listShopperOrders(
  deps: Deps,
  tenant: TenantInfo,
  customerId: string,
  cursor?: string,
): Promise<{ items: OrderSummary[]; nextCursor: string | null }> {
  return listOrders(deps.db, tenant.id, { customerId, cursor, limit: 20 });
}

// ── Shopper accounts ───────────────────────────────────────────────────────

/** Sign-in: folds the guest cart into the shopper's; returns the cart id to keep (if any). */
export async function mergeGuestCart(
  deps: Deps,
  tenant: TenantInfo,
  guestCartId: string | undefined,
  customerId: string,
): Promise<string | undefined> {
  if (!guestCartId) return undefined;
  return cart.mergeGuestCart(deps.db, tenant.id, guestCartId, customerId);
}

export { getCustomer, loginCustomer, registerCustomer } from '../../modules/customers/service.js';
