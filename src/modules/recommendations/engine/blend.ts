/**
 * The hybrid blend: every signal (bought together, viewed together, similar text, the shopper's own repeat
 * purchases and what goes with them, popularity) is scored over the candidates, normalised to [0, 1] per
 * query and summed with the configured weights. Signals that have nothing to say drop out, so a new product
 * falls back to content and a new shopper to popularity. Context, excluded and unrecommendable items never
 * come back.
 */
import type { Model } from './model.js';
import { createNeighbourhoodScorer } from './neighbourhood.js';
import { BoundedHeap } from './top-k.js';
import type { BlendWeights, Method, Neighbour } from './types.js';

export interface Query {
  /** Items in the basket / being looked at. */
  context: string[];
  /** Shopper whose purchase history counts (customer id or session id). */
  customer?: string;
  /** Recently viewed items that act like history ("for you"). */
  recent?: string[];
  /** Items never to return besides the context (e.g. the cart). */
  exclude?: string[];
  k: number;
}

export type Signal = keyof BlendWeights;
export interface Recommendation {
  item: number;
  key: string;
  score: number;
  /** The signal that contributed most. */
  signal: Signal;
}

const SIGNALS: Signal[] = [
  'basket',
  'neighbourhood',
  'shopper',
  'viewed',
  'content',
  'repeat',
  'historyBasket',
  'historyContent',
  'popular',
];
/** Signal positions in SIGNALS. */
const S = Object.fromEntries(SIGNALS.map((s, i) => [s, i])) as Record<Signal, number>;
const HISTORY_DEPTH = 40;

const ZERO: BlendWeights = {
  basket: 0,
  neighbourhood: 0,
  shopper: 0,
  viewed: 0,
  content: 0,
  repeat: 0,
  historyBasket: 0,
  historyContent: 0,
  popular: 0,
};

/** The blend weights a single-method baseline uses. */
export function weightsFor(method: Method, hybrid: BlendWeights): BlendWeights {
  switch (method) {
    case 'popular':
      return { ...ZERO, popular: 1 };
    case 'content':
      return { ...ZERO, content: 1, popular: 1e-6 };
    case 'behaviour':
    case 'cosine':
      return { ...ZERO, basket: 1, viewed: 0.5, popular: 1e-6 };
    case 'hybrid':
      return hybrid;
  }
}

export type Recommender = (query: Query, weights: BlendWeights) => Recommendation[];

/** Per-recommender scratch: one score array per signal, candidate list and flags, reused across queries. */
interface Scratch {
  scores: Float64Array[];
  seen: Uint8Array;
  blocked: Uint8Array;
  candidates: Int32Array;
  count: number;
}

/** A recommender bound to one model, with scratch arrays reused across queries. */
export function createRecommender(model: Model): Recommender {
  const n = model.items.length;
  const scratch: Scratch = {
    scores: SIGNALS.map(() => new Float64Array(n)),
    seen: new Uint8Array(n),
    blocked: new Uint8Array(n),
    candidates: new Int32Array(n),
    count: 0,
  };
  const visit = (j: number) => {
    if (scratch.seen[j] === 0) {
      scratch.seen[j] = 1;
      scratch.candidates[scratch.count++] = j;
    }
  };
  const spread: Spread = (signal, lists, from, weight) => {
    const acc = scratch.scores[signal]!;
    const list = lists[from]!;
    for (let p = 0; p < list.length; p++) {
      const nb = list[p]!;
      visit(nb.item);
      acc[nb.item]! += weight * nb.score;
    }
  };
  const neighbourhood = createNeighbourhoodScorer(model);
  const ranker = createRanker(model, scratch);
  return (query, weights) => {
    const context = resolve(model, query.context);
    const excluded = resolve(model, query.exclude ?? []);
    for (const x of context) {
      if (weights.basket) spread(S.basket, model.bought.neighbours, x, 1);
      if (weights.shopper) spread(S.shopper, model.shoppers.neighbours, x, 1);
      if (weights.viewed) spread(S.viewed, model.viewed.neighbours, x, 1);
      if (weights.content) spread(S.content, model.content.neighbours, x, 1);
    }
    if (weights.neighbourhood)
      neighbourhood(context, query.customer, scratch.scores[S.neighbourhood]!, visit);
    scoreHistory(model, query, weights, scratch.scores, visit, spread);
    let blockedCount = 0;
    for (const i of [...context, ...excluded]) {
      if (scratch.blocked[i] === 0) blockedCount++;
      scratch.blocked[i] = 1;
    }
    addPopular(model, query.k + blockedCount, weights, visit);
    const ranked = ranker(weights, query.k);
    for (let c = 0; c < scratch.count; c++) {
      const j = scratch.candidates[c]!;
      scratch.seen[j] = 0;
      for (const acc of scratch.scores) acc[j] = 0;
    }
    for (const i of [...context, ...excluded]) scratch.blocked[i] = 0;
    scratch.count = 0;
    return ranked;
  };
}

type Spread = (signal: number, lists: Neighbour[][], from: number, weight: number) => void;

function resolve(model: Model, keys: string[]): number[] {
  const out: number[] = [];
  for (const key of keys) {
    const i = model.index.get(key);
    if (i !== undefined && !out.includes(i)) out.push(i);
  }
  return out;
}

/** The shopper's own purchases (repeat signal) and their neighbours; recent views count as history too. */
function scoreHistory(
  model: Model,
  query: Query,
  weights: BlendWeights,
  scores: Float64Array[],
  visit: (j: number) => void,
  spread: Spread,
) {
  const history = query.customer ? model.histories.get(query.customer) : undefined;
  const entries: [number, number][] = [];
  if (history) {
    const top = history.weights[0] ?? 1;
    const depth = Math.min(history.items.length, HISTORY_DEPTH);
    for (let h = 0; h < depth; h++) entries.push([history.items[h]!, history.weights[h]! / top]);
    if (weights.repeat) {
      const repeat = scores[S.repeat]!;
      for (let h = 0; h < history.items.length; h++) {
        const j = history.items[h]!;
        visit(j);
        repeat[j]! += history.weights[h]! / top;
      }
    }
  }
  if (!weights.historyBasket && !weights.historyContent) return;
  for (const i of resolve(model, query.recent ?? [])) entries.push([i, 1]);
  for (const [i, w] of entries) {
    if (weights.historyBasket) spread(S.historyBasket, model.bought.neighbours, i, w);
    if (weights.historyContent) spread(S.historyContent, model.content.neighbours, i, w);
  }
}

/** The most popular recommendable items join the candidates so every list can be filled. */
function addPopular(model: Model, count: number, weights: BlendWeights, visit: (j: number) => void) {
  const depth = Math.min(model.popularOrder.length, count + (weights.popular ? 50 : 0));
  for (let p = 0; p < depth; p++) visit(model.popularOrder[p]!);
}

/**
 * Normalises each signal by its maximum over the candidates and keeps the k best weighted sums (ties: more
 * popular, then lower index) in a bounded heap; only the k winners become objects.
 */
function createRanker(model: Model, scratch: Scratch) {
  const total = new Float64Array(model.items.length);
  const popularity = model.popularity;
  const heap = new BoundedHeap(16, (a, b) =>
    total[a] !== total[b]
      ? total[a]! > total[b]!
      : popularity[a] !== popularity[b]
        ? popularity[a]! > popularity[b]!
        : a < b,
  );
  const sources = SIGNALS.map((s, si) => (s === 'popular' ? popularity : scratch.scores[si]!));
  return (weights: BlendWeights, k: number): Recommendation[] => {
    const { candidates, count, blocked } = scratch;
    const active: number[] = [];
    const scales: number[] = [];
    SIGNALS.forEach((s, si) => {
      if (!weights[s]) return;
      const acc = sources[si]!;
      let max = 0;
      for (let c = 0; c < count; c++) {
        const v = acc[candidates[c]!]!;
        if (v > max) max = v;
      }
      if (max > 0) {
        active.push(si);
        scales.push(weights[s] / max);
      }
    });
    heap.reset(k);
    for (let c = 0; c < count; c++) {
      const j = candidates[c]!;
      if (blocked[j] === 1 || model.recommendable[j] === 0) continue;
      let sum = 0;
      for (let a = 0; a < active.length; a++) sum += sources[active[a]!]![j]! * scales[a]!;
      total[j] = sum;
      heap.offer(j);
    }
    return heap.sorted().map((j) => {
      let best = 0;
      let signal: Signal = 'popular';
      for (let a = 0; a < active.length; a++) {
        const part = sources[active[a]!]![j]! * scales[a]!;
        if (part > best) {
          best = part;
          signal = SIGNALS[active[a]!]!;
        }
      }
      return { item: j, key: model.items[j]!.key, score: total[j]!, signal };
    });
  };
}
