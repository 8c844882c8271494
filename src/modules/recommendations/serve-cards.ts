/**
 * The serving cache's product cards (handle, title, price, one-click variant, active, in stock) and their
 * freshness — the catalog facts a served list must not lie about. In an API process the catalog's change
 * notices (migration 0270: stock.changed per product, product.* / imports / price runs per store,
 * delivered at commit to every process by the change listener; wired in boot.ts) mark cards stale at
 * once, and cards live up to `cardMaxAgeMs` (60 s); without a live listener (not attached, or down) a
 * card lives `cardTtlMs` (2 s). Either way a product archived, deleted or sold out leaves every list
 * within seconds, whatever process changed it, and a restocked one comes back as fast (the builds keep
 * out-of-stock products in their lists; only serving leaves them out, as the store's setting says).
 */
import { LRUCache } from 'lru-cache';
import { type Db, withTenantStatement } from '../../lib/db/index.js';
import * as repo from './repository/index.js';
import type { Listed } from './serve-rank.js';

/** Candidates beyond those a list needs whose cards are fetched in the same statement. */
export const SLACK = 4;

export interface CardStats {
  cardReads: number;
}

/**
 * A kept card, its store and when its read started (the object is replaced whenever the card is read
 * again). Kept by product id alone — ids are unique, and a lookup by the candidates' own id strings
 * builds no key and hashes nothing new (V8 keeps a string's hash) — with the store checked at every
 * lookup: an entry of another store is no card of this one.
 */
export interface CardEntry {
  tenantId: string;
  card: repo.ProductCard | null;
  at: number;
}

/**
 * The cards a composed list was decided by (product id → the card object it saw). A card read again with
 * the same content keeps its object (see `put`), so only a real change or staleness tells them apart.
 */
export type CardsSeen = Map<string, repo.ProductCard | null>;

export interface CardStore {
  /** Keeps cards read elsewhere (with the lists), stamped with the time their read started. */
  put(tenantId: string, asked: readonly string[], found: readonly repo.ProductCard[], at: number): void;
  /** A fresh card (null: not a product of this store), or undefined when missing or stale. */
  fresh(tenantId: string, id: string): repo.ProductCard | null | undefined;
  /**
   * The card of `id` as composing round `round` may use it: fresh, or from round STALE_ROUND on the kept
   * one whatever its age (null: not a product of this store; undefined: to be read).
   */
  usable(tenantId: string, id: string, round: number): repo.ProductCard | null | undefined;
  /** Those of `ids` whose cards are missing or no longer fresh (each once). */
  stale(tenantId: string, ids: Iterable<string>): string[];
  /**
   * Reads the cards of `ids` in one statement. Callers pass what a scan or `stale` just found missing or no
   * longer fresh (each once), so nothing is filtered again here.
   */
  refresh(db: Db, tenantId: string, ids: readonly string[]): Promise<void>;
  /**
   * The first `limit` servable candidates not in `skip`, from the cards held (no I/O): `out`, and `need`
   * — the candidates before the cut whose cards must be read first (missing, or stale before round
   * STALE_ROUND). `out` is the answer when `need` is empty, `out` is full or the round is STALE_ROUND or
   * later. With `seen`, records every card the answer was decided by (served or passed over).
   */
  scan(
    tenantId: string,
    excludeOutOfStock: boolean,
    ranked: Iterable<Listed>,
    skip: ReadonlySet<string>,
    limit: number,
    round: number,
    seen?: CardsSeen,
  ): { out: repo.ServedRow[]; need: string[] };
  /** `scan`, reading what it needs (one statement per round, usually none or one). */
  pick(
    db: Db,
    tenantId: string,
    excludeOutOfStock: boolean,
    ranked: Iterable<Listed>,
    skip: ReadonlySet<string>,
    limit: number,
  ): Promise<repo.ServedRow[]>;
  /** Records the current entry of `id` in `seen` (a card an answer was decided by). */
  see(tenantId: string, id: string, seen: CardsSeen): void;
  /**
   * Whether every card in `seen` is still the kept one and fresh: then composing again would decide
   * exactly as before (the same cards, no notice, no expiry since).
   */
  unchanged(tenantId: string, seen: CardsSeen): boolean;
  noteCatalogChange(tenantId: string, productId?: string): void;
  attachNotices(isLive: () => boolean): void;
  resync(): void;
}

/** From this composing round on, a stale card is served as it is rather than read again. */
export const STALE_ROUND = 3;

/** Whether a scan's answer stands (nothing to read first, or nothing more may be read). */
export const scanDone = (scan: { out: unknown[]; need: string[] }, limit: number, round: number) =>
  scan.need.length === 0 || scan.out.length >= limit || round >= STALE_ROUND;

/** Every field of a card; `sameCard` compares them all. */
const CARD_FIELDS = ['id', 'handle', 'title', 'price', 'variantId', 'active', 'inStock'] as const;
// A field added to ProductCard but not to CARD_FIELDS fails to compile here (a change it carries must
// never keep the old card object).
const everyFieldCompared: [Exclude<keyof repo.ProductCard, (typeof CARD_FIELDS)[number]>] extends [never]
  ? true
  : never = true;
void everyFieldCompared;

/** Whether two reads of a card say the same (every field). */
function sameCard(a: repo.ProductCard | null, b: repo.ProductCard | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return CARD_FIELDS.every((f) => a[f] === b[f]);
}

export function createCardStore(
  opts: { cardTtlMs?: number; cardMaxAgeMs?: number; maxEntries?: number },
  stats: CardStats,
): CardStore {
  const cardTtlMs = opts.cardTtlMs ?? 2000;
  const cardMaxAgeMs = opts.cardMaxAgeMs ?? 60_000;
  let isLive: () => boolean = () => false;
  /**
   * When a store's cards (by store id) and a product's card (by product id: a notice about one store's
   * product also stales another's card of the same id, which only costs a read) last went stale.
   */
  const storeChanged = new Map<string, number>();
  const productChanged = new Map<string, number>();
  /** Cards read before this are never trusted (notices may have been missed). */
  let floor = 0;
  // !!! tenant scoping: every entry names its store and a lookup of another store's entry finds no card
  // (entryOf); every read runs in that store's tenant transaction (RLS), so a foreign id finds nothing (a
  // null card).
  const cards = new LRUCache<string, CardEntry>({
    max: (opts.maxEntries ?? 20_000) * 5,
  });

  /** The kept entry of product `id` of this store. */
  function entryOf(tenantId: string, id: string): CardEntry | undefined {
    const e = cards.get(id);
    return e?.tenantId === tenantId ? e : undefined;
  }

  /** Whether a card of product `id` read at `at` may still be served. */
  function isFresh(tenantId: string, id: string, at: number, now: number): boolean {
    if (!isLive()) return now - at < cardTtlMs;
    if (at <= floor || now - at >= cardMaxAgeMs) return false;
    return (storeChanged.get(tenantId) ?? -1) < at && (productChanged.get(id) ?? -1) < at;
  }

  /** Keeps a card read at `at`; the same content as the kept card keeps the kept object (see CardsSeen). */
  function keepCard(tenantId: string, id: string, card: repo.ProductCard | null, at: number) {
    const kept = entryOf(tenantId, id)?.card;
    cards.set(id, { tenantId, card: kept !== undefined && sameCard(kept, card) ? kept : card, at });
  }

  function put(tenantId: string, asked: readonly string[], found: readonly repo.ProductCard[], at: number) {
    const byId = new Map(found.map((c) => [c.id, c]));
    for (const id of asked) if (!byId.has(id)) keepCard(tenantId, id, null, at);
    for (const c of found) keepCard(tenantId, c.id, c, at);
  }

  function fresh(tenantId: string, id: string) {
    const c = entryOf(tenantId, id);
    return c && isFresh(tenantId, id, c.at, performance.now()) ? c.card : undefined;
  }

  function usable(tenantId: string, id: string, round: number) {
    if (round < STALE_ROUND) return fresh(tenantId, id);
    return entryOf(tenantId, id)?.card;
  }

  const stale = (tenantId: string, ids: Iterable<string>) =>
    [...new Set(ids)].filter((id) => fresh(tenantId, id) === undefined);

  async function refresh(db: Db, tenantId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const now = performance.now();
    stats.cardReads++;
    const read = await withTenantStatement(db, tenantId, (trx) => repo.readCards(trx, tenantId, ids));
    // Stamped with the time the read started: a change racing it is seen one TTL later at most.
    put(tenantId, ids, read, now);
  }

  /** The first pass looks SLACK candidates past what the list needs, so one read usually suffices. */
  const scan: CardStore['scan'] = (tenantId, excludeOutOfStock, ranked, skip, limit, round, seen) => {
    const now = performance.now();
    const out: repo.ServedRow[] = [];
    const need: string[] = [];
    for (const c of ranked) {
      if (out.length >= limit || out.length + need.length >= limit + SLACK) break;
      if (skip.has(c.id)) continue;
      const cached = entryOf(tenantId, c.id);
      if (!cached || (round < STALE_ROUND && !isFresh(tenantId, c.id, cached.at, now))) {
        need.push(c.id);
        continue;
      }
      seen?.set(c.id, cached.card);
      const card = cached.card;
      if (card?.active && (card.inStock || !excludeOutOfStock))
        out.push({
          id: card.id,
          handle: card.handle,
          title: card.title,
          price: card.price,
          reason: c.reason,
          variantId: card.variantId,
        });
    }
    return { out, need };
  };

  /** One statement per round, usually one round; from round STALE_ROUND a stale card is served as it is. */
  const pick: CardStore['pick'] = async (db, tenantId, excludeOutOfStock, ranked, skip, limit) => {
    for (let round = 0; ; round++) {
      const found = scan(tenantId, excludeOutOfStock, ranked, skip, limit, round);
      if (scanDone(found, limit, round)) return found.out;
      await refresh(db, tenantId, found.need);
    }
  };

  return {
    put,
    fresh,
    usable,
    stale,
    refresh,
    scan,
    pick,
    see(tenantId, id, seen) {
      const c = entryOf(tenantId, id);
      if (c) seen.set(id, c.card);
    },
    unchanged(tenantId, seen) {
      const now = performance.now();
      for (const [id, card] of seen) {
        const kept = entryOf(tenantId, id);
        if (kept?.card !== card || !isFresh(tenantId, id, kept.at, now)) return false;
      }
      return true;
    },
    noteCatalogChange(tenantId, productId) {
      // Bounded: past the bound everything is dropped (cheaper than tracking evictions).
      if (storeChanged.size + productChanged.size > 200_000) {
        floor = performance.now();
        storeChanged.clear();
        productChanged.clear();
      }
      // A card whose read started at or before this instant may predate the change.
      if (productId) productChanged.set(productId, performance.now());
      else storeChanged.set(tenantId, performance.now());
    },
    attachNotices(live) {
      isLive = live;
      floor = performance.now();
    },
    resync() {
      floor = performance.now();
      storeChanged.clear();
      productChanged.clear();
    },
  };
}
