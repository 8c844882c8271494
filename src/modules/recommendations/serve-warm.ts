/**
 * Holding a store's product-page lists in this process, read ahead of its shoppers. A product page
 * composes its rows inline only from lists this process holds; a page whose lists are cold answers with a
 * placeholder that the browser fills from the rows fragment — a request of its own (~1.5 ms of CPU and
 * ~300 kB of garbage) for every first view of a product in each process, after every start and every
 * rebuild (a rebuild moves the store's set version, and lists are kept per version).
 *
 * Reading ahead is bought with what the cold pages already cost, page by page (rent or buy): after every
 * `coldPerPage` cold product pages of a store under one set version, the process reads the lists of the
 * store's next `pageSize` active products by id — one statement with their first cards, off every
 * request's path. A page of 250 costs ~16–26 ms of CPU to read and keep (`npm run bench -- recommendations`:
 * 10,000 products in 40 statements, 0.64–1.06 s of CPU), about what 16 rows fragments cost, so with the default of 16
 * a store never pays more for reading ahead than its cold pages paid in fragments: a 100-product store is
 * held whole after 16 cold pages, a 10,000-product one after ~650 (a busy store, whose lists then stop
 * costing fragments at all). One read at a time per store; at most `maxProducts` products (half the lists
 * the state store keeps: a bigger store would evict its own lists); a version that moves stops it (the
 * next cold pages start again under the new one).
 */
import { type Db, withTenantStatement } from '../../lib/db/index.js';
import * as repo from './repository/index.js';
import type { StateStore } from './serve-state-api.js';

export interface WarmStats {
  /** Statements that read a page of a store's lists ahead (none on a request's path). */
  warmReads: number;
  /** Stores whose lists this process holds whole. */
  storesWarmed: number;
}

/** What one read ahead ended with: more to read, the store held whole, or stopped. */
export type WarmOutcome = 'partly' | 'warmed' | 'too big' | 'version moved';

export interface StoreWarmer {
  /**
   * Notes a product page of the store whose lists were cold under the set version `version` (`ask`: the
   * page's kinds and depths); returns the read ahead this page started (for the caller to log a
   * failure), else undefined.
   */
  noteCold(db: Db, tenantId: string, version: string, ask: repo.ListsAsk): Promise<WarmOutcome> | undefined;
  /** The store's read ahead under way, or its last one (tests and benches wait for it). */
  reading(tenantId: string): Promise<WarmOutcome> | undefined;
}

interface StoreAhead {
  version: string;
  cold: number;
  /** Pages read, the last id read, products held. */
  pages: number;
  after: string;
  held: number;
  /** Set when nothing more is read under this version. */
  done?: Exclude<WarmOutcome, 'partly'>;
  inFlight: boolean;
  last?: Promise<WarmOutcome>;
}

export function createStoreWarmer(
  opts: { coldPerPage: () => number; maxProducts: number; pageSize?: number },
  parts: StateStore,
  stats: WarmStats,
): StoreWarmer {
  const pageSize = opts.pageSize ?? 250;
  const stores = new Map<string, StoreAhead>();

  async function readPage(db: Db, tenantId: string, s: StoreAhead, ask: repo.ListsAsk): Promise<WarmOutcome> {
    // One product past the bound tells a store that is too big from one of exactly maxProducts.
    const want = Math.min(pageSize, opts.maxProducts + 1 - s.held);
    const at = performance.now();
    // One product past the page says whether another page follows (its lists are not kept: the next
    // page reads them), so the last page is known when it is read, not by an empty read no page asks for.
    const read = await withTenantStatement(db, tenantId, (trx) =>
      repo.readStorePageLists(trx, tenantId, { after: s.after, limit: want + 1 }, ask),
    );
    stats.warmReads++;
    if (read.version !== s.version) return 'version moved';
    // uuids compare as their lower-case hex text does, byte for byte.
    const page = [...read.productIds].sort().slice(0, want);
    const more = read.productIds.length > want;
    const lists = more ? new Map(page.map((id) => [id, read.lists.get(id)!])) : read.lists;
    parts.keepLists(tenantId, { ...read, productIds: page, lists }, at);
    s.pages++;
    s.held += page.length;
    s.after = page.at(-1) ?? s.after;
    if (!more) {
      stats.storesWarmed++;
      return 'warmed';
    }
    return s.held > opts.maxProducts ? 'too big' : 'partly';
  }

  return {
    noteCold(db, tenantId, version, ask) {
      const per = opts.coldPerPage();
      if (per <= 0) return undefined;
      let s = stores.get(tenantId);
      if (!s || s.version !== version) {
        s = { version, cold: 0, pages: 0, after: repo.STORE_PAGE_START, held: 0, inFlight: false };
        // Bounded by the stores this process serves: past 10,000 the oldest entry goes.
        if (stores.size >= 10_000 && !stores.has(tenantId)) stores.delete(stores.keys().next().value!);
        stores.set(tenantId, s);
      }
      s.cold++;
      if (s.done || s.inFlight || s.cold < per * (s.pages + 1)) return undefined;
      const ahead = s;
      ahead.inFlight = true;
      ahead.last = readPage(db, tenantId, ahead, ask)
        .then(
          (outcome) => {
            if (outcome !== 'partly') ahead.done = outcome;
            return outcome;
          },
          (err: unknown) => {
            // A failed read (the database away) is tried again only after as many cold pages again.
            ahead.pages++;
            throw err;
          },
        )
        .finally(() => {
          ahead.inFlight = false;
        });
      return ahead.last;
    },
    reading: (tenantId) => stores.get(tenantId)?.last,
  };
}
