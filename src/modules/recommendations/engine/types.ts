/**
 * Plain data the recommendation engine works on. The engine is pure: the CLIs feed it arrays read from CSV
 * files, the worker feeds it a store's products, orders and events read through the module's repository.
 */

/** A product as the engine sees it: a stable key plus the text that describes it. */
export interface EngineItem {
  /** Stable key: the stock code in the CLIs, the product id in a store. */
  key: string;
  title: string;
  description?: string;
  tags?: string[];
  category?: string;
  options?: string[];
  /** Archived / out of stock products are never recommended (they still count as context). */
  recommendable?: boolean;
}

/** One basket: an order, or one shopper session's viewed products. */
export interface EngineBasket {
  /** Shopper (customer id or session cookie id); empty for an anonymous order. */
  customer: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** Item keys; duplicates are ignored. */
  keys: string[];
}

export interface Neighbour {
  /** Dense item index. */
  item: number;
  score: number;
}

export type Method = 'popular' | 'content' | 'behaviour' | 'cosine' | 'hybrid';

/** Weights of the hybrid blend; each signal is normalised to [0, 1] per query before blending. */
export interface BlendWeights {
  /** Bought together with the basket. */
  basket: number;
  /** Items of past baskets that overlap the basket (basket neighbourhood; the shopper's own count more). */
  neighbourhood: number;
  /** Bought by the same shoppers as the basket (across their orders). */
  shopper: number;
  /** Viewed together with the basket (sessions). */
  viewed: number;
  /** Similar text to the basket. */
  content: number;
  /** The shopper's own earlier purchases (repeat buying). */
  repeat: number;
  /** Bought together with the shopper's earlier purchases. */
  historyBasket: number;
  /** Similar text to the shopper's earlier purchases. */
  historyContent: number;
  /** Recent popularity (tie-breaker and cold-start floor). */
  popular: number;
}

export interface EngineOptions {
  /** Half-life of the time decay for purchases and views, in days. */
  halfLifeDays: number;
  /** Shrinkage of co-occurrence similarity: sim · c / (c + shrink). */
  shrink: number;
  /** Exponent on the candidate's popularity in the similarity denominator (0.5 = cosine). */
  alpha: number;
  /** Neighbours kept per item and kind. */
  neighbours: number;
  /** Past baskets kept as the basket neighbourhood, and the boost of the shopper's own past baskets. */
  neighbourhoodSize: number;
  /**
   * Past orders scanned per basket item for the neighbourhood (its most recent / heaviest ones; the shopper's
   * own orders are always scanned): bounds a query's cost on best-sellers that sit in thousands of orders.
   */
  neighbourhoodScan: number;
  ownBasketBoost: number;
  /** Baskets larger than this are down-weighted by maxBasket / size. */
  maxBasket: number;
  weights: BlendWeights;
}
