/**
 * The hybrid blend: every signal (bought together, viewed together, similar text, the shopper's own repeat
 * purchases and what goes with them, popularity) is scored over the candidates, normalised to [0, 1] per
 * query and summed with the configured weights. Signals that have nothing to say drop out, so a new product
 * falls back to content and a new shopper to popularity. Context, excluded and unrecommendable items never
 * come back.
 */
import type { Model } from './model.js';
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

/** A recommender bound to one model, with scratch arrays reused across queries. */
export function createRecommender(model: Model): Recommender {
  const n = model.items.length;
  const scores = Object.fromEntries(SIGNALS.map((s) => [s, new Float64Array(n)])) as Record<
    Signal,
    Float64Array
  >;
  const seen = new Uint8Array(n);
  const candidates: number[] = [];
  const visit = (j: number) => {
    if (seen[j] === 0) {
      seen[j] = 1;
      candidates.push(j);
    }
  };
  const spread = (signal: Signal, lists: Neighbour[][], from: number, weight: number) => {
    const acc = scores[signal];
    for (const nb of lists[from]!) {
      visit(nb.item);
      acc[nb.item]! += weight * nb.score;
    }
  };
  return (query, weights) => {
    const context = resolve(model, query.context);
    const blocked = new Set([...context, ...resolve(model, query.exclude ?? [])]);
    for (const x of context) {
      if (weights.basket) spread('basket', model.bought.neighbours, x, 1);
      if (weights.shopper) spread('shopper', model.shoppers.neighbours, x, 1);
      if (weights.viewed) spread('viewed', model.viewed.neighbours, x, 1);
      if (weights.content) spread('content', model.content.neighbours, x, 1);
    }
    if (weights.neighbourhood)
      scoreNeighbourhood(model, context, query.customer, scores.neighbourhood, visit);
    scoreHistory(model, query, weights, scores, visit, spread);
    addPopular(model, query.k + blocked.size, weights, visit);
    const ranked = combine(model, candidates, blocked, scores, weights, query.k);
    for (const j of candidates) {
      seen[j] = 0;
      for (const s of SIGNALS) scores[s][j] = 0;
    }
    candidates.length = 0;
    return ranked;
  };
}

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
  scores: Record<Signal, Float64Array>,
  visit: (j: number) => void,
  spread: (signal: Signal, lists: Neighbour[][], from: number, weight: number) => void,
) {
  const history = query.customer ? model.histories.get(query.customer) : undefined;
  const entries: [number, number][] = [];
  if (history) {
    const top = history.weights[0] ?? 1;
    const depth = Math.min(history.items.length, HISTORY_DEPTH);
    for (let h = 0; h < depth; h++) entries.push([history.items[h]!, history.weights[h]! / top]);
    if (weights.repeat) {
      for (let h = 0; h < history.items.length; h++) {
        const j = history.items[h]!;
        visit(j);
        scores.repeat[j]! += history.weights[h]! / top;
      }
    }
  }
  for (const i of resolve(model, query.recent ?? [])) entries.push([i, 1]);
  for (const [i, w] of entries) {
    if (weights.historyBasket) spread('historyBasket', model.bought.neighbours, i, w);
    if (weights.historyContent) spread('historyContent', model.content.neighbours, i, w);
  }
}

let overlap = new Float64Array(0);

/**
 * Basket neighbourhood: the past orders sharing most items with the basket (cosine of the item sets,
 * times the order's decay weight, times a boost when it is the same shopper's) vote for their items.
 */
function scoreNeighbourhood(
  model: Model,
  context: number[],
  customer: string | undefined,
  acc: Float64Array,
  visit: (j: number) => void,
) {
  const { orders, ordersByItem } = model;
  if (overlap.length < orders.items.length) overlap = new Float64Array(orders.items.length);
  const touched: number[] = [];
  for (const x of context) {
    for (const b of ordersByItem[x] ?? []) {
      if (overlap[b] === 0) touched.push(b);
      overlap[b]! += 1;
    }
  }
  const own = customer === undefined ? undefined : orders.shopperIds.get(customer);
  const sims = touched.map((b) => {
    const boost = own !== undefined && orders.shoppers[b] === own ? model.options.ownBasketBoost : 1;
    const sim =
      (overlap[b]! / Math.sqrt(context.length * orders.items[b]!.length)) * orders.weights[b]! * boost;
    overlap[b] = 0;
    return { b, sim };
  });
  sims.sort((x, y) => y.sim - x.sim || x.b - y.b);
  const size = Math.min(sims.length, model.options.neighbourhoodSize);
  for (let n = 0; n < size; n++) {
    const { b, sim } = sims[n]!;
    for (const j of orders.items[b]!) {
      visit(j);
      acc[j]! += sim;
    }
  }
}

/** The most popular recommendable items join the candidates so every list can be filled. */
function addPopular(model: Model, count: number, weights: BlendWeights, visit: (j: number) => void) {
  const depth = Math.min(model.popularOrder.length, count + (weights.popular ? 50 : 0));
  for (let p = 0; p < depth; p++) visit(model.popularOrder[p]!);
}

/** Normalises each signal by its maximum over the candidates and ranks by the weighted sum. */
function combine(
  model: Model,
  candidates: number[],
  blocked: Set<number>,
  scores: Record<Signal, Float64Array>,
  weights: BlendWeights,
  k: number,
): Recommendation[] {
  const scales = SIGNALS.map((s) => {
    let max = 0;
    const acc = s === 'popular' ? model.popularity : scores[s];
    for (const j of candidates) if (acc[j]! > max) max = acc[j]!;
    return max > 0 ? weights[s] / max : 0;
  });
  const ranked: Recommendation[] = [];
  for (const j of candidates) {
    if (blocked.has(j) || model.recommendable[j] === 0) continue;
    let total = 0;
    let best = -1;
    let signal: Signal = 'popular';
    SIGNALS.forEach((s, si) => {
      const part = (s === 'popular' ? model.popularity[j]! : scores[s][j]!) * scales[si]!;
      total += part;
      if (part > best) {
        best = part;
        signal = s;
      }
    });
    ranked.push({ item: j, key: model.items[j]!.key, score: total, signal });
  }
  ranked.sort(
    (a, b) => b.score - a.score || model.popularity[b.item]! - model.popularity[a.item]! || a.item - b.item,
  );
  if (ranked.length > k) ranked.length = k;
  return ranked;
}
