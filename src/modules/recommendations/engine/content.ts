/**
 * Content-based similarity: TF-IDF vectors (sublinear tf, smoothed idf, L2-normalised) over an item's title,
 * tags, category, option values and description, each field weighted; cosine top-k neighbours through an
 * inverted index so only items sharing a term are ever compared.
 */
import { collectDisplayWords, tokenise } from './text.js';
import { selectTop } from './top-k.js';
import type { EngineItem, Neighbour } from './types.js';

const FIELD_WEIGHTS = { title: 2, tags: 1.5, category: 1.5, options: 1, description: 0.5 };

export interface ContentModel {
  /** Per item: term ids and weights of its unit vector. */
  terms: Int32Array[];
  weights: Float64Array[];
  /** Per term: one display word for reasons. */
  words: string[];
  neighbours: Neighbour[][];
}

/** Weighted raw term frequencies of one item. */
function countTerms(item: EngineItem): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string | undefined, weight: number) => {
    if (!text) return;
    for (const term of tokenise(text)) counts.set(term, (counts.get(term) ?? 0) + weight);
  };
  add(item.title, FIELD_WEIGHTS.title);
  add(item.tags?.join(' '), FIELD_WEIGHTS.tags);
  add(item.category, FIELD_WEIGHTS.category);
  add(item.options?.join(' '), FIELD_WEIGHTS.options);
  add(item.description, FIELD_WEIGHTS.description);
  return counts;
}

/** Builds unit TF-IDF vectors for every item and their top-k cosine neighbours. */
export function buildContentModel(items: EngineItem[], k: number, targets?: Uint8Array): ContentModel {
  const vectors = buildContentVectors(items);
  return {
    ...vectors,
    neighbours: findNeighbours(vectors.terms, vectors.weights, vectors.words.length, k, targets),
  };
}

/** Unit TF-IDF vectors of every item, without neighbours (an incremental build picks its targets first). */
export function buildContentVectors(items: EngineItem[]): Omit<ContentModel, 'neighbours'> {
  const termIds = new Map<string, number>();
  const display = new Map<string, string>();
  const counted = items.map((item) => {
    collectDisplayWords(`${item.title} ${item.tags?.join(' ') ?? ''} ${item.category ?? ''}`, display);
    return countTerms(item);
  });
  const df: number[] = [];
  for (const counts of counted) {
    for (const term of counts.keys()) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = df.length;
        termIds.set(term, id);
        df.push(0);
      }
      df[id]! += 1;
    }
  }
  const n = items.length;
  const terms: Int32Array[] = [];
  const weights: Float64Array[] = [];
  for (const counts of counted) {
    const ids = new Int32Array(counts.size);
    const ws = new Float64Array(counts.size);
    let i = 0;
    let norm = 0;
    for (const [term, tf] of counts) {
      const id = termIds.get(term)!;
      const w = (1 + Math.log(tf)) * Math.log((n + 1) / (df[id]! + 0.5));
      ids[i] = id;
      ws[i] = w;
      norm += w * w;
      i++;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < ws.length; j++) ws[j]! /= norm;
    terms.push(ids);
    weights.push(ws);
  }
  const words: string[] = new Array(df.length);
  for (const [term, id] of termIds) words[id] = display.get(term) ?? term;
  return { terms, weights, words };
}

/**
 * A term in more than this share of the catalogue (e.g. "home" in every description) carries almost no
 * weight (idf ≈ 0) but would make every item meet every other: it is left out of the neighbour search.
 */
const MAX_DF_SHARE = 0.2;

/** The largest posting the neighbour search reads: items meet only through terms at most this common. */
export const searchedPosting = (itemCount: number) => Math.max(50, MAX_DF_SHARE * itemCount);

/**
 * Cosine top-k per item through an inverted index (very common terms skipped, see MAX_DF_SHARE); with
 * `targets`, only for the items flagged there (the others get no list).
 */
export function findNeighbours(
  terms: Int32Array[],
  weights: Float64Array[],
  termCount: number,
  k: number,
  targets?: Uint8Array,
): Neighbour[][] {
  const postings: { items: number[]; weights: number[] }[] = Array.from({ length: termCount }, () => ({
    items: [],
    weights: [],
  }));
  terms.forEach((ids, item) => {
    ids.forEach((id, j) => {
      postings[id]!.items.push(item);
      postings[id]!.weights.push(weights[item]![j]!);
    });
  });
  const scores = new Float64Array(terms.length);
  const touched: number[] = [];
  const maxDf = searchedPosting(terms.length);
  return terms.map((ids, item) => {
    if (targets && targets[item] !== 1) return [];
    ids.forEach((id, j) => {
      const w = weights[item]![j]!;
      const posting = postings[id]!;
      if (posting.items.length > maxDf) return;
      for (let p = 0; p < posting.items.length; p++) {
        const other = posting.items[p]!;
        if (scores[other] === 0) touched.push(other);
        scores[other]! += w * posting.weights[p]!;
      }
    });
    scores[item] = 0;
    const top = selectTop(touched, scores, k);
    for (const t of touched) scores[t] = 0;
    touched.length = 0;
    return top;
  });
}

/** Scratch for explainSimilarity: b's weight per term id (valid where `inB` is 1), grown to the largest model. */
const explainScratch = {
  weightB: new Float64Array(0),
  inB: new Uint8Array(0),
  best: new Int32Array(0),
  bestW: new Float64Array(0),
};
const LETTER = /\p{L}/u;

/**
 * The display words two items share, strongest first (ties: a's term order): the "similar: linen, summer"
 * reason. A rebuild asks this for every listed pair, so it allocates only the words it returns: b's
 * weights go into a reused array indexed by term id and the best `max` are kept in place, not sorted.
 */
export function explainSimilarity(model: ContentModel, a: number, b: number, max = 2): string[] {
  const termCount = model.words.length;
  if (explainScratch.inB.length < termCount) {
    explainScratch.weightB = new Float64Array(termCount);
    explainScratch.inB = new Uint8Array(termCount);
  }
  const { weightB, inB } = explainScratch;
  const bIds = model.terms[b]!;
  const bWeights = model.weights[b]!;
  for (let j = 0; j < bIds.length; j++) {
    weightB[bIds[j]!] = bWeights[j]!;
    inB[bIds[j]!] = 1;
  }
  if (explainScratch.best.length < max) {
    explainScratch.best = new Int32Array(max);
    explainScratch.bestW = new Float64Array(max);
  }
  const { best, bestW } = explainScratch;
  let kept = 0;
  const aIds = model.terms[a]!;
  const aWeights = model.weights[a]!;
  for (let j = 0; j < aIds.length; j++) {
    const id = aIds[j]!;
    if (inB[id] !== 1 || !LETTER.test(model.words[id]!)) continue;
    const w = weightB[id]! * aWeights[j]!;
    // Goes after every kept word at least as strong (a stable sort's order); the first `max` stay.
    let at = kept;
    while (at > 0 && bestW[at - 1]! < w) at--;
    if (at >= max) continue;
    for (let m = Math.min(kept, max - 1); m > at; m--) {
      best[m] = best[m - 1]!;
      bestW[m] = bestW[m - 1]!;
    }
    best[at] = id;
    bestW[at] = w;
    kept = Math.min(kept + 1, max);
  }
  for (let j = 0; j < bIds.length; j++) inB[bIds[j]!] = 0;
  const words: string[] = [];
  for (let k = 0; k < kept; k++) words.push(model.words[best[k]!]!);
  return words;
}
