/**
 * The per-process serving cache: every storefront list (the product page's "bought together" and
 * "similar", the home page's "for you", the cart's "complete your order") is COMPOSED in memory from
 * three kinds of cached parts, so a warm request costs at most one small statement (the cart's products,
 * or the version once a second) and often none:
 *
 *   - candidate lists per product (built neighbours of each kind, the merchant's pins and exclusions) and
 *     per store (popular products, the out-of-stock setting), keyed by store + the store's set version
 *     (repository/serve-version.ts). A process trusts the version it last read for `versionTtlMs` (1 s),
 *     then re-reads it, so a rebuild, pin or exclusion reaches every process within ~1 s; the process that
 *     made the change drops its lease at once (`forget`);
 *   - product cards (handle, title, price, one-click variant, active, in stock). In an API process the
 *     catalog's change notices (migration 0270: stock.changed per product, product.* / imports / price
 *     runs per store, delivered at commit to every process by the change listener; wired in boot.ts)
 *     mark cards stale at once, and cards live up to `cardMaxAgeMs` (60 s); without a live listener (not
 *     attached, or down) a card lives `cardTtlMs` (2 s). Either way a product archived, deleted or sold
 *     out leaves every list within seconds, whatever process changed it, and a restocked one comes back
 *     as fast (the builds keep out-of-stock products in their lists; only serving leaves them out, as the
 *     store's setting says);
 *   - the shopper's recent products ("for you"), kept `historyTtlMs` (5 s; views are buffered for a few
 *     seconds anyway); this process drops a shopper's as soon as it has written their new events.
 * A candidate is served only when its card says active (and in stock, when the store excludes the
 * others), it is not the product itself, not in the cart, not excluded by the merchant.
 */
import { LRUCache } from 'lru-cache';
import { type Db, withTenantStatement } from '../../lib/db/index.js';
import * as repo from './repository/index.js';

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
}

export interface ServeCacheStats {
  /** Requests answered from cached candidate lists / those that had to read some. */
  hits: number;
  misses: number;
  /** Statements that read the store's version (with the cart and, when needed, history and popular). */
  versionReads: number;
  cardReads: number;
}

export type Shopper = repo.Shopper;

export interface ServeCache {
  productPageLists(
    db: Db,
    tenantId: string,
    productId: string,
    size: { together: number; similar: number },
    cartId: string | null | undefined,
  ): Promise<PageLists>;
  forYou(
    db: Db,
    tenantId: string,
    shopper: Shopper,
    opts: { limit: number; exclude?: string[]; cartId?: string | null },
  ): Promise<repo.ServedRow[]>;
  /** `cart`: its id (its products are read), or its product ids when the caller has them. */
  cartCompanions(
    db: Db,
    tenantId: string,
    cart: { cartId: string } | { productIds: string[] },
    limit: number,
  ): Promise<repo.ServedRow[]>;
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

/** A candidate in serving order: lower tier first, then lower rank; the first of an id wins. */
interface Ranked {
  id: string;
  tier: number;
  rank: number;
  reason: string;
}

interface StoreSet {
  popular: string[];
  excludeOutOfStock: boolean;
}

/** Candidates beyond those a list needs whose cards are fetched in the same statement. */
const SLACK = 4;
/**
 * Lists summed over several products ("for you", the cart) are led by their first few neighbours: their
 * cards come with a first read of the lists, so a new shopper or basket is usually one statement more.
 */
const SUMMED_CARDS_UP_TO = 3;

export function createServeCache(opts: ServeCacheOptions = {}): ServeCache {
  const versionTtlMs = opts.versionTtlMs ?? 1000;
  const cardTtlMs = opts.cardTtlMs ?? 2000;
  const cardMaxAgeMs = opts.cardMaxAgeMs ?? 60_000;
  let isLive: () => boolean = () => false;
  /** When a store's (`<tenant>`) or a product's (`<tenant>|<product>`) cards last went stale. */
  const bumped = new Map<string, number>();
  /** Cards read before this are never trusted (notices may have been missed). */
  let floor = 0;
  const historyTtlMs = opts.historyTtlMs ?? 5000;
  const max = opts.maxEntries ?? 20_000;
  // !!! tenant scoping: the store's id leads every key; another store's entry cannot be looked up, and
  // every statement runs in that store's tenant transaction (RLS), so a foreign id finds nothing.
  const leases = new LRUCache<string, { version: string; at: number }>({ max: 100_000 });
  const sets = new LRUCache<string, StoreSet>({ max: 10_000 });
  const lists = new LRUCache<string, repo.ProductCandidates>({ max, ttl: 10 * 60_000 });
  const cards = new LRUCache<string, { card: repo.ProductCard | null; at: number }>({ max: max * 5 });
  const histories = new LRUCache<string, { recent: string[]; ordered: string[] }>({
    max,
    ttl: historyTtlMs,
  });
  const stats: ServeCacheStats = { hits: 0, misses: 0, versionReads: 0, cardReads: 0 };

  /** The store's version, set and cart (one statement when the lease expired, a cart or history is asked). */
  async function stateOf(
    db: Db,
    tenantId: string,
    ask: { cartId?: string | null; shopper?: Shopper },
  ): Promise<{
    version: string;
    set: StoreSet;
    cart: string[];
    history?: { recent: string[]; ordered: string[] };
  }> {
    const now = performance.now();
    const lease = leases.get(tenantId);
    const known = lease ? sets.get(`${tenantId}|${lease.version}`) : undefined;
    const historyKey = ask.shopper ? shopperKey(tenantId, ask.shopper) : undefined;
    const history = historyKey ? histories.get(historyKey) : undefined;
    const needsHistory = historyKey !== undefined && history === undefined;
    if (lease && known && now - lease.at < versionTtlMs && !ask.cartId && !needsHistory)
      return { version: lease.version, set: known, cart: [], history };
    stats.versionReads++;
    const state = await withTenantStatement(db, tenantId, (trx) =>
      repo.readServeState(trx, tenantId, {
        cartId: ask.cartId,
        shopper: needsHistory ? ask.shopper : undefined,
        popular: !known || now - (lease?.at ?? 0) >= versionTtlMs,
      }),
    );
    leases.set(tenantId, { version: state.version, at: now });
    const setKey = `${tenantId}|${state.version}`;
    let set = sets.get(setKey);
    if (state.popular) {
      set = { popular: state.popular, excludeOutOfStock: state.excludeOutOfStock };
      sets.set(setKey, set);
    }
    if (!set) {
      // The version moved under a fresh lease (another process rebuilt): read its set once more.
      leases.delete(tenantId);
      return stateOf(db, tenantId, ask);
    }
    if (historyKey && state.history) histories.set(historyKey, state.history);
    return { version: state.version, set, cart: state.cart, history: history ?? state.history };
  }

  /** Candidate lists of `ids` under `version` (the missing ones in one statement). */
  async function listsOf(
    db: Db,
    tenantId: string,
    version: string,
    ids: readonly string[],
    cardsUpTo = 0,
  ): Promise<Map<string, repo.ProductCandidates>> {
    const out = new Map<string, repo.ProductCandidates>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = lists.get(`${tenantId}|${version}|${id}`);
      if (hit) out.set(id, hit);
      else missing.push(id);
    }
    if (missing.length === 0) {
      stats.hits++;
      return out;
    }
    stats.misses++;
    const at = performance.now();
    const read = await withTenantStatement(db, tenantId, (trx) =>
      repo.readCandidateLists(trx, tenantId, missing, cardsUpTo),
    );
    if (read.cards) {
      const found = new Map(read.cards.map((c) => [c.id, c]));
      for (const id of missing) cards.set(`${tenantId}|${id}`, { card: found.get(id) ?? null, at });
      for (const c of read.cards) cards.set(`${tenantId}|${c.id}`, { card: c, at });
    }
    for (const [id, l] of read.lists) {
      out.set(id, l);
      // Kept under the version they were read with (a rebuild in between: the next request re-reads).
      lists.set(`${tenantId}|${read.version}|${id}`, l);
    }
    return out;
  }

  /** Whether a card read at `at` may still be served. */
  function fresh(tenantId: string, id: string, at: number, now: number): boolean {
    if (!isLive()) return now - at < cardTtlMs;
    if (at <= floor || now - at >= cardMaxAgeMs) return false;
    return (bumped.get(tenantId) ?? -1) < at && (bumped.get(`${tenantId}|${id}`) ?? -1) < at;
  }

  /** Reads the cards of `ids` that are missing or no longer fresh, in one statement. */
  async function refreshCards(db: Db, tenantId: string, ids: Iterable<string>): Promise<void> {
    const now = performance.now();
    const stale = [...new Set(ids)].filter((id) => {
      const c = cards.get(`${tenantId}|${id}`);
      return !c || !fresh(tenantId, id, c.at, now);
    });
    if (stale.length === 0) return;
    stats.cardReads++;
    const read = await withTenantStatement(db, tenantId, (trx) => repo.readCards(trx, tenantId, stale));
    const found = new Map(read.map((c) => [c.id, c]));
    // Stamped with the time the read started: a change racing it is seen one TTL later at most.
    for (const id of stale) cards.set(`${tenantId}|${id}`, { card: found.get(id) ?? null, at: now });
  }

  /**
   * The first `limit` servable candidates not in `skip`. Cards missing or stale are read (one statement
   * per round, usually one round: the first pass fetches SLACK more than the list needs).
   */
  async function pick(
    db: Db,
    tenantId: string,
    set: StoreSet,
    ranked: Ranked[],
    skip: ReadonlySet<string>,
    limit: number,
  ): Promise<repo.ServedRow[]> {
    for (let round = 0; ; round++) {
      const now = performance.now();
      const out: repo.ServedRow[] = [];
      const need: string[] = [];
      for (const c of ranked) {
        if (out.length >= limit || out.length + need.length >= limit + SLACK) break;
        if (skip.has(c.id)) continue;
        const cached = cards.get(`${tenantId}|${c.id}`);
        if (!cached || (!fresh(tenantId, c.id, cached.at, now) && round < 3)) {
          need.push(c.id);
          continue;
        }
        const card = cached.card;
        if (card?.active && (card.inStock || !set.excludeOutOfStock))
          out.push({
            id: card.id,
            handle: card.handle,
            title: card.title,
            price: card.price,
            reason: c.reason,
            variantId: card.variantId,
          });
      }
      if (need.length === 0 || out.length >= limit || round >= 3) return out;
      await refreshCards(db, tenantId, need);
    }
  }

  const popularRanked = (set: StoreSet, tier: number): Ranked[] =>
    set.popular.map((id, at) => ({ id, tier, rank: at + 1, reason: 'popular in this store' }));

  return {
    stats,
    forget: (tenantId) => void leases.delete(tenantId),
    noteCatalogChange(tenantId, productId) {
      // Bounded: past the bound everything is dropped (cheaper than tracking evictions).
      if (bumped.size > 200_000) {
        floor = performance.now();
        bumped.clear();
      }
      // A card whose read started at or before this instant may predate the change.
      bumped.set(productId ? `${tenantId}|${productId}` : tenantId, performance.now());
    },
    attachNotices(live) {
      isLive = live;
      floor = performance.now();
    },
    resync() {
      floor = performance.now();
      bumped.clear();
    },
    forgetShopper(tenantId, shopper) {
      // Events carry the customer or the session (or both): forget every key the shopper may be read by.
      histories.delete(shopperKey(tenantId, shopper));
      histories.delete(shopperKey(tenantId, { customerId: shopper.customerId, sessionId: null }));
      histories.delete(shopperKey(tenantId, { customerId: null, sessionId: shopper.sessionId }));
    },

    async productPageLists(db, tenantId, productId, size, cartId) {
      const state = await stateOf(db, tenantId, { cartId });
      // A first read of this product brings the cards of its first candidates in the same statement.
      const upTo = Math.max(size.together, size.similar + size.together) + SLACK;
      const own = (await listsOf(db, tenantId, state.version, [productId], upTo)).get(productId)!;
      const fromList = (kind: 'bought_together' | 'similar'): Ranked[] =>
        sortRanked([
          ...own.pins.map((c) => ({ id: c.id, tier: 0, rank: c.rank, reason: 'picked for you' })),
          ...own[kind].map((c) => ({ id: c.id, tier: 1, rank: c.rank, reason: c.reason })),
          ...(kind === 'similar' ? [] : own.similar.map((c) => ({ ...c, tier: 2 }))),
          ...popularRanked(state.set, 3),
        ]);
      const together = fromList('bought_together');
      const similar = fromList('similar');
      // The product itself and the first candidates of both lists in one statement.
      await refreshCards(db, tenantId, [
        productId,
        ...together.slice(0, size.together + SLACK).map((c) => c.id),
        ...similar.slice(0, size.similar + size.together + SLACK).map((c) => c.id),
      ]);
      const self = cards.get(`${tenantId}|${productId}`)?.card;
      if (!self?.active) return { together: [], similar: [] };
      const skip = new Set([productId, ...state.cart, ...own.excluded]);
      const pair = await pick(db, tenantId, state.set, together, skip, size.together);
      for (const r of pair) skip.add(r.id);
      return { together: pair, similar: await pick(db, tenantId, state.set, similar, skip, size.similar) };
    },

    async forYou(db, tenantId, shopper, o) {
      const anonymous = !shopper.customerId && !shopper.sessionId;
      const state = await stateOf(db, tenantId, {
        cartId: o.cartId,
        shopper: anonymous ? undefined : shopper,
      });
      const history = state.history ?? { recent: [], ordered: [] };
      const seen = [...new Set([...history.recent, ...history.ordered])];
      const byProduct = seen.length
        ? await listsOf(db, tenantId, state.version, seen, SUMMED_CARDS_UP_TO)
        : new Map();
      const ranked = sortRanked([
        ...summed(
          [...byProduct.values()].flatMap((l) => l.hybrid),
          1,
        ),
        ...popularRanked(state.set, 2),
      ]);
      const skip = new Set([...(o.exclude ?? []), ...history.recent, ...state.cart]);
      return pick(db, tenantId, state.set, ranked, skip, o.limit);
    },

    async cartCompanions(db, tenantId, cart, limit) {
      const state = await stateOf(db, tenantId, { cartId: 'cartId' in cart ? cart.cartId : undefined });
      const inCart = 'productIds' in cart ? [...new Set(cart.productIds)] : state.cart;
      const byProduct = inCart.length
        ? await listsOf(db, tenantId, state.version, inCart, SUMMED_CARDS_UP_TO)
        : new Map();
      const all = [...byProduct.values()] as repo.ProductCandidates[];
      const ranked = sortRanked([
        ...summed(
          all.flatMap((l) => l.bought_together),
          1,
        ),
        ...summed(
          all.flatMap((l) => l.hybrid),
          2,
        ),
        ...popularRanked(state.set, 3),
      ]);
      const skip = new Set([...inCart, ...all.flatMap((l) => l.excluded)]);
      return pick(db, tenantId, state.set, ranked, skip, limit);
    },
  };
}

const shopperKey = (tenantId: string, s: Shopper) => `${tenantId}|${s.customerId ?? ''}|${s.sessionId ?? ''}`;

/** One candidate per id, ranked by the sum of its scores (highest first), with its best reason. */
function summed(rows: repo.Candidate[], tier: number): Ranked[] {
  const by = new Map<string, { sum: number; best: number; reason: string }>();
  for (const r of rows) {
    const e = by.get(r.id);
    if (!e) by.set(r.id, { sum: r.score, best: r.score, reason: r.reason });
    else {
      e.sum += r.score;
      if (r.score > e.best) Object.assign(e, { best: r.score, reason: r.reason });
    }
  }
  return [...by].map(([id, e]) => ({ id, tier, rank: -e.sum, reason: e.reason }));
}

/** Serving order (tier, then rank), each id once at its best place. */
function sortRanked(rows: Ranked[]): Ranked[] {
  const sorted = rows.sort((a, b) => a.tier - b.tier || a.rank - b.rank);
  const seen = new Set<string>();
  return sorted.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

const caches = new WeakMap<Db, ServeCache>();

/** The process's serving cache for this database (created on first use). */
export function serveCacheFor(db: Db): ServeCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = createServeCache();
    caches.set(db, cache);
  }
  return cache;
}
