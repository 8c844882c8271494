/** Selecting the k best-scored indices out of a sparse scratch array. */
import type { Neighbour } from './types.js';

/** The k highest positive scores among `candidates`, best first (ties broken by lower index). */
export function selectTop(candidates: number[], scores: Float64Array, k: number): Neighbour[] {
  const picked: Neighbour[] = [];
  for (const item of candidates) {
    const score = scores[item]!;
    if (score > 0) picked.push({ item, score });
  }
  picked.sort((a, b) => b.score - a.score || a.item - b.item);
  if (picked.length > k) picked.length = k;
  return picked;
}
