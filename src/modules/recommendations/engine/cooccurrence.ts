/**
 * Behaviour-based similarity: item-to-item co-occurrence over baskets (orders: bought together; sessions:
 * viewed together). Each basket counts with a time-decay weight and is down-weighted when huge; the similarity
 * divides by both items' own weight (alpha = 0.5 is cosine, lower favours niche companions) and is shrunk
 * towards zero when the evidence is thin, so best-sellers do not dominate every list.
 */
import { selectTop } from './top-k.js';
import type { Neighbour } from './types.js';

/** Baskets as dense item indices, with a weight each and the shopper who made it. */
export interface IndexedBaskets {
  items: Int32Array[];
  weights: Float64Array;
  /** Shopper index per basket; anonymous baskets get a unique negative id. */
  shoppers: Int32Array;
  /** Shopper key → shopper index. */
  shopperIds: Map<string, number>;
}

export interface CooccurrenceOptions {
  alpha: number;
  shrink: number;
  k: number;
}

export interface CooccurrenceModel {
  /** Sum of basket weights per item. */
  itemWeight: Float64Array;
  neighbours: Neighbour[][];
  /** Distinct shoppers behind each kept neighbour (same order as neighbours). */
  shoppers: Int32Array[];
}

/** For every item, the baskets that contain it, ordered by shopper (for distinct-shopper counting). */
export function indexBaskets(baskets: IndexedBaskets, itemCount: number): Int32Array[] {
  const counts = new Int32Array(itemCount);
  for (const b of baskets.items) for (const i of b) counts[i]! += 1;
  const lists = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(itemCount);
  const order = Array.from(baskets.items.keys()).sort((a, b) => baskets.shoppers[a]! - baskets.shoppers[b]!);
  for (const b of order) for (const i of baskets.items[b]!) lists[i]![fill[i]!++] = b;
  return lists;
}

/** Builds top-k co-occurrence neighbours for every item (with `targets`, only the flagged items get lists). */
export function buildCooccurrence(
  baskets: IndexedBaskets,
  itemCount: number,
  options: CooccurrenceOptions,
  targets?: Uint8Array,
): CooccurrenceModel {
  const itemWeight = new Float64Array(itemCount);
  baskets.items.forEach((b, n) => {
    for (const i of b) itemWeight[i]! += baskets.weights[n]!;
  });
  const byItem = indexBaskets(baskets, itemCount);
  const together = new Float64Array(itemCount);
  const distinct = new Int32Array(itemCount);
  const lastShopper = new Int32Array(itemCount).fill(Number.MIN_SAFE_INTEGER | 0);
  const touched: number[] = [];
  const neighbours: Neighbour[][] = [];
  const shoppers: Int32Array[] = [];
  for (let i = 0; i < itemCount; i++) {
    if (targets && targets[i] !== 1) {
      neighbours.push([]);
      shoppers.push(new Int32Array(0));
      continue;
    }
    for (const b of byItem[i]!) {
      const w = baskets.weights[b]!;
      const shopper = baskets.shoppers[b]!;
      for (const j of baskets.items[b]!) {
        if (j === i) continue;
        if (together[j] === 0) touched.push(j);
        together[j]! += w;
        if (lastShopper[j] !== shopper) {
          lastShopper[j] = shopper;
          distinct[j]! += 1;
        }
      }
    }
    const top = rankCandidates(i, touched, together, itemWeight, options);
    neighbours.push(top);
    shoppers.push(Int32Array.from(top, (n) => distinct[n.item]!));
    for (const t of touched) {
      together[t] = 0;
      distinct[t] = 0;
      lastShopper[t] = Number.MIN_SAFE_INTEGER | 0;
    }
    touched.length = 0;
  }
  return { itemWeight, neighbours, shoppers };
}

const scratch = { scores: new Float64Array(0) };

/** Turns raw co-occurrence weights of item i into shrunk, normalised similarities and keeps the top k. */
function rankCandidates(
  i: number,
  touched: number[],
  together: Float64Array,
  itemWeight: Float64Array,
  { alpha, shrink, k }: CooccurrenceOptions,
): Neighbour[] {
  if (scratch.scores.length < together.length) scratch.scores = new Float64Array(together.length);
  const scores = scratch.scores;
  const wi = itemWeight[i]!;
  for (const j of touched) {
    const c = together[j]!;
    scores[j] = ((c / (wi ** (1 - alpha) * itemWeight[j]! ** alpha)) * c) / (c + shrink);
  }
  const top = selectTop(touched, scores, k);
  for (const j of touched) scores[j] = 0;
  return top;
}
