/** Selecting the k best-scored indices out of a sparse scratch array. */
import type { Neighbour } from './types.js';

/**
 * The `limit` best indices offered so far under `better` (a strict total order), kept in a binary heap with
 * the worst on top, so choosing k out of n costs n·log k without allocating per offer. Reused across queries.
 */
export class BoundedHeap {
  private heap: Int32Array;
  private size = 0;
  private limit = 0;

  constructor(
    capacity: number,
    private readonly better: (a: number, b: number) => boolean,
  ) {
    this.heap = new Int32Array(Math.max(1, capacity));
  }

  /** Empties the heap and sets how many it keeps. */
  reset(limit: number): void {
    if (limit > this.heap.length) this.heap = new Int32Array(limit);
    this.size = 0;
    this.limit = limit;
  }

  offer(x: number): void {
    const h = this.heap;
    if (this.size < this.limit) {
      let at = this.size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!this.better(h[parent]!, x)) break;
        h[at] = h[parent]!;
        at = parent;
      }
      h[at] = x;
    } else if (this.limit > 0 && this.better(x, h[0]!)) {
      this.siftDown(x);
    }
  }

  /** The kept indices, best first. */
  sorted(): number[] {
    const out = new Array<number>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.heap[i]!;
    return out.sort((a, b) => (this.better(a, b) ? -1 : 1));
  }

  private siftDown(x: number): void {
    const h = this.heap;
    const n = this.size;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && this.better(h[child]!, h[child + 1]!)) child++;
      if (!this.better(x, h[child]!)) break;
      h[at] = h[child]!;
      at = child;
    }
    h[at] = x;
  }
}

let topScores: Float64Array = new Float64Array(0);
const topHeap = new BoundedHeap(64, (a, b) =>
  topScores[a] !== topScores[b] ? topScores[a]! > topScores[b]! : a < b,
);

/** The k highest positive scores among `candidates`, best first (ties broken by lower index). */
export function selectTop(candidates: number[], scores: Float64Array, k: number): Neighbour[] {
  topScores = scores;
  topHeap.reset(k);
  for (const item of candidates) if (scores[item]! > 0) topHeap.offer(item);
  return topHeap.sorted().map((item) => ({ item, score: scores[item]! }));
}
