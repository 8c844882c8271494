/**
 * Tunes the hybrid blend weights by coordinate ascent on a validation split (train before --split, score
 * baskets in [--split, --end)), the way DEFAULT_OPTIONS.weights were chosen:
 *
 *   npx tsx scripts/recommend-tune.ts --orders FILE --products FILE --split 2011-06-01 --end 2011-08-01
 */
import { parseArgs } from 'node:util';
import { createRecommender } from '../src/modules/recommendations/engine/blend.js';
import { DEFAULT_OPTIONS } from '../src/modules/recommendations/engine/defaults.js';
import { hiddenPositions } from '../src/modules/recommendations/engine/evaluate.js';
import { buildModel } from '../src/modules/recommendations/engine/model.js';
import type { BlendWeights } from '../src/modules/recommendations/engine/types.js';
import { parseTime, readOrders, readProducts } from '../src/modules/recommendations/retail-csv.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string' },
    products: { type: 'string' },
    split: { type: 'string' },
    end: { type: 'string' },
    'per-basket': { type: 'string', default: '2' },
  },
});
const split = parseTime(values.split ?? '2011-06-01');
const end = parseTime(values.end ?? '2011-08-01');
const orders = readOrders(values.orders ?? '');
const model = buildModel(
  { items: readProducts(values.products ?? ''), orders: orders.filter((b) => b.time < split), now: split },
  DEFAULT_OPTIONS,
);
const queries = orders
  .filter((b) => b.time >= split && b.time < end && new Set(b.keys).size >= 2)
  .flatMap((b, n) => {
    const keys = [...new Set(b.keys)];
    return hiddenPositions(n, keys.length, Number(values['per-basket'])).map((h) => ({
      customer: b.customer || undefined,
      context: keys.filter((_, i) => i !== h),
      target: keys[h]!,
    }));
  });
const recommend = createRecommender(model);
const hitRate = (weights: BlendWeights) =>
  queries.filter((q) => recommend({ ...q, k: 10 }, weights).some((r) => r.key === q.target)).length /
  queries.length;

let best = { ...DEFAULT_OPTIONS.weights };
let bestScore = hitRate(best);
console.log('start', bestScore.toFixed(4), JSON.stringify(best));
for (let round = 0; round < 2; round++) {
  for (const signal of Object.keys(best) as (keyof BlendWeights)[]) {
    for (const factor of [0, 0.5, 2]) {
      const trial = { ...best, [signal]: best[signal] === 0 ? 0.1 * factor : best[signal] * factor };
      const score = hitRate(trial);
      if (score > bestScore + 0.0005) {
        best = trial;
        bestScore = score;
        console.log(signal, factor, score.toFixed(4), JSON.stringify(best));
      }
    }
  }
}
console.log('best', bestScore.toFixed(4), JSON.stringify(best));
