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
  const sorted = rows.sort((a, b) => a.tier - b.tier || a.rank - b.rank);
  const seen = new Set<string>();
  return sorted.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

/** The store's popular products as candidates of `tier`. */
export const popularRanked = (popular: readonly string[], tier: number): Ranked[] =>
  popular.map((id, at) => ({ id, tier, rank: at + 1, reason: 'popular in this store' }));
