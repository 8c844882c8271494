/**
 * Serving order of composed lists (serve-cache.ts): candidates from several sources, each with a tier
 * (lower first: pins, the list's own kind, fallbacks, popular) and a rank within it; an id is served once,
 * at its best place. Pure functions, no I/O.
 */
import type { Candidate } from './repository/index.js';

/** A candidate in serving order: lower tier first, then lower rank; the first of an id wins. */
export interface Ranked {
  id: string;
  tier: number;
  rank: number;
  reason: string;
}

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
  return sortedOnce(rows, new Set<string>());
}

/** sortRanked, recording the ids served in `seen`. */
function sortedOnce(rows: Ranked[], seen: Set<string>): Ranked[] {
  const sorted = rows.sort((a, b) => a.tier - b.tier || a.rank - b.rank);
  return sorted.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

/**
 * `rows` in serving order followed by the store's popular products as candidates of `tier` — which must
 * be above every row's tier — each id once: exactly sortRanked([...rows, ...popularRanked(popular, tier)]),
 * as a list read lazily. A composition reads only as far as it serves (a few candidates past its rows),
 * so the popular tail (built once per popular list and tier, in rank order already) is never copied.
 */
export function rankedWithPopular(rows: Ranked[], popular: readonly string[], tier: number): RankedList {
  const seen = new Set<string>();
  return new RankedList(sortedOnce(rows, seen), popularOnce(popular, tier), seen);
}

/** Rows in serving order, then the popular candidates none of them already holds; iterable again and again. */
export class RankedList implements Iterable<Ranked> {
  constructor(
    private readonly rows: readonly Ranked[],
    private readonly popular: readonly Ranked[],
    private readonly inRows: ReadonlySet<string>,
  ) {}

  *[Symbol.iterator](): Iterator<Ranked> {
    yield* this.rows;
    // The popular list holds each id once: only the rows' ids need skipping.
    for (const p of this.popular) if (!this.inRows.has(p.id)) yield p;
  }

  /** The ids of the first `n` candidates. */
  firstIds(n: number): string[] {
    const ids: string[] = [];
    if (n <= 0) return ids;
    for (const c of this) if (ids.push(c.id) >= n) break;
    return ids;
  }
}

/** popularRanked per popular list (a set version's, kept while that list is) and tier. */
const popularByList = new WeakMap<readonly string[], Map<number, readonly Ranked[]>>();

function popularOnce(popular: readonly string[], tier: number): readonly Ranked[] {
  let byTier = popularByList.get(popular);
  if (!byTier) {
    byTier = new Map();
    popularByList.set(popular, byTier);
  }
  let ranked = byTier.get(tier);
  if (!ranked) {
    ranked = popularRanked(popular, tier);
    byTier.set(tier, ranked);
  }
  return ranked;
}

/** The store's popular products as candidates of `tier`. */
export const popularRanked = (popular: readonly string[], tier: number): Ranked[] =>
  popular.map((id, at) => ({ id, tier, rank: at + 1, reason: 'popular in this store' }));
