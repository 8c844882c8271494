/**
 * The serving cache's surface (serve-cache.ts builds it): what a surface asks of it, its options and its
 * counters. Kept apart so the composing code reads on its own.
 */
import type { Db } from '../../lib/db/index.js';
import type * as repo from './repository/index.js';
import type { CardStats } from './serve-cards.js';
import type { ProductListKind } from './serve-rank.js';
import type { PendingReads, StateStats } from './serve-state-api.js';
import type { WarmOutcome, WarmStats } from './serve-warm.js';

export type { PendingReads, ProductListKind };

export interface PageLists {
  together: repo.ServedRow[];
  similar: repo.ServedRow[];
}

export interface ServeCacheOptions {
  /** How long a process trusts the version it last read for a store. */
  versionTtlMs?: number;
  /**
   * How long a product's card (status, stock, price, title) is served from memory while no catalog
   * notices arrive (no listener attached, or it is down).
   */
  cardTtlMs?: number;
  /** The longest a card is kept while notices do arrive (the last line of defence). */
  cardMaxAgeMs?: number;
  /** How long a shopper's recent products are kept. */
  historyTtlMs?: number;
  maxEntries?: number;
  /**
   * Cold product pages of a store (under one set version) per page of its lists this process reads ahead
   * (serve-warm.ts); 0: never. Asked at each cold page. Default: RECOMMENDATIONS_COLD_PAGES_PER_READ,
   * else 16.
   */
  coldPagesPerRead?: () => number;
  /** Products per read ahead (250). */
  readAheadPage?: number;
}

export type ServeCacheStats = StateStats &
  CardStats &
  WarmStats & {
    /** Product pages answered with the lists composed for an earlier view (counted in `hits` too). */
    pageRepeats: number;
  };

export type Shopper = repo.Shopper;

/** The cart a list leaves out: its id (its products are read) or its product ids (the caller has them). */
export type CartRef = { cartId: string } | { productIds: readonly string[] };

export interface ServeCache {
  /**
   * Both product-page lists of the product `ref` names (its id, or its handle: a page may start this
   * before its own product read returns); empty when it is not an active product of this store. Asked by
   * id with the cart's product ids (or none), a repeat whose answer cannot have changed returns the SAME
   * object as before (callers must not mutate it; they may key their own memo by it).
   */
  productPageLists(
    db: Db,
    tenantId: string,
    ref: string,
    size: { together: number; similar: number },
    cart?: CartRef | null,
  ): Promise<PageLists>;
  /**
   * `productPageLists` of product `id` (by id) with the cart's products `inCart`, composed at once from
   * what this process holds — the same answer, the same object for a repeat — or undefined when
   * composing would have to read something first (the version lease expired, lists not held, a card
   * missing or stale): then ask `productPageLists`. A warm product page composes this way without a
   * single await.
   */
  productPageListsHeld(
    tenantId: string,
    id: string,
    size: { together: number; similar: number },
    inCart: readonly string[],
  ): PageLists | undefined;
  /**
   * `productPageListsHeld` of the product `ref` names (its id, or its handle as a fresh card of this
   * store says), with the product's card: a page may compose by the handle in its URL before its product
   * read has answered, and keep the lists only when that read finds the same product.
   */
  productPageListsByRefHeld(
    tenantId: string,
    ref: string,
    size: { together: number; similar: number },
    inCart: readonly string[],
  ): { card: repo.ProductCard; lists: PageLists } | undefined;
  /**
   * What `productPageLists` of `ref` would read now (the store's state, the product's lists with their
   * first cards), for a caller that sends it in its own round trip; null when it is all cached. The
   * lists then come from memory (cards the read did not bring are still read by productPageLists).
   * `lists: 'held'`: never a cold product's lists (a page that does not wait for them; see
   * serve-state.ts's prefetchProduct).
   */
  productPageReads(
    tenantId: string,
    ref: string,
    size: { together: number; similar: number },
    opts?: { lists?: 'all' | 'held' },
  ): PendingReads | null;
  /**
   * Whether this process holds the product page's lists of product `id` (no statement reads them; a
   * stale card may still be read again): a page composes them inline when warm, and leaves them to its
   * fragment request when cold.
   */
  productPageWarm(tenantId: string, id: string, size: { together: number; similar: number }): boolean;
  /**
   * A product page of the store found its lists cold: every `coldPagesPerRead`-th such page under the
   * store's set version reads the lists of its next products ahead (serve-warm.ts); returned for the
   * caller to log a failure.
   */
  noteColdPage(
    db: Db,
    tenantId: string,
    size: { together: number; similar: number },
  ): Promise<WarmOutcome> | undefined;
  /** The store's read ahead under way, or its last one, in this process. */
  storeReading(tenantId: string): Promise<WarmOutcome> | undefined;
  /** One kind's list (the JSON route); undefined when `ref` is not an active product of this store. */
  productList(
    db: Db,
    tenantId: string,
    ref: string,
    kind: ProductListKind,
    limit: number,
  ): Promise<repo.ServedRow[] | undefined>;
  forYou(
    db: Db,
    tenantId: string,
    shopper: Shopper,
    opts: { limit: number; exclude?: readonly string[]; cart?: CartRef | null },
  ): Promise<repo.ServedRow[]>;
  cartCompanions(db: Db, tenantId: string, cart: CartRef, limit: number): Promise<repo.ServedRow[]>;
  /** Drops this process's version lease for a store (after this process changed its set). */
  forget(tenantId: string): void;
  /**
   * Catalog notices (migration 0270's, delivered by the process's change listener): a product's cards
   * (stock) or, without a product, the whole store's (status, titles, prices) are stale from now on.
   */
  noteCatalogChange(tenantId: string, productId?: string): void;
  /**
   * Attaches the listener's state: while `isLive()` no notice can have been missed, so cards are kept
   * until a notice (at most `cardMaxAgeMs`); otherwise `cardTtlMs`. Call `resync` when listening
   * (re)starts.
   */
  attachNotices(isLive: () => boolean): void;
  resync(): void;
  /** Drops a shopper's cached history (this process wrote new events of theirs). */
  forgetShopper(tenantId: string, shopper: Shopper): void;
  readonly stats: ServeCacheStats;
}
