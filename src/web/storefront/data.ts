/**
 * What the storefront pages read and write, as calls into the domain
 * services (catalog, cart, checkout flow, orders, customers, stores). Pages
 * never touch repositories or SQL; this file is the one place that maps
 * service results to what the pages render and opens the tenant transaction
 * (`withTenant`) around each unit of work.
 */
import type { Context } from 'hono';
import { withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { AppEnv, Deps, TenantInfo } from '../../lib/http/context.js';
import type { Cart } from '../../modules/cart/schemas.js';
import * as cart from '../../modules/cart/service.js';
import { findProductDetail, type ProductDetail } from '../../modules/catalog/repository.js';
import {
  type StoreProductPage,
  type StoreProductQuery,
  searchStoreProducts,
} from '../../modules/catalog/store-search.js';
import { DEFAULT_THEME, type StoreChrome } from './layout.js';

export type { Cart, ProductDetail };
export type BrowseQuery = StoreProductQuery;
export type BrowseResult = StoreProductPage;

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

export async function loadChrome(_deps: Deps, tenant: TenantInfo): Promise<StoreChrome> {
  return {
    name: tenant.name,
    handle: tenant.handle,
    currency: tenant.currency,
    theme: DEFAULT_THEME,
    navigation: [],
    footerPages: [],
  };
}

// ── Catalog ────────────────────────────────────────────────────────────────

export function listProducts(deps: Deps, tenant: TenantInfo, query: BrowseQuery): Promise<BrowseResult> {
  return withTenant(deps.db, tenant.id, (trx) => searchStoreProducts(trx, tenant.id, tenant.currency, query));
}

export interface CategorySummary {
  handle: string;
  name: string;
  description: string | null;
}

/**
 * The store's categories that hold active products, with their counts — read
 * from the search service's category facet (one indexed query).
 */
export async function listCategories(
  deps: Deps,
  tenant: TenantInfo,
): Promise<(CategorySummary & { count: number })[]> {
  const page = await listProducts(deps, tenant, { limit: 1 });
  return page.facets.categories.map((f) => ({ ...f, description: null }));
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
    const c = await withTenant(deps.db, tenant.id, (trx) =>
      cart.getCart(trx, tenant.id, cartId, viewer(customerId)),
    );
    return c.status === 'active' ? c : null;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return null;
    throw err;
  }
}

export async function cartCount(deps: Deps, tenant: TenantInfo, cartId: string, customerId?: string | null) {
  return (await findCart(deps, tenant, cartId, customerId))?.itemCount ?? 0;
}

/** An active product of this store by handle; drafts, archived and foreign products are undefined. */
export async function findActiveProduct(
  deps: Deps,
  tenant: TenantInfo,
  handle: string,
): Promise<ProductDetail | undefined> {
  const p = await withTenant(deps.db, tenant.id, (trx) => findProductDetail(trx, tenant.id, { handle }));
  return p?.status === 'active' ? p : undefined;
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
  return withTenant(deps.db, tenant.id, async (trx) => {
    let id = cartId;
    if (id) {
      const existing = await cart.getCart(trx, tenant.id, id, viewer(customerId)).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'not_found') return null;
        throw err;
      });
      if (existing?.status !== 'active') id = undefined;
    }
    if (!id) id = (await cart.createCart(trx, tenant.id, tenant.currency, viewer(customerId))).id;
    await cart.addItem(trx, tenant.id, id, viewer(customerId), { variantId, quantity });
    return id;
  });
}

export async function setCartQuantity(
  deps: Deps,
  tenant: TenantInfo,
  cartId: string,
  customerId: string | null,
  variantId: string,
  quantity: number,
): Promise<void> {
  await withTenant(deps.db, tenant.id, (trx) =>
    cart.setItemQuantity(trx, tenant.id, cartId, viewer(customerId), variantId, quantity),
  );
}

export async function removeFromCart(
  deps: Deps,
  tenant: TenantInfo,
  cartId: string,
  customerId: string | null,
  variantId: string,
): Promise<void> {
  await withTenant(deps.db, tenant.id, (trx) =>
    cart.removeItem(trx, tenant.id, cartId, viewer(customerId), variantId),
  );
}
