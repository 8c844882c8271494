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

/** The display words two items share, strongest first: the "similar: linen, summer" reason. */
export function explainSimilarity(model: ContentModel, a: number, b: number, max = 2): string[] {
  const bTerms = new Map<number, number>();
  model.terms[b]!.forEach((id, j) => {
    bTerms.set(id, model.weights[b]![j]!);
  });
  const shared: { word: string; w: number }[] = [];
  model.terms[a]!.forEach((id, j) => {
    const wb = bTerms.get(id);
    if (wb !== undefined && /\p{L}/u.test(model.words[id]!)) {
      shared.push({ word: model.words[id]!, w: wb * model.weights[a]![j]! });
    }
  });
  shared.sort((x, y) => y.w - x.w);
  return shared.slice(0, max).map((s) => s.word);
}
