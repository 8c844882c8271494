/**
 * The serving cache's slow-changing parts and when they go stale:
 *   - the store's set version (repository/serve-version.ts) with its popular list and out-of-stock
 *     setting, and the candidate lists per product (built neighbours of each kind, the merchant's pins and
 *     exclusions), keyed by store + version. A process trusts the version it last read for
 *     `versionTtlMs` (1 s), then re-reads it, so a rebuild, pin or exclusion reaches every process within
 *     ~1 s; the process that made the change drops its lease at once (`forget`);
 *   - the shopper's recent products ("for you"), kept `historyTtlMs` (5 s; views are buffered for a few
 *     seconds anyway); this process drops a shopper's as soon as it has written their new events;
 *   - which product a handle names (for routes and pages that know only the handle), trusted only while
 *     that product's fresh card still carries the handle.
 * Lists read with cards hand the cards to the card store (serve-cards.ts).
 */
import type { CompiledQuery } from 'kysely';
import { LRUCache } from 'lru-cache';
import { type Db, withTenantStatement } from '../../lib/db/index.js';
import * as repo from './repository/index.js';
import type { CardStore } from './serve-cards.js';
import type {
  History,
  PendingReads,
  ServeState,
  StateStats,
  StateStore,
  StoreSet,
} from './serve-state-api.js';

interface Lease {
  version: string;
  at: number;
  set: StoreSet | undefined;
}

/**
 * A product's candidate lists as kept: by product id alone (ids are unique; a lookup by an id string the
 * page already holds builds no key), naming the store and the set version they were read under — an
 * entry of another store or version is no list of this one.
 */
interface HeldLists {
  tenantId: string;
  version: string;
  lists: repo.ProductCandidates;
}

export function createStateStore(
  opts: { versionTtlMs?: number; historyTtlMs?: number; maxEntries?: number },
  cards: CardStore,
  stats: StateStats,
): StateStore {
  const versionTtlMs = opts.versionTtlMs ?? 1000;
  const max = opts.maxEntries ?? 20_000;
  // !!! tenant scoping: the store's id leads every key but the lists' (whose entries name their store and
  // are checked at every lookup: listsHeld); another store's entry cannot be looked up, and every
  // statement runs in that store's tenant transaction (RLS), so a foreign id finds nothing.
  // A lease carries its version's set when this process knows it (a page's checks read one entry).
  const leases = new LRUCache<string, Lease>({ max: 100_000 });
  const sets = new LRUCache<string, StoreSet>({ max: 10_000 });
  // ttlResolution: how long lru-cache reuses its clock reading. Its default (1 ms) arms a timer at
  // nearly every read of a busy process (a product page's warm check and repeat check read `lists`):
  // a tenth of each lifetime is as exact as these lifetimes need, at one timer per that span.
  const lists = new LRUCache<string, HeldLists>({ max, ttl: 10 * 60_000, ttlResolution: 1000 });
  const historyTtl = opts.historyTtlMs ?? 5000;
  const histories = new LRUCache<string, History>({
    max,
    ttl: historyTtl,
    ttlResolution: Math.max(1, Math.floor(historyTtl / 10)),
  });
  const handles = new LRUCache<string, string>({ max });
  /**
   * The handles of the products whose lists were kept (from their own cards; a whole store's read
   * ahead keeps every product's), for composing at once by handle (heldCard) alone: a product's page
   * read only carries the lists of products read by handle before (`handles`), as it always has.
   */
  const heldHandles = new LRUCache<string, string>({ max });

  /**
   * Keeps lists (under the version they were read with) and the cards that came with them. Kinds kept
   * of the same product under the same version and not read again stay (the same build, the same pins).
   */
  function keep(tenantId: string, read: repo.CandidateLists, at: number, asked: readonly string[]) {
    if (read.cards) {
      cards.put(tenantId, asked, read.cards, at);
      for (const c of read.cards)
        if (read.lists.has(c.id)) heldHandles.set(`${tenantId}|${c.handle.toLowerCase()}`, c.id);
    }
    // A rebuild in between: kept under the new version, so the next request re-reads.
    for (const [id, l] of read.lists) {
      const held = listsHeld(tenantId, read.version, id);
      lists.set(id, { tenantId, version: read.version, lists: held ? withKindsOf(held, l) : l });
    }
  }

  /** The lists of product `id` kept for this store under `version`, whatever kinds they hold. */
  function listsHeld(tenantId: string, version: string, id: string) {
    const held = lists.get(id);
    return held?.tenantId === tenantId && held.version === version ? held.lists : undefined;
  }

  /** Takes a state read's version lease and (when read) the set; the set known for that version. */
  function keepState(tenantId: string, read: repo.ServeState, at: number): StoreSet | undefined {
    const setKey = `${tenantId}|${read.version}`;
    const set = read.popular
      ? { popular: read.popular, excludeOutOfStock: read.excludeOutOfStock }
      : sets.get(setKey);
    if (read.popular && set) sets.set(setKey, set);
    leases.set(tenantId, { version: read.version, at, set });
    return set;
  }

  /**
   * The product id `ref` names, when a fresh card of it still agrees: an id (its own card; an id match
   * wins, as in the read), or a handle whose product's fresh card still carries it (a rename or a new
   * product taking the handle makes the card disagree, and the handle is looked up again).
   */
  function knownProduct(tenantId: string, ref: string): string | undefined {
    return knownCard(tenantId, ref, false)?.id;
  }

  /** knownProduct's card; `byHeldHandle`: a handle of a product whose lists are kept names it too. */
  function knownCard(tenantId: string, ref: string, byHeldHandle: boolean) {
    const own = cards.fresh(tenantId, ref);
    if (own) return own;
    const key = `${tenantId}|${ref.toLowerCase()}`;
    const known = handles.get(key) ?? (byHeldHandle ? heldHandles.get(key) : undefined);
    const card = known === undefined ? undefined : cards.fresh(tenantId, known);
    return card && card.handle.toLowerCase() === ref.toLowerCase() ? card : undefined;
  }

  /** Takes a by-ref lists read: the lists, their cards and the handle → product it found. */
  function keepProduct(tenantId: string, read: repo.CandidateLists, at: number) {
    const found = read.productIds[0];
    if (!found) return undefined;
    keep(tenantId, read, at, [found]);
    const own = read.cards?.find((c) => c.id === found);
    if (own) handles.set(`${tenantId}|${own.handle.toLowerCase()}`, found);
    return { id: found, lists: read.lists.get(found)! };
  }

  async function state(
    db: Db,
    tenantId: string,
    ask: { cartId?: string | null; shopper?: repo.Shopper; historyLists?: repo.ListsAsk },
  ): Promise<ServeState> {
    const now = performance.now();
    const lease = leases.get(tenantId);
    const known = lease?.set;
    const historyKey = ask.shopper ? shopperKey(tenantId, ask.shopper) : undefined;
    const history = historyKey ? histories.get(historyKey) : undefined;
    const needsHistory = historyKey !== undefined && history === undefined;
    if (lease && known && now - lease.at < versionTtlMs && !ask.cartId && !needsHistory)
      return { version: lease.version, set: known, cart: [], history };
    stats.versionReads++;
    const read = await withTenantStatement(db, tenantId, (trx) =>
      repo.readServeState(trx, tenantId, {
        cartId: ask.cartId,
        shopper: needsHistory ? ask.shopper : undefined,
        popular: !known || now - (lease?.at ?? 0) >= versionTtlMs,
        historyLists: needsHistory ? ask.historyLists : undefined,
      }),
    );
    const set = keepState(tenantId, read, now);
    if (!set) {
      // The version moved under a fresh lease (another process rebuilt): read its set once more.
      leases.delete(tenantId);
      return state(db, tenantId, ask);
    }
    if (historyKey && read.history) histories.set(historyKey, read.history);
    if (read.historyLists) keep(tenantId, read.historyLists, now, read.historyLists.productIds);
    return { version: read.version, set, cart: read.cart, history: history ?? read.history };
  }

  async function listsOf(
    db: Db,
    tenantId: string,
    version: string,
    ids: readonly string[],
    ask: repo.ListsAsk,
  ): Promise<Map<string, repo.ProductCandidates>> {
    const out = new Map<string, repo.ProductCandidates>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = listsHeld(tenantId, version, id);
      if (hit && covers(hit, ask)) out.set(id, hit);
      else missing.push(id);
    }
    if (missing.length === 0) {
      stats.hits++;
      return out;
    }
    stats.misses++;
    const at = performance.now();
    const read = await withTenantStatement(db, tenantId, (trx) =>
      repo.readCandidateLists(trx, tenantId, missing, ask),
    );
    keep(tenantId, read, at, missing);
    for (const [id, l] of read.lists) out.set(id, l);
    return out;
  }

  async function product(db: Db, tenantId: string, version: string, ref: string, ask: repo.ListsAsk) {
    const id = knownProduct(tenantId, ref);
    if (id) return { id, lists: (await listsOf(db, tenantId, version, [id], ask)).get(id)! };
    stats.misses++;
    const at = performance.now();
    const read = await withTenantStatement(db, tenantId, (trx) =>
      repo.readCandidateLists(trx, tenantId, { ref }, ask),
    );
    return keepProduct(tenantId, read, at);
  }

  /**
   * The lists of product `id` kept under the version of the store's lease (fresh or not), if they cover
   * `ask`. Lists are kept by version: under an expired lease, the one it had (a rebuild in between is
   * rare, and then `product` reads again).
   */
  function heldLists(
    tenantId: string,
    id: string | undefined,
    ask: repo.ListsAsk,
    lease: { version: string } | undefined = leases.get(tenantId),
  ) {
    const held = id && lease ? listsHeld(tenantId, lease.version, id) : undefined;
    return held && covers(held, ask) ? held : undefined;
  }

  function prefetchProduct(
    tenantId: string,
    ref: string,
    ask: repo.ListsAsk,
    o: { lists?: 'all' | 'held' } = {},
  ): PendingReads | null {
    const at = performance.now();
    const lease = leases.get(tenantId);
    const needState = !lease?.set || at - lease.at >= versionTtlMs;
    const known = knownProduct(tenantId, ref);
    const needLists =
      known === undefined
        ? o.lists !== 'held' ||
          heldLists(tenantId, handles.get(`${tenantId}|${ref.toLowerCase()}`), ask, lease) !== undefined
        : !heldLists(tenantId, known, ask, lease);
    if (!needState && !needLists) return null;
    const stateAsk = { popular: true };
    return {
      queries(trx) {
        const q: CompiledQuery[] = [];
        if (needState) q.push(repo.serveStateStatement(trx, tenantId, stateAsk));
        if (needLists) q.push(repo.candidateListsStatement(trx, tenantId, { ref }, ask));
        return q;
      },
      take(rows) {
        let i = 0;
        if (needState) {
          stats.versionReads++;
          keepState(tenantId, repo.toServeState(rows[i++] ?? [], stateAsk), at);
        }
        if (needLists) {
          stats.misses++;
          keepProduct(tenantId, repo.candidateListsOf(rows[i] ?? [], ask), at);
        }
      },
    };
  }

  /** The lease while fresh and with its set (the object itself: a page's checks allocate nothing). */
  function heldState(tenantId: string) {
    const lease = leases.get(tenantId);
    return lease && withSet(lease) && performance.now() - lease.at < versionTtlMs ? lease : undefined;
  }

  function heldProduct(tenantId: string, ref: string, version: string, ask: repo.ListsAsk) {
    const id = knownProduct(tenantId, ref);
    const held = heldLists(tenantId, id, ask, { version });
    if (!id || !held) return undefined;
    stats.hits++;
    return { id, lists: held };
  }

  return {
    state,
    lists: listsOf,
    product,
    prefetchProduct,
    holdsProduct: (tenantId, id, ask) => heldLists(tenantId, id, ask) !== undefined,
    keepLists: (tenantId, read, at) => keep(tenantId, read, at, read.productIds),
    heldState,
    heldCard: (tenantId, ref) => knownCard(tenantId, ref, true),
    heldProduct,
    leasedVersion: (tenantId) => heldState(tenantId)?.version,
    forget: (tenantId) => void leases.delete(tenantId),
    forgetShopper(tenantId, shopper) {
      // Events carry the customer or the session (or both): forget every key the shopper may be read by.
      histories.delete(shopperKey(tenantId, shopper));
      histories.delete(shopperKey(tenantId, { customerId: shopper.customerId, sessionId: null }));
      histories.delete(shopperKey(tenantId, { customerId: null, sessionId: shopper.sessionId }));
    },
  };
}

const withSet = (lease: Lease): lease is Lease & { set: StoreSet } => lease.set !== undefined;

/** Whether kept lists hold every kind `ask` names. */
const covers = (held: repo.ProductCandidates, ask: repo.ListsAsk) =>
  repo.askedKinds(ask).every((k) => held.kinds.includes(k));

/** `read` plus the kinds only `held` has (both of one product under one set version). */
function withKindsOf(held: repo.ProductCandidates, read: repo.ProductCandidates): repo.ProductCandidates {
  const extra = held.kinds.filter((k) => !read.kinds.includes(k));
  if (extra.length === 0) return read;
  const merged = { ...read, kinds: [...read.kinds, ...extra] };
  for (const k of extra) merged[k] = held[k];
  return merged;
}

const shopperKey = (tenantId: string, s: repo.Shopper) =>
  `${tenantId}|${s.customerId ?? ''}|${s.sessionId ?? ''}`;
