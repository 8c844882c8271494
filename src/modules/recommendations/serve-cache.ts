/**
 * The per-process serving cache: every storefront list (the product page's "bought together" and
 * "similar", the home page's "for you", the cart's "complete your order") is COMPOSED in memory from
 * three kinds of cached parts, so a warm request costs at most one small statement (the cart's products,
 * or the version once a second) and often none:
 *
 *   - candidate lists per product and per store (popular products, the out-of-stock setting), keyed by
 *     the store's set version, and the shopper's recent products (serve-state.ts: what they are and when
 *     they go stale);
 *   - product cards (handle, title, price, one-click variant, active, in stock), stale at the catalog's
 *     change notice or within seconds without one (serve-cards.ts).
 * This file composes the lists from those parts (ranking: serve-rank.ts).
 * A candidate is served only when its card says active (and in stock, when the store excludes the
 * others), it is not the product itself, not in the cart, not excluded by the merchant.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../../lib/db/index.js';
import type * as repo from './repository/index.js';
import type {
  CartRef,
  PageLists,
  ServeCache,
  ServeCacheOptions,
  ServeCacheStats,
} from './serve-cache-api.js';
import { type CardsSeen, createCardStore, SLACK, STALE_ROUND, scanDone } from './serve-cards.js';
import { productRanked, type RankedList, rankedWithPopular, summed } from './serve-rank.js';
import { createStateStore } from './serve-state.js';
import type { StoreSet } from './serve-state-api.js';
import { createStoreWarmer } from './serve-warm.js';

export type {
  CartRef,
  PageLists,
  PendingReads,
  ProductListKind,
  ServeCache,
  ServeCacheOptions,
  ServeCacheStats,
  Shopper,
} from './serve-cache-api.js';

/**
 * Lists summed over several products ("for you", the cart) are led by their first few neighbours: their
 * cards come with a first read of the lists, so a new shopper or basket is usually one statement.
 */
const SUMMED_CARDS_UP_TO = 3;

/*
 * What each surface reads of a product's lists: the kinds it shows (a kind another surface shows is not
 * read, nor are its candidates' cards), each with the depth of the cards that come with the first read.
 */
/** "For you": the history's hybrid lists. */
const FOR_YOU_KINDS = { hybrid: SUMMED_CARDS_UP_TO } satisfies repo.ListsAsk;
/** The cart's "complete your order": bought together, then hybrid. */
const CART_KINDS = {
  bought_together: SUMMED_CARDS_UP_TO,
  hybrid: SUMMED_CARDS_UP_TO,
} satisfies repo.ListsAsk;

/**
 * A product list's reads: "similar" alone, or "bought together" with "similar" (its fallback), each as
 * deep as its list is composed from (`together` / `similar` + SLACK each).
 */
function productKinds(size: { together?: number; similar?: number }): repo.ListsAsk {
  const similar = Math.max(size.similar ?? 0, size.together ?? 0) + SLACK;
  return size.together === undefined ? { similar } : { bought_together: size.together + SLACK, similar };
}

const cartIdOf = (cart: CartRef | null | undefined) => (cart && 'cartId' in cart ? cart.cartId : undefined);

/**
 * A product page's composed lists and what decided them: the store's set version (lists, pins,
 * exclusions, popular, the out-of-stock setting) and every card consulted (the product's own, the served
 * and the passed-over candidates). The same request composed again would decide exactly the same while
 * the version lease still says `version` and each of those cards is still the kept one and fresh.
 */
interface PageAnswer {
  version: string;
  lists: PageLists;
  seen: CardsSeen;
}

/** A list a product composes: its candidates in serving order, how many to serve, how deep its first cards go. */
interface ListAsk {
  ranked: RankedList;
  limit: number;
  depth: number;
}

/**
 * One attempt at composing a product's lists from what the process holds: the lists (in the order
 * asked) with the cards they were decided by, `inactive` (not an active product of this store: no
 * lists), or the cards to read before trying again.
 */
type Composed = { lists: repo.ServedRow[][]; seen: CardsSeen } | 'inactive' | { read: string[] };

const needsRead = (c: Composed): c is { read: string[] } => typeof c === 'object' && 'read' in c;

const NO_LISTS = (): PageLists => ({ together: [], similar: [] });

/**
 * The repeat key of a product page's lists: the store, the product's id, the sizes and the cart's
 * products (as a set). A cart given by id is read each time (no key).
 */
function pageKey(
  tenantId: string,
  ref: string,
  size: { together: number; similar: number },
  cart: CartRef | null | undefined,
): string | undefined {
  if (cart && 'cartId' in cart) return undefined;
  const inCart = cart?.productIds ?? [];
  const ids = inCart.length < 2 ? inCart.join() : [...new Set(inCart)].sort().join();
  return `${tenantId}|${ref}|${size.together}|${size.similar}|${ids}`;
}

export function createServeCache(opts: ServeCacheOptions = {}): ServeCache {
  const stats: ServeCacheStats = {
    hits: 0,
    misses: 0,
    versionReads: 0,
    cardReads: 0,
    pageRepeats: 0,
    warmReads: 0,
    storesWarmed: 0,
  };
  const cards = createCardStore(opts, stats);
  const parts = createStateStore(opts, cards, stats);
  const warmer = createStoreWarmer(
    {
      coldPerPage: opts.coldPagesPerRead ?? coldPagesPerReadFromEnv,
      maxProducts: (opts.maxEntries ?? 20_000) / 2,
      pageSize: opts.readAheadPage,
    },
    parts,
    stats,
  );
  // !!! tenant scoping: the store's id leads every key. As many as the rows' HTML memo keeps (a few kB each).
  const pages = new LRUCache<string, PageAnswer>({ max: 5_000 });

  /** The answer composed for an earlier view under `key`, while nothing that decided it can have changed. */
  function repeatOf(tenantId: string, key: string | undefined): PageLists | undefined {
    if (!key) return undefined;
    const known = pages.get(key);
    if (!known || known.version !== parts.leasedVersion(tenantId) || !cards.unchanged(tenantId, known.seen))
      return undefined;
    stats.hits++;
    stats.pageRepeats++;
    return known.lists;
  }

  /** The product `ref` names, its lists of `kinds`, the store's state, with its first cards fresh. */
  async function productParts(
    db: Db,
    tenantId: string,
    ref: string,
    kinds: repo.ListsAsk,
    cart?: CartRef | null,
  ) {
    const state = await parts.state(db, tenantId, { cartId: cartIdOf(cart) });
    // A first read of this product brings the cards of its first candidates in the same statement.
    const found = await parts.product(db, tenantId, state.version, ref, kinds);
    if (!found) return undefined;
    const inCart = cart && 'productIds' in cart ? cart.productIds : state.cart;
    return { state, ...found, inCart };
  }

  const pageDepth = (size: { together: number; similar: number }) =>
    Math.max(size.together, size.similar + size.together) + SLACK;
  /** The page shows "bought together" (as deep as its pick) and "similar" (after the pair's). */
  const pageKinds = (size: { together: number; similar: number }): repo.ListsAsk => ({
    bought_together: size.together + SLACK,
    similar: pageDepth(size),
  });

  /**
   * Composes product `p`'s lists from the cards held (no I/O), each list leaving out the product, the
   * cart's products, the merchant's exclusions and what the lists before it serve. A first attempt that
   * finds cards to read asks for the product's own and every list's first candidates that are stale, with
   * what the lists need, so one statement usually brings them all; from round STALE_ROUND a stale card is
   * served as it is.
   */
  function composeLists(
    tenantId: string,
    state: { set: StoreSet },
    p: { id: string; lists: repo.ProductCandidates },
    inCart: readonly string[],
    asks: readonly ListAsk[],
    round: number,
  ): Composed {
    const readFirst = (need: readonly string[]) => {
      if (round > 0) return { read: [...need] };
      const first = [p.id, ...asks.flatMap((a) => a.ranked.firstIds(a.depth))];
      return { read: cards.stale(tenantId, [...first, ...need]) };
    };
    const own = cards.usable(tenantId, p.id, round);
    if (own === undefined) return round < STALE_ROUND ? readFirst([]) : 'inactive';
    if (!own?.active) return 'inactive';
    const seen: CardsSeen = new Map();
    cards.see(tenantId, p.id, seen);
    const skip = new Set([p.id, ...inCart, ...p.lists.excluded]);
    const lists: repo.ServedRow[][] = [];
    for (const a of asks) {
      const found = cards.scan(tenantId, state.set.excludeOutOfStock, a.ranked, skip, a.limit, round, seen);
      if (!scanDone(found, a.limit, round)) return readFirst(found.need);
      for (const r of found.out) skip.add(r.id);
      lists.push(found.out);
    }
    return { lists, seen };
  }

  /** composeLists until it needs nothing read (one statement per round, usually none or one). */
  async function composeReading(
    db: Db,
    tenantId: string,
    p: { state: { set: StoreSet }; id: string; lists: repo.ProductCandidates; inCart: readonly string[] },
    asks: readonly ListAsk[],
  ): Promise<Exclude<Composed, { read: string[] }>> {
    for (let round = 0; ; round++) {
      const composed = composeLists(tenantId, p.state, p, p.inCart, asks, round);
      if (!needsRead(composed)) return composed;
      await cards.refresh(db, tenantId, composed.read);
    }
  }

  /** The product page's two lists: "bought together" (as deep as its pick), then "similar". */
  const pageAsks = (
    p: { lists: repo.ProductCandidates },
    set: StoreSet,
    size: { together: number; similar: number },
  ): ListAsk[] => [
    {
      ranked: productRanked(p.lists, set.popular, 'bought_together'),
      limit: size.together,
      depth: size.together + SLACK,
    },
    { ranked: productRanked(p.lists, set.popular, 'similar'), limit: size.similar, depth: pageDepth(size) },
  ];

  /** A composed answer as served; kept for repeats when asked by id (a handle may come to name another product). */
  function answer(
    key: string | undefined,
    byId: boolean,
    version: string,
    composed: Exclude<Composed, { read: string[] }>,
  ): PageLists {
    if (composed === 'inactive') return NO_LISTS();
    const [together = [], similar = []] = composed.lists;
    const lists = { together, similar };
    if (key && byId) pages.set(key, { version, lists, seen: composed.seen });
    return lists;
  }

  function listsHeld(
    tenantId: string,
    id: string,
    size: { together: number; similar: number },
    inCart: readonly string[],
  ): PageLists | undefined {
    const key = pageKey(tenantId, id, size, { productIds: inCart });
    const repeat = repeatOf(tenantId, key);
    if (repeat) return repeat;
    const state = parts.heldState(tenantId);
    const p = state && parts.heldProduct(tenantId, id, state.version, pageKinds(size));
    if (!state || !p) return undefined;
    const composed = composeLists(tenantId, state, p, inCart, pageAsks(p, state.set, size), 0);
    return needsRead(composed) ? undefined : answer(key, p.id === id, state.version, composed);
  }

  return {
    stats,
    productPageReads: (tenantId, ref, size, o) => parts.prefetchProduct(tenantId, ref, pageKinds(size), o),
    productPageWarm: (tenantId, id, size) => parts.holdsProduct(tenantId, id, pageKinds(size)),
    noteColdPage(db, tenantId, size) {
      const version = parts.leasedVersion(tenantId);
      return version ? warmer.noteCold(db, tenantId, version, pageKinds(size)) : undefined;
    },
    storeReading: (tenantId) => warmer.reading(tenantId),
    forget: (tenantId) => parts.forget(tenantId),
    noteCatalogChange: (tenantId, productId) => cards.noteCatalogChange(tenantId, productId),
    attachNotices: (live) => cards.attachNotices(live),
    resync: () => cards.resync(),
    forgetShopper: (tenantId, shopper) => parts.forgetShopper(tenantId, shopper),

    productPageListsHeld: listsHeld,

    productPageListsByRefHeld(tenantId, ref, size, inCart) {
      const card = parts.heldCard(tenantId, ref);
      const lists = card && listsHeld(tenantId, card.id, size, inCart);
      return card && lists ? { card, lists } : undefined;
    },

    async productPageLists(db, tenantId, ref, size, cart) {
      const key = pageKey(tenantId, ref, size, cart);
      const repeat = repeatOf(tenantId, key);
      if (repeat) return repeat;
      const p = await productParts(db, tenantId, ref, pageKinds(size), cart);
      if (!p) return NO_LISTS();
      // The lease was renewed (the page's product read carried the version): the same version and cards.
      const renewed = repeatOf(tenantId, key);
      if (renewed) return renewed;
      const composed = await composeReading(db, tenantId, p, pageAsks(p, p.state.set, size));
      return answer(key, p.id === ref, p.state.version, composed);
    },

    async productList(db, tenantId, ref, kind, limit) {
      const p = await productParts(
        db,
        tenantId,
        ref,
        productKinds(kind === 'similar' ? { similar: limit } : { together: limit }),
      );
      if (!p) return undefined;
      const ranked = productRanked(p.lists, p.state.set.popular, kind);
      const composed = await composeReading(db, tenantId, p, [{ ranked, limit, depth: limit + SLACK }]);
      return composed === 'inactive' ? undefined : composed.lists[0];
    },

    async forYou(db, tenantId, shopper, o) {
      const anonymous = !shopper.customerId && !shopper.sessionId;
      const state = await parts.state(db, tenantId, {
        cartId: cartIdOf(o.cart),
        shopper: anonymous ? undefined : shopper,
        // A first request reads the history's lists and their first cards in the same statement: as
        // deep as one list would need alone, since the history's own products are skipped (no second
        // statement for the cards of the summed list's tail, as a rank-3 cut gave in 4 of 10 requests).
        historyLists: { hybrid: o.limit + SLACK },
      });
      const history = state.history ?? { recent: [], ordered: [] };
      const seen = [...new Set([...history.recent, ...history.ordered])];
      const byProduct = seen.length
        ? await parts.lists(db, tenantId, state.version, seen, FOR_YOU_KINDS)
        : new Map<string, repo.ProductCandidates>();
      const ranked = rankedWithPopular(
        summed(
          [...byProduct.values()].flatMap((l) => l.hybrid),
          1,
        ),
        state.set.popular,
      );
      const inCart = o.cart && 'productIds' in o.cart ? o.cart.productIds : state.cart;
      const skip = new Set([...(o.exclude ?? []), ...history.recent, ...inCart]);
      return cards.pick(db, tenantId, state.set.excludeOutOfStock, ranked, skip, o.limit);
    },

    async cartCompanions(db, tenantId, cart, limit) {
      const state = await parts.state(db, tenantId, { cartId: cartIdOf(cart) });
      const inCart = 'productIds' in cart ? [...new Set(cart.productIds)] : state.cart;
      const byProduct = inCart.length
        ? await parts.lists(db, tenantId, state.version, inCart, CART_KINDS)
        : new Map<string, repo.ProductCandidates>();
      const all = [...byProduct.values()];
      const ranked = rankedWithPopular(
        [
          ...summed(
            all.flatMap((l) => l.bought_together),
            1,
          ),
          ...summed(
            all.flatMap((l) => l.hybrid),
            2,
          ),
        ],
        state.set.popular,
      );
      const skip = new Set([...inCart, ...all.flatMap((l) => l.excluded)]);
      return cards.pick(db, tenantId, state.set.excludeOutOfStock, ranked, skip, limit);
    },
  };
}

/** RECOMMENDATIONS_COLD_PAGES_PER_READ (cold product pages per page of lists read ahead), else 16. */
function coldPagesPerReadFromEnv(): number {
  const n = Number(process.env.RECOMMENDATIONS_COLD_PAGES_PER_READ ?? 16);
  return Number.isFinite(n) ? n : 16;
}

const caches = new WeakMap<Db, ServeCache>();

/**
 * Drops a store's served lists in this process, if it serves any. A worker
 * that only rebuilds never creates the cache (its lru-caches allocate their
 * arrays up front: ~7.6 MB for nothing to forget).
 */
export function forgetServedStore(db: Db, tenantId: string): void {
  caches.get(db)?.forget(tenantId);
}

/** The process's serving cache for this database (created on first use). */
export function serveCacheFor(db: Db): ServeCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = createServeCache();
    caches.set(db, cache);
  }
  return cache;
}
