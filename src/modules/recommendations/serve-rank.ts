/**
 * Serving order of composed lists (serve-cache.ts): candidates from several sources, each with a tier
 * (lower first: pins, the list's own kind, fallbacks, popular) and a rank within it; an id is served once,
 * at its best place. Pure functions, no I/O.
 */
import type { Candidate, ProductCandidates } from './repository/index.js';

/** The product lists' kinds. */
export type ProductListKind = 'bought_together' | 'similar';

/** A candidate in serving order: lower tier first, then lower rank; the first of an id wins. */
export interface Ranked {
  id: string;
  tier: number;
  rank: number;
  reason: string;
}

/** What composing reads of a candidate: the product and why it is there. */
export type Listed = Pick<Ranked, 'id' | 'reason'>;

/** One candidate per id, ranked by the sum of its scores (highest first), with its best reason. */
export function summed(rows: Candidate[], tier: number): Ranked[] {
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
export function sortRanked(rows: Ranked[]): Ranked[] {
  const seen = new Set<string>();
  const sorted = rows.sort((a, b) => a.tier - b.tier || a.rank - b.rank);
  return sorted.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

/**
 * Candidates from sources that are each in serving order already, every source outranking the next (a
 * product's pins, its own list, a fallback list, the store's popular products): read lazily, each id once
 * at its first place — exactly sortRanked over all their rows with each source's index as its tier (the
 * built lists come sorted by rank), without copying or sorting them. A composition reads only as far as
 * it serves, a few candidates past its rows; iterable again and again.
 */
export class RankedList implements Iterable<Listed> {
  constructor(private readonly sources: readonly (readonly Listed[])[]) {}

  *[Symbol.iterator](): Iterator<Listed> {
    const served = new Set<string>();
    for (const source of this.sources)
      for (const c of source)
        if (!served.has(c.id)) {
          served.add(c.id);
          yield c;
        }
  }

  /** The ids of the first `n` candidates. */
  firstIds(n: number): string[] {
    const ids: string[] = [];
    if (n <= 0) return ids;
    for (const c of this) if (ids.push(c.id) >= n) break;
    return ids;
  }
}

/** `rows` in serving order (sortRanked), then the store's popular products: each id once. */
export const rankedWithPopular = (rows: Ranked[], popular: readonly string[]): RankedList =>
  new RankedList([sortRanked(rows), popularOnce(popular)]);

/** popularOnce's candidates per popular list (a set version's, kept while that list is). */
const popularByList = new WeakMap<readonly string[], readonly Listed[]>();

/** The store's popular products as candidates, built once per popular list. */
export function popularOnce(popular: readonly string[]): readonly Listed[] {
  let listed = popularByList.get(popular);
  if (!listed) {
    listed = popular.map((id) => ({ id, reason: POPULAR_REASON }));
    popularByList.set(popular, listed);
  }
  return listed;
}

const POPULAR_REASON = 'popular in this store';

/**
 * A product's list of `kind` in serving order: the merchant's pins, its built neighbours of that kind,
 * then (for "bought together") similar ones, then popular products — each source in rank order already.
 */
export function productRanked(own: ProductCandidates, popular: readonly string[], kind: ProductListKind) {
  return new RankedList([
    own.pins.length === 0 ? own.pins : own.pins.map((c) => ({ id: c.id, reason: PIN_REASON })),
    own[kind],
    kind === 'similar' ? [] : own.similar,
    popularOnce(popular),
  ]);
}

const PIN_REASON = 'picked for you';
