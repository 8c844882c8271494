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
 * without building and sorting the popular candidates on every composition (they are in rank order
 * already and follow every row; built once per popular list and tier).
 */
export function rankedWithPopular(rows: Ranked[], popular: readonly string[], tier: number): Ranked[] {
  const seen = new Set<string>();
  const out = sortedOnce(rows, seen);
  for (const p of popularOnce(popular, tier)) if (!seen.has(p.id) && seen.add(p.id)) out.push(p);
  return out;
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
