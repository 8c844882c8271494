/**
 * Building the whole model from plain arrays: item index, content vectors, bought-together and
 * viewed-together co-occurrence, decayed popularity and each shopper's decayed purchase history.
 * The CLIs and the worker's store rebuild both call buildModel; nothing else builds one.
 */
import { buildContentVectors, type ContentModel, findNeighbours, searchedPosting } from './content.js';
import {
  buildCooccurrence,
  type CooccurrenceModel,
  type IndexedBaskets,
  indexBaskets,
} from './cooccurrence.js';
import type { EngineBasket, EngineItem, EngineOptions } from './types.js';

const DAY_MS = 86_400_000;

export interface ShopperHistory {
  items: Int32Array;
  weights: Float64Array;
}

export interface Model {
  options: EngineOptions;
  items: EngineItem[];
  index: Map<string, number>;
  recommendable: Uint8Array;
  content: ContentModel;
  bought: CooccurrenceModel;
  /** Bought by the same shoppers (each shopper's recent distinct purchases as one basket). */
  shoppers: CooccurrenceModel;
  viewed: CooccurrenceModel;
  /** Past orders (decay-weighted) and, per item, the orders that contain it. */
  orders: IndexedBaskets;
  ordersByItem: Int32Array[];
  /** Decayed purchase count per item. */
  popularity: Float64Array;
  /** Recommendable items by popularity, best first. */
  popularOrder: Int32Array;
  /** Raw purchase count per item (cold-start analysis). */
  purchases: Int32Array;
  /** Decayed purchase history per shopper, heaviest first. */
  histories: Map<string, ShopperHistory>;
  /** Incremental build: the items that have neighbour lists (undefined: every item). */
  targets?: Uint8Array;
}

export interface ChangedKeys {
  catalog: readonly string[];
  baskets: readonly string[];
}

export interface ModelInput {
  items: EngineItem[];
  orders: EngineBasket[];
  sessions?: EngineBasket[];
  /** Reference time for the decay; defaults to the latest basket. */
  now?: number;
  /**
   * Incremental build: the keys whose text or status changed (`catalog`) and those in new or changed
   * baskets (`baskets`). Every statistic stays global, so a list computed here equals the full build's;
   * only the items a change can reach get lists (see affectedItems).
   */
  changed?: ChangedKeys;
  /** When more than this share of the items is affected, every item gets lists (a full build). */
  maxAffectedShare?: number;
}

/** Dense index of items; keys met only in baskets become text-less items. */
export function indexItems(input: ModelInput): { items: EngineItem[]; index: Map<string, number> } {
  const items = [...input.items];
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    index.set(item.key, i);
  });
  for (const basket of [...input.orders, ...(input.sessions ?? [])]) {
    for (const key of basket.keys) {
      if (!index.has(key)) {
        index.set(key, items.length);
        items.push({ key, title: '' });
      }
    }
  }
  return { items, index };
}

/** Converts baskets to dense indices with decay and size weights. */
export function weighBaskets(
  baskets: EngineBasket[],
  index: Map<string, number>,
  weigh: (basket: EngineBasket, size: number) => number,
): IndexedBaskets {
  const shopperIds = new Map<string, number>();
  const items: Int32Array[] = [];
  const weights = new Float64Array(baskets.length);
  const shoppers = new Int32Array(baskets.length);
  baskets.forEach((basket, n) => {
    const distinct = Int32Array.from(new Set(basket.keys.map((k) => index.get(k)!)));
    items.push(distinct);
    weights[n] = weigh(basket, distinct.length);
    let shopper = shopperIds.get(basket.customer);
    if (shopper === undefined && basket.customer) {
      shopper = shopperIds.size;
      shopperIds.set(basket.customer, shopper);
    }
    shoppers[n] = shopper ?? -1 - n;
  });
  return { items, weights, shoppers, shopperIds };
}

/** Builds the model the blend reads. */
export function buildModel(input: ModelInput, options: EngineOptions): Model {
  const { items, index } = indexItems(input);
  let now = input.now ?? 0;
  if (input.now === undefined)
    for (const b of [...input.orders, ...(input.sessions ?? [])]) now = Math.max(now, b.time);
  const decay = (time: number) => 0.5 ** (Math.max(0, now - time) / (options.halfLifeDays * DAY_MS));
  const weigh = (basket: EngineBasket, size: number) =>
    decay(basket.time) * Math.min(1, options.maxBasket / Math.max(1, size));
  const orders = weighBaskets(input.orders, index, weigh);
  const sessions = weighBaskets(input.sessions ?? [], index, weigh);
  const cooc = { alpha: options.alpha, shrink: options.shrink, k: options.neighbours };
  const popularity = new Float64Array(items.length);
  const purchases = new Int32Array(items.length);
  input.orders.forEach((basket, n) => {
    for (const i of orders.items[n]!) {
      popularity[i]! += decay(basket.time);
      purchases[i]! += 1;
    }
  });
  const shopperOrders = weighBaskets(shopperBaskets(input.orders), index, weigh);
  const vectors = buildContentVectors(items);
  let targets = input.changed
    ? affectedItems(input.changed, index, [orders, sessions, shopperOrders], vectors.terms)
    : undefined;
  if (targets && targets.reduce((n, t) => n + t, 0) > (input.maxAffectedShare ?? 1) * items.length) {
    targets = undefined;
  }
  const recommendable = Uint8Array.from(items, (item) => (item.recommendable === false ? 0 : 1));
  const popularOrder = Int32Array.from(
    Array.from(items.keys()).filter((i) => recommendable[i] === 1 && popularity[i]! > 0),
  ).sort((a, b) => popularity[b]! - popularity[a]! || a - b);
  return {
    options,
    items,
    index,
    recommendable,
    orders,
    ordersByItem: indexBaskets(orders, items.length),
    content: {
      ...vectors,
      neighbours: findNeighbours(
        vectors.terms,
        vectors.weights,
        vectors.words.length,
        options.neighbours,
        targets,
      ),
    },
    bought: buildCooccurrence(orders, items.length, cooc, targets),
    shoppers: buildCooccurrence(shopperOrders, items.length, cooc, targets),
    viewed: buildCooccurrence(sessions, items.length, cooc, targets),
    popularity,
    popularOrder,
    purchases,
    histories: buildHistories(input.orders, index, decay),
    targets,
  };
}

/**
 * The items whose lists a change can reach: the changed items, every item sharing a basket (order,
 * viewing session, shopper's purchases) with one, and for a text or status change every item meeting it
 * through a term the neighbour search reads. (Drift left for the nightly full build: a text change moves
 * the idf of its terms a little for everyone; new orders move popularity, a small part of every hybrid
 * score.)
 */
export function affectedItems(
  changed: ChangedKeys,
  index: Map<string, number>,
  basketSets: readonly IndexedBaskets[],
  terms: readonly Int32Array[],
): Uint8Array {
  const n = terms.length;
  const seeds = new Uint8Array(n);
  const textSeeds = new Uint8Array(n);
  for (const key of [...changed.catalog, ...changed.baskets]) {
    const i = index.get(key);
    if (i !== undefined) seeds[i] = 1;
  }
  for (const key of changed.catalog) {
    const i = index.get(key);
    if (i !== undefined) textSeeds[i] = 1;
  }
  const out = Uint8Array.from(seeds);
  for (const set of basketSets) {
    for (const basket of set.items) {
      if (basket.some((i) => seeds[i] === 1)) for (const j of basket) out[j] = 1;
    }
  }
  if (changed.catalog.length === 0) return out;
  const df = new Map<number, number>();
  for (const ids of terms) for (const id of ids) df.set(id, (df.get(id) ?? 0) + 1);
  const maxDf = searchedPosting(n);
  const seedTerms = new Set<number>();
  terms.forEach((ids, i) => {
    if (textSeeds[i] === 1) for (const id of ids) if (df.get(id)! <= maxDf) seedTerms.add(id);
  });
  terms.forEach((ids, i) => {
    if (out[i] === 0 && ids.some((id) => seedTerms.has(id))) out[i] = 1;
  });
  return out;
}

const SHOPPER_BASKET_ITEMS = 100;

/** Each known shopper's most recent distinct purchases (at most 100) as one basket dated by the last order. */
function shopperBaskets(orders: EngineBasket[]): EngineBasket[] {
  const byShopper = new Map<string, EngineBasket[]>();
  for (const basket of orders) {
    if (!basket.customer) continue;
    const list = byShopper.get(basket.customer);
    if (list) list.push(basket);
    else byShopper.set(basket.customer, [basket]);
  }
  const out: EngineBasket[] = [];
  for (const [customer, baskets] of byShopper) {
    if (baskets.length < 2) continue;
    baskets.sort((a, b) => b.time - a.time);
    const keys = new Set<string>();
    for (const b of baskets) {
      for (const key of b.keys) if (keys.size < SHOPPER_BASKET_ITEMS) keys.add(key);
    }
    out.push({ customer, time: baskets[0]!.time, keys: [...keys] });
  }
  return out;
}

/** Each shopper's purchases, every basket counting with its decay weight. */
function buildHistories(
  orders: EngineBasket[],
  index: Map<string, number>,
  decay: (time: number) => number,
): Map<string, ShopperHistory> {
  const raw = new Map<string, Map<number, number>>();
  for (const basket of orders) {
    if (!basket.customer) continue;
    let history = raw.get(basket.customer);
    if (!history) {
      history = new Map();
      raw.set(basket.customer, history);
    }
    const w = decay(basket.time);
    for (const key of new Set(basket.keys)) {
      const i = index.get(key)!;
      history.set(i, (history.get(i) ?? 0) + w);
    }
  }
  const histories = new Map<string, ShopperHistory>();
  for (const [customer, history] of raw) {
    const entries = [...history].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    histories.set(customer, {
      items: Int32Array.from(entries, (e) => e[0]),
      weights: Float64Array.from(entries, (e) => e[1]),
    });
  }
  return histories;
}
