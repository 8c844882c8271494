/**
 * Offline evaluation: train on baskets before the split, then for every later basket with at least two
 * distinct products hide up to `perBasket` of its products, one at a time (which ones: a shuffle of the
 * basket seeded by the basket's position among the test baskets, so every run hides the same products;
 * perBasket 0 hides each product in turn), and ask each method for k recommendations given the rest of the
 * basket and the shopper's history before the split.
 * Reports hit-rate@k, NDCG@k, catalogue coverage and hit-rate on cold products (< 5 training purchases).
 */

import { createRecommender, weightsFor } from './blend.js';
import { buildCooccurrence } from './cooccurrence.js';
import { buildModel, type Model, weighBaskets } from './model.js';
import type { BlendWeights, EngineBasket, EngineItem, EngineOptions, Method } from './types.js';

export interface MethodScore {
  method: Method;
  queries: number;
  hitRate: number;
  ndcg: number;
  coverage: number;
  coldQueries: number;
  coldHitRate: number;
}

export interface EvaluationInput {
  items: EngineItem[];
  orders: EngineBasket[];
  split: number;
  /** Baskets at or after this time are not scored (default: all after the split). */
  end?: number;
  options: EngineOptions;
  methods: Method[];
  k?: number;
  coldThreshold?: number;
  /** Products hidden per basket (seeded choice); 0 = every product in turn. Default 5. */
  perBasket?: number;
}

/** mulberry32: a tiny seeded PRNG so the hidden products are the same on every run. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The positions hidden in basket number `n`: a seeded shuffle's first `perBasket`, or all of them. */
export function hiddenPositions(n: number, size: number, perBasket: number): number[] {
  const positions = Array.from({ length: size }, (_, i) => i);
  if (perBasket <= 0 || perBasket >= size) return positions;
  const random = seededRandom(n + 1);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [positions[i], positions[j]] = [positions[j]!, positions[i]!];
  }
  return positions.slice(0, perBasket).sort((a, b) => a - b);
}

/** The plain item-to-item cosine co-occurrence baseline: binary baskets, no decay, no shrinkage. */
export function withCosineBaseline(model: Model, train: EngineBasket[]): Model {
  const baskets = weighBaskets(train, model.index, () => 1);
  const bought = buildCooccurrence(baskets, model.items.length, {
    alpha: 0.5,
    shrink: 0,
    k: model.options.neighbours,
  });
  const none = weighBaskets([], model.index, () => 1);
  const viewed = buildCooccurrence(none, model.items.length, { alpha: 0.5, shrink: 0, k: 0 });
  return { ...model, bought, shoppers: viewed, viewed };
}

/** Trains once and scores every method on the held-out baskets. */
export function evaluate(input: EvaluationInput): MethodScore[] {
  const k = input.k ?? 10;
  const train = input.orders.filter((b) => b.time < input.split);
  const test = input.orders.filter(
    (b) =>
      b.time >= input.split && (input.end === undefined || b.time < input.end) && new Set(b.keys).size >= 2,
  );
  const model = buildModel({ items: input.items, orders: train, now: input.split }, input.options);
  const cosine = input.methods.includes('cosine') ? withCosineBaseline(model, train) : model;
  return input.methods.map((method) =>
    scoreMethod(method === 'cosine' ? cosine : model, method, test, input, k),
  );
}

function scoreMethod(
  model: Model,
  method: Method,
  test: EngineBasket[],
  input: EvaluationInput,
  k: number,
): MethodScore {
  const recommend = createRecommender(model);
  const weights: BlendWeights = weightsFor(method, input.options.weights);
  const catalogue = new Set(input.items.map((i) => i.key));
  const covered = new Set<string>();
  const coldThreshold = input.coldThreshold ?? 5;
  let queries = 0;
  let hits = 0;
  let gain = 0;
  let coldQueries = 0;
  let coldHits = 0;
  test.forEach((basket, n) => {
    const keys = [...new Set(basket.keys)];
    for (const h of hiddenPositions(n, keys.length, input.perBasket ?? 5)) {
      const target = keys[h]!;
      const context = keys.filter((_, i) => i !== h);
      const recs = recommend({ context, customer: basket.customer || undefined, k }, weights);
      const rank = recs.findIndex((r) => r.key === target);
      for (const r of recs) covered.add(r.key);
      const item = model.index.get(target);
      const cold = item === undefined || model.purchases[item]! < coldThreshold;
      queries++;
      if (cold) coldQueries++;
      if (rank >= 0) {
        hits++;
        gain += 1 / Math.log2(rank + 2);
        if (cold) coldHits++;
      }
    }
  });
  const inCatalogue = [...covered].filter((key) => catalogue.has(key)).length;
  return {
    method,
    queries,
    hitRate: queries ? hits / queries : 0,
    ndcg: queries ? gain / queries : 0,
    coverage: catalogue.size ? inCatalogue / catalogue.size : 0,
    coldQueries,
    coldHitRate: coldQueries ? coldHits / coldQueries : 0,
  };
}
