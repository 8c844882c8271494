/**
 * Basket neighbourhood: the past orders sharing most items with the basket (cosine of the item sets, times
 * the order's decay weight, times a boost when it is the same shopper's) vote for their items. Per basket
 * item only its `neighbourhoodScan` heaviest (most recent, not huge) orders are scanned, so a best-seller
 * in thousands of orders costs no more than a niche item; the shopper's own orders are always counted
 * exactly. Scratch arrays live in the scorer and are reused: a query allocates nothing per touched order.
 */
import type { Model } from './model.js';
import { BoundedHeap } from './top-k.js';

export type NeighbourhoodScorer = (
  context: number[],
  customer: string | undefined,
  acc: Float64Array,
  visit: (j: number) => void,
) => void;

/** Per item, its orders by weight (heaviest first), cut at `scan`; per shopper, their orders. */
function scanLists(model: Model, scan: number) {
  const { orders, ordersByItem } = model;
  const byItem = ordersByItem.map((list) =>
    Int32Array.from(list)
      .sort((a, b) => orders.weights[b]! - orders.weights[a]! || a - b)
      .subarray(0, scan),
  );
  const byShopper: number[][] = Array.from({ length: orders.shopperIds.size }, () => []);
  orders.shoppers.forEach((s, b) => {
    if (s >= 0) byShopper[s]!.push(b);
  });
  return { byItem, byShopper };
}

export function createNeighbourhoodScorer(model: Model): NeighbourhoodScorer {
  const { orders } = model;
  const { neighbourhoodScan, neighbourhoodSize, ownBasketBoost } = model.options;
  const { byItem, byShopper } = scanLists(model, neighbourhoodScan);
  const overlap = new Float64Array(orders.items.length);
  const sims = new Float64Array(orders.items.length);
  const inContext = new Uint8Array(model.items.length);
  let touched = new Int32Array(1024);
  let size = 0;
  const touch = (b: number) => {
    if (size === touched.length) {
      const grown = new Int32Array(size * 2);
      grown.set(touched);
      touched = grown;
    }
    touched[size++] = b;
  };
  const heap = new BoundedHeap(neighbourhoodSize, (a, b) =>
    sims[a] !== sims[b] ? sims[a]! > sims[b]! : a < b,
  );
  return (context, customer, acc, visit) => {
    size = 0;
    for (const x of context) {
      const list = byItem[x];
      if (!list) continue;
      for (let p = 0; p < list.length; p++) {
        const b = list[p]!;
        if (overlap[b] === 0) touch(b);
        overlap[b]! += 1;
      }
    }
    const own = customer === undefined ? undefined : orders.shopperIds.get(customer);
    if (own !== undefined) {
      for (const x of context) inContext[x] = 1;
      for (const b of byShopper[own]!) {
        let shared = 0;
        for (const j of orders.items[b]!) shared += inContext[j]!;
        if (shared > 0 && overlap[b] === 0) touch(b);
        overlap[b] = shared;
      }
      for (const x of context) inContext[x] = 0;
    }
    heap.reset(neighbourhoodSize);
    for (let t = 0; t < size; t++) {
      const b = touched[t]!;
      const mine = own !== undefined && orders.shoppers[b] === own ? ownBasketBoost : 1;
      sims[b] =
        (overlap[b]! / Math.sqrt(context.length * orders.items[b]!.length)) * orders.weights[b]! * mine;
      overlap[b] = 0;
      heap.offer(b);
    }
    for (const b of heap.sorted()) {
      const sim = sims[b]!;
      for (const j of orders.items[b]!) {
        visit(j);
        acc[j]! += sim;
      }
    }
  };
}
