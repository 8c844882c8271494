/**
 * Recommendations service: serving (a product's similar / bought-together list, "for you"), shopper
 * signals (buffered), merchant overrides and rebuild requests. Routes, pages and the worker call these;
 * each opens its own tenant transaction.
 */

import { type Db, withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { QueueHub } from '../../lib/queue.js';
import { QUEUES } from '../../lib/queue-names.js';
import * as repo from './repository/index.js';
import {
  type CartRef,
  forgetServedStore,
  type PageLists,
  type PendingReads,
  type ProductListKind,
  type ServeCache,
  serveCacheFor,
} from './serve-cache.js';
import { createSignalRecorder, type SignalRecorder } from './signals.js';

export const RECOMMENDATIONS_QUEUE = QUEUES.recommendations;

export type { PendingReads };

export interface RecommendedProduct {
  id: string;
  handle: string;
  title: string;
  price: number;
  currency: string;
  reason: string;
  variantId: string | null;
}

export interface ServeOptions {
  limit: number;
  /** Products never to return. */
  exclude?: string[];
  /** The cart whose products are never returned: its id (read) or its product ids (the page has them). */
  cart?: CartRef | null;
}

/*
 * Every list is composed by the process's serving cache (serve-cache.ts) from cached parts: a repeat
 * costs at most one small statement, a first read usually one; each statement is sent with its BEGIN and
 * COMMIT in one round trip (withTenantStatement).
 */

/**
 * A product's "similar" or "bought together" list (the JSON route; the product page shows the same lists
 * through getProductPageRecommendations); 404 when it is not an active product of this store.
 */
export async function getProductRecommendations(
  db: Db,
  store: { id: string; currency: string },
  idOrHandle: string,
  kind: ProductListKind,
  limit: number,
  cache: ServeCache = serveCacheFor(db),
): Promise<RecommendedProduct[]> {
  const rows = await cache.productList(db, store.id, idOrHandle, kind, limit);
  if (!rows) throw new AppError('not_found', 'Product not found');
  return rows.map((r) => ({ ...r, currency: store.currency }));
}

/**
 * Both product-page lists ("bought together" and "similar", the latter without the former's products)
 * minus the cart's products; an unknown or inactive product gives empty lists. `ref` is the product's id
 * or handle (a page may ask before its own product read returns). A repeat the serving cache answers
 * unchanged (by id, with the cart's product ids) returns the same object as before: a page may key its
 * own memo by it, and must not mutate it.
 */
export async function getProductPageRecommendations(
  db: Db,
  store: { id: string; currency: string },
  ref: string,
  opts: { similar: number; together: number; cart?: CartRef | null; cache?: ServeCache },
): Promise<ProductPageRecommendations> {
  const cache = opts.cache ?? serveCacheFor(db);
  const lists = await cache.productPageLists(
    db,
    store.id,
    ref,
    { together: opts.together, similar: opts.similar },
    opts.cart,
  );
  return pricedIn(lists, store.currency);
}

/**
 * getProductPageRecommendations of product `productId` (by id) at once, when this process holds
 * everything composing needs (a warm product page: no await at all); undefined when something must be
 * read first — then ask getProductPageRecommendations. The serving cache's own rows, priced in the store's
 * currency but not carrying it (no copy per view). The same object for a repeat, so a page may key what it
 * renders from them by the object.
 */
export function productPageListsNow(
  db: Db,
  store: { id: string },
  productId: string,
  opts: { similar: number; together: number; cartProductIds: readonly string[]; cache?: ServeCache },
): PageLists | undefined {
  const cache = opts.cache ?? serveCacheFor(db);
  const size = { together: opts.together, similar: opts.similar };
  return cache.productPageListsHeld(store.id, productId, size, opts.cartProductIds);
}

/**
 * productPageListsNow of the product `handle` names, as a fresh card held in this process says, with what
 * that card says of the product (its id, title, lowest price and first variant in stock); undefined when
 * something must be read first (or the handle names no product held). A page composes this way while its
 * product read is in flight, and keeps the lists when the read finds the same product.
 */
export function productPageListsNowByHandle(
  db: Db,
  store: { id: string },
  handle: string,
  opts: { similar: number; together: number; cartProductIds: readonly string[]; cache?: ServeCache },
): { product: HeldProduct; lists: PageLists } | undefined {
  const cache = opts.cache ?? serveCacheFor(db);
  const size = { together: opts.together, similar: opts.similar };
  const found = cache.productPageListsByRefHeld(store.id, handle, size, opts.cartProductIds);
  return found && { product: found.card, lists: found.lists };
}

/** What the serving cache's card says of a product. */
export type HeldProduct = Pick<repo.ProductCard, 'id' | 'title' | 'price' | 'variantId'>;

/** A served product as the serving cache composes it (a RecommendedProduct without its currency). */
export type ServedProduct = repo.ServedRow;

/** The lists in the store's currency; the same object for the same lists (a repeat). */
function pricedIn(lists: PageLists, currency: string): ProductPageRecommendations {
  const known = pricedLists.get(lists);
  if (known?.currency === currency) return known.value;
  const priced = (r: repo.ServedRow) => ({ ...r, currency });
  const value = { together: lists.together.map(priced), similar: lists.similar.map(priced) };
  pricedLists.set(lists, { currency, value });
  return value;
}

export interface ProductPageRecommendations {
  similar: RecommendedProduct[];
  together: RecommendedProduct[];
}

/** The lists in the store's currency, kept as long as the serving cache keeps the composed lists. */
const pricedLists = new WeakMap<PageLists, { currency: string; value: ProductPageRecommendations }>();

/**
 * What getProductPageRecommendations of `ref` would read now, as reads a flow may send in its own round
 * trip with another module's statements (a product page's first view: with the product read); null when
 * the serving cache has it all. The lists are then asked for as usual, and come from memory.
 * `lists: 'held'`: the store's serving state (its version, once a second) and the lists this process
 * holds but whose product's card went stale — never a cold product's lists (the product page leaves
 * those to its fragment request instead of carrying their read).
 */
export function prepareProductPageRecommendations(
  db: Db,
  store: { id: string },
  ref: string,
  size: { similar: number; together: number },
  opts: { lists?: 'all' | 'held'; cache?: ServeCache } = {},
): PendingReads | null {
  return (opts.cache ?? serveCacheFor(db)).productPageReads(store.id, ref, size, { lists: opts.lists });
}

/**
 * Whether the product page's lists of product `productId` are warm in this process (composing them
 * reads no list): the page then shows them inline; otherwise it answers without them and the browser
 * fetches the rows (the same lists, through getProductPageRecommendations) from the page's fragment route.
 */
export function productPageRecommendationsWarm(
  db: Db,
  store: { id: string },
  productId: string,
  size: { similar: number; together: number },
  cache: ServeCache = serveCacheFor(db),
): boolean {
  return cache.productPageWarm(store.id, productId, size);
}

/**
 * A product page found its lists cold in this process (it answers with the rows placeholder): such pages
 * buy reading the store's lists ahead, a page of products at a time in the background, so its later
 * pages render their rows inline (serve-warm.ts). Never rejects; a failed read is passed to `onError`.
 */
export function noteColdProductPage(
  db: Db,
  store: { id: string },
  size: { similar: number; together: number },
  onError: (err: unknown) => void,
  cache: ServeCache = serveCacheFor(db),
): void {
  cache.noteColdPage(db, store.id, size)?.catch(onError);
}

/** "Complete your order": what goes with the cart's products (empty cart: popular products). */
export async function getCartCompanions(
  db: Db,
  store: { id: string; currency: string },
  cart: string | { productIds: string[] },
  limit: number,
  cache: ServeCache = serveCacheFor(db),
): Promise<RecommendedProduct[]> {
  const rows = await cache.cartCompanions(
    db,
    store.id,
    typeof cart === 'string' ? { cartId: cart } : cart,
    limit,
  );
  return rows.map((r) => ({ ...r, currency: store.currency }));
}

/** "For you" from the shopper's recent history; popular products without one. */
export async function getForYou(
  db: Db,
  store: { id: string; currency: string },
  shopper: repo.Shopper,
  opts: ServeOptions,
  cache: ServeCache = serveCacheFor(db),
): Promise<RecommendedProduct[]> {
  const rows = await cache.forYou(db, store.id, shopper, opts);
  return rows.map((r) => ({ ...r, currency: store.currency }));
}

const recorders = new WeakMap<Db, SignalRecorder>();

/** The process's signal buffer for this database (created on first use). */
export function signalRecorderFor(db: Db): SignalRecorder {
  let recorder = recorders.get(db);
  if (!recorder) {
    // A shopper's written views and carts change their "for you": this process re-reads their history.
    recorder = createSignalRecorder(db, {
      onWritten: (tenantId, rows) => {
        const cache = serveCacheFor(db);
        for (const r of rows) cache.forgetShopper(tenantId, r);
      },
    });
    recorders.set(db, recorder);
  }
  return recorder;
}

/** Buffers one shopper signal; no database round trip on the caller's path. */
export function recordSignal(db: Db, tenantId: string, signal: repo.SignalRow): void {
  signalRecorderFor(db).record(tenantId, signal);
}

/** Replaces a product's pins and exclusions; 404 when the product is not in this store. */
export async function setOverrides(
  db: Db,
  tenantId: string,
  idOrHandle: string,
  input: { pin: string[]; exclude: string[] },
): Promise<repo.OverrideRow[]> {
  return withTenant(db, tenantId, async (trx) => {
    const productId = await repo.findProductId(trx, tenantId, idOrHandle);
    if (!productId) throw new AppError('not_found', 'Product not found');
    const rows: repo.OverrideRow[] = [
      ...input.pin.map((targetId, position) => ({ targetId, action: 'pin' as const, position })),
      ...input.exclude
        .filter((id) => !input.pin.includes(id))
        .map((targetId) => ({
          targetId,
          action: 'exclude' as const,
          position: 0,
        })),
    ];
    await repo.replaceOverrides(trx, tenantId, productId, rows);
    return repo.readOverrides(trx, tenantId, productId);
  }).finally(() => forgetServedStore(db, tenantId));
}

export async function getOverrides(
  db: Db,
  tenantId: string,
  idOrHandle: string,
): Promise<repo.OverrideRow[]> {
  return withTenant(db, tenantId, async (trx) => {
    const productId = await repo.findProductId(trx, tenantId, idOrHandle);
    if (!productId) throw new AppError('not_found', 'Product not found');
    return repo.readOverrides(trx, tenantId, productId);
  });
}

/**
 * Asks the worker to rebuild a store's lists (after a catalog import, or new orders). Requests within the
 * debounce window collapse into one job (same job id).
 */
export async function requestRebuild(
  hub: QueueHub,
  tenantId: string,
  now: Date,
  debounceMs = 60_000,
  mode: 'full' | 'incremental' = 'incremental',
) {
  const slot = Math.floor(now.getTime() / debounceMs);
  await hub
    .queue(RECOMMENDATIONS_QUEUE)
    .add('rebuild', { tenantId, mode }, { jobId: `rebuild-${mode}-${tenantId}-${slot}`, delay: debounceMs });
}

/**
 * A placed order's purchase signals (from the relayed `order.placed` event; a guest order has no shopper
 * to tie them to and only counts through the order itself), then a debounced incremental rebuild.
 * Re-running it for the same order writes the same events again only if the outbox redelivers; purchase
 * events feed "for you", which reads distinct products, so a duplicate changes nothing a shopper sees.
 */
export async function recordPurchase(
  deps: { db: Db; hub: QueueHub; now: () => Date },
  tenantId: string,
  orderId: string,
): Promise<number> {
  const written = await withTenant(deps.db, tenantId, async (trx) => {
    const order = await repo.readOrderProducts(trx, tenantId, orderId);
    if (!order?.customerId) return 0;
    const rows = order.productIds.map((productId) => ({
      kind: 'purchase' as const,
      productId,
      customerId: order.customerId,
      sessionId: null,
      occurredAt: order.placedAt,
    }));
    return repo.insertSignals(trx, tenantId, rows);
  });
  await requestRebuild(deps.hub, tenantId, deps.now(), ORDER_REBUILD_DEBOUNCE_MS);
  return written;
}

const ORDER_REBUILD_DEBOUNCE_MS = 15 * 60_000;

/** Removes every recommendation event of a shopper (customer and/or anonymous session). */
export function forgetShopper(
  db: Db,
  tenantId: string,
  shopper: { customerId?: string | null; sessionId?: string | null },
): Promise<number> {
  return withTenant(db, tenantId, (trx) => repo.deleteShopperEvents(trx, tenantId, shopper));
}
