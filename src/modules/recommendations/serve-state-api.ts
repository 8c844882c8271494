/**
 * The serving cache's state store as its callers see it (serve-state.ts builds it): the store's set
 * version and settings, candidate lists, shopper histories and the reads a page may carry for them.
 */
import type { CompiledQuery } from 'kysely';
import type { Db, Trx } from '../../lib/db/index.js';
import type * as repo from './repository/index.js';

export interface StoreSet {
  popular: string[];
  excludeOutOfStock: boolean;
}

/** A store's version as this process last read it, when, and its set when known. */
export interface History {
  recent: string[];
  ordered: string[];
}

export interface StateStats {
  /** Requests answered from cached candidate lists / those that had to read some. */
  hits: number;
  misses: number;
  /** Statements that read the store's version (with the cart and, when needed, history and popular). */
  versionReads: number;
}

export interface ServeState {
  version: string;
  set: StoreSet;
  /** The cart's products, when a cart id was asked about (else empty). */
  cart: string[];
  history?: History;
}

/**
 * Reads a caller sends in its own round trip (with its own statements, in one tenant transaction of this
 * store): `queries` compiles them, `take` keeps their rows (in the same order) as if this store had read
 * them itself.
 */
export interface PendingReads {
  queries(trx: Trx): CompiledQuery[];
  take(rows: readonly (readonly unknown[])[]): void;
}

export interface StateStore {
  /**
   * The store's version and set, the cart's products (`cartId`) and the shopper's history: one statement
   * when the lease expired or a cart or an uncached history is asked, else none. `historyLists`: a
   * history read brings its products' lists of those kinds (and their first cards) in the same statement.
   */
  state(
    db: Db,
    tenantId: string,
    ask: { cartId?: string | null; shopper?: repo.Shopper; historyLists?: repo.ListsAsk },
  ): Promise<ServeState>;
  /**
   * Candidate lists of `ids` under `version` holding at least the kinds `ask` names (those not kept with
   * them read in one statement, with their first cards).
   */
  lists(
    db: Db,
    tenantId: string,
    version: string,
    ids: readonly string[],
    ask: repo.ListsAsk,
  ): Promise<Map<string, repo.ProductCandidates>>;
  /**
   * The product an id or handle names and its lists (read with its first cards when not cached; an id
   * match wins over a handle match). Undefined: no product of this store by that id or handle.
   */
  product(
    db: Db,
    tenantId: string,
    version: string,
    ref: string,
    ask: repo.ListsAsk,
  ): Promise<{ id: string; lists: repo.ProductCandidates } | undefined>;
  /**
   * What `state` (no cart, no shopper) and then `product(ref, ask)` would read now, as reads a caller may
   * send with its own (null when both are cached). `lists: 'held'`: the product's lists only when this
   * process holds them but their product's card went stale (a re-read that refreshes the card and the
   * first candidates' cards, so composing reads nothing after); never a cold product's lists (a page
   * that does not wait for them).
   */
  prefetchProduct(
    tenantId: string,
    ref: string,
    ask: repo.ListsAsk,
    opts?: { lists?: 'all' | 'held' },
  ): PendingReads | null;
  /**
   * Whether this process holds the lists of the product `id` with every kind `ask` names, under the
   * store's last known version: composing reads none of them (stale cards may still be read again).
   */
  holdsProduct(tenantId: string, id: string, ask: repo.ListsAsk): boolean;
  /** The store's version and set while this process's lease on them is fresh (`state` would read nothing). */
  heldState(tenantId: string): { version: string; set: StoreSet } | undefined;
  /**
   * The fresh card of the product `ref` names: an id, a handle read before, or the handle of a product
   * whose lists are kept (a whole store's read ahead keeps every product's); else undefined.
   */
  heldCard(tenantId: string, ref: string): repo.ProductCard | undefined;
  /**
   * The product `ref` names and its lists of the kinds `ask` names under `version`, when this process
   * holds them and the product's card (`product` would read nothing); else undefined.
   */
  heldProduct(
    tenantId: string,
    ref: string,
    version: string,
    ask: repo.ListsAsk,
  ): { id: string; lists: repo.ProductCandidates } | undefined;
  /** Keeps lists read elsewhere (serve-warm.ts: a store's pages) and their cards, as a read here would. */
  keepLists(tenantId: string, read: repo.CandidateLists, at: number): void;
  /** The store's version while this process's lease on it is fresh (state would read nothing); else undefined. */
  leasedVersion(tenantId: string): string | undefined;
  forget(tenantId: string): void;
  forgetShopper(tenantId: string, shopper: repo.Shopper): void;
}
