/**
 * The per-process serving cache of the product page's lists ("bought together" and "similar").
 *
 * Key: store + the store's recommendation set version (repository/serve-version.ts) + product + sizes, so
 * an entry is only ever served for the store and the set it was read from. A process trusts the version it
 * last read for a store for `versionTtlMs` (1 s): after that the next request re-reads it (two primary-key
 * lookups in one statement), so every process serves a new build, pin or exclusion within ~1 s; the
 * process that made the change drops its lease at once (`forget`). Catalog facts inside an entry (price,
 * stock, status) are not part of the version: an entry lives at most `maxAgeMs` (30 s), and catalog
 * events trigger an incremental update, which is a new version.
 *
 * Entries are read without the shopper's cart and hold SPARE extra rows per list; the cart's products are
 * removed per request (their ids come in the statement that reads the version, or the lists).
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
  /** The longest one product's lists are served from memory (price and stock inside may change). */
  maxAgeMs?: number;
  maxEntries?: number;
}

export interface ServeCacheStats {
  hits: number;
  misses: number;
  versionReads: number;
}

/** Rows kept beyond the asked number per list, so removing the cart's products still fills the row. */
const SPARE = 4;

export interface ServeCache {
  productPageLists(
    db: Db,
    tenantId: string,
    productId: string,
    size: { together: number; similar: number },
    cartId: string | null | undefined,
  ): Promise<PageLists>;
  /** Drops this process's version lease for a store (after this process changed its set). */
  forget(tenantId: string): void;
  readonly stats: ServeCacheStats;
}

export function createServeCache(opts: ServeCacheOptions = {}): ServeCache {
  const versionTtlMs = opts.versionTtlMs ?? 1000;
  const leases = new LRUCache<string, { version: string; at: number }>({ max: 100_000 });
  const lists = new LRUCache<string, PageLists>({
    max: opts.maxEntries ?? 20_000,
    ttl: opts.maxAgeMs ?? 30_000,
  });
  const stats: ServeCacheStats = { hits: 0, misses: 0, versionReads: 0 };

  return {
    stats,
    forget: (tenantId) => void leases.delete(tenantId),
    async productPageLists(db, tenantId, productId, size, cartId) {
      const now = performance.now();
      // !!! tenant scoping: the store's id leads every key; another store's entry cannot be looked up.
      const keyOf = (version: string) =>
        `${tenantId}|${version}|${productId}|${size.together}|${size.similar}`;
      let lease = leases.get(tenantId);
      let entry = lease ? lists.get(keyOf(lease.version)) : undefined;
      let cart: string[] = [];
      if (lease && entry && (cartId || now - lease.at >= versionTtlMs)) {
        stats.versionReads++;
        const state = await withTenantStatement(db, tenantId, (trx) =>
          repo.readServeState(trx, tenantId, cartId),
        );
        cart = state.cart;
        lease = { version: state.version, at: now };
        leases.set(tenantId, lease);
        entry = lists.get(keyOf(lease.version));
      }
      if (entry) {
        stats.hits++;
        return withoutCart(entry, cart, size);
      }
      stats.misses++;
      const read = await withTenantStatement(db, tenantId, (trx) =>
        repo.readProductPageLists(trx, tenantId, productId, {
          together: size.together + SPARE,
          similar: size.similar + size.together + SPARE,
          withCart: cartId,
        }),
      );
      const fresh = { together: read.together, similar: read.similar };
      // No version: not an active product of this store (nothing to cache).
      if (read.version !== undefined) {
        leases.set(tenantId, { version: read.version, at: now });
        lists.set(keyOf(read.version), fresh);
      }
      return withoutCart(fresh, read.cart, size);
    },
  };
}

/** The asked numbers of rows, the cart's products left out, "similar" without the "together" ones. */
function withoutCart(
  lists: PageLists,
  cart: readonly string[],
  size: { together: number; similar: number },
): PageLists {
  const out = new Set(cart);
  const together = lists.together.filter((r) => !out.has(r.id)).slice(0, size.together);
  for (const r of together) out.add(r.id);
  return { together, similar: lists.similar.filter((r) => !out.has(r.id)).slice(0, size.similar) };
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
