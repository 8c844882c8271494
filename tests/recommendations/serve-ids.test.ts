/**
 * The serving cache keeps cards and candidate lists by product id alone (serve-cards.ts, serve-state.ts):
 * ids are unique in practice, but nothing in the schema stops two stores holding a product of the same id
 * ((tenant_id, id) is the key). Each entry names its store, so another store's entry is never a card or a
 * list of this one — it is read again instead — and a change notice about one store's product only makes
 * the other's card of that id stale (a read, never a wrong answer). No database: these are the parts'
 * own bookkeeping.
 */
import { describe, expect, it } from 'vitest';
import type * as repo from '../../src/modules/recommendations/repository/index.js';
import { createCardStore } from '../../src/modules/recommendations/serve-cards.js';
import { createStateStore } from '../../src/modules/recommendations/serve-state.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const SHARED = '11111111-1111-4111-8111-111111111111';

const card = (title: string): repo.ProductCard => ({
  id: SHARED,
  handle: title.toLowerCase(),
  title,
  price: 1000,
  variantId: null,
  active: true,
  inStock: true,
});

const tick = () => new Promise((r) => setTimeout(r, 2));

const stats = () => ({ cardReads: 0, hits: 0, misses: 0, versionReads: 0 });

describe('cards kept by product id', () => {
  it('never answers one store with another store’s card of the same id', () => {
    const cards = createCardStore({ cardTtlMs: 60_000 }, stats());
    const now = performance.now();
    cards.put(A, [SHARED], [card('Mug')], now);
    expect(cards.fresh(A, SHARED)?.title).toBe('Mug');
    expect(cards.fresh(B, SHARED)).toBeUndefined();
    expect(cards.stale(B, [SHARED])).toEqual([SHARED]);
    expect(cards.usable(B, SHARED, 5)).toBeUndefined(); // not even as a stale card
    // The other store's read takes the entry over: the first store reads its own again.
    cards.put(B, [SHARED], [], now);
    expect(cards.fresh(B, SHARED)).toBeNull(); // read: not a product of B
    expect(cards.fresh(A, SHARED)).toBeUndefined();
  });

  it('a scan and a repeat check see only this store’s cards', () => {
    const cards = createCardStore({ cardTtlMs: 60_000 }, stats());
    cards.put(A, [SHARED], [card('Mug')], performance.now());
    const ranked = [{ id: SHARED, reason: 'similar' }];
    const seen = new Map();
    expect(cards.scan(A, true, ranked, new Set(), 1, 0, seen).out.map((r) => r.title)).toEqual(['Mug']);
    expect(cards.unchanged(A, seen)).toBe(true);
    expect(cards.unchanged(B, seen)).toBe(false);
    expect(cards.scan(B, true, ranked, new Set(), 1, 0)).toEqual({ out: [], need: [SHARED] });
  });

  it('a product’s change notice stales that id’s card in every store, a store’s only its own', async () => {
    const cards = createCardStore({}, stats());
    cards.attachNotices(() => true);
    await tick(); // a read started after attaching
    cards.put(A, [SHARED], [card('Mug')], performance.now());
    await tick(); // notices after the read started
    cards.noteCatalogChange(B); // another store's catalog
    expect(cards.fresh(A, SHARED)?.title).toBe('Mug');
    cards.noteCatalogChange(B, SHARED);
    expect(cards.fresh(A, SHARED)).toBeUndefined();
  });
});

describe('lists kept by product id', () => {
  it('holds a product’s lists for its own store and version only', () => {
    const cards = createCardStore({ cardTtlMs: 60_000 }, stats());
    const parts = createStateStore({}, cards, stats());
    const lists: repo.ProductCandidates = {
      kinds: ['similar'],
      pins: [],
      excluded: [],
      similar: [{ id: 'x', rank: 1, score: 1, reason: 'similar' }],
      bought_together: [],
      hybrid: [],
    };
    parts.keepLists(
      A,
      { version: 'v1', productIds: [SHARED], lists: new Map([[SHARED, lists]]), cards: [card('Mug')] },
      performance.now(),
    );
    expect(parts.heldProduct(A, SHARED, 'v1', { similar: 4 })?.lists).toBe(lists);
    expect(parts.heldProduct(A, SHARED, 'v2', { similar: 4 })).toBeUndefined();
    expect(parts.heldProduct(B, SHARED, 'v1', { similar: 4 })).toBeUndefined();
    expect(parts.heldProduct(A, SHARED, 'v1', { similar: 4, bought_together: 2 })).toBeUndefined();
    // The other store's card of that id kept now (its own read): A's lists are still not B's.
    cards.put(B, [SHARED], [card('Cap')], performance.now());
    expect(parts.heldProduct(B, SHARED, 'v1', { similar: 4 })).toBeUndefined();
  });
});
