/**
 * Offline evaluation of the recommendation methods on real baskets.
 *
 *   npm run recommend:evaluate -- --orders order-lines.csv.gz --products products.csv.gz --split 2011-08-01
 *     [--end 2011-10-01] [--k 10] [--per-basket 5] [--json]
 *
 * Trains on orders before --split; for every later basket with >= 2 distinct products hides up to
 * --per-basket products one at a time (a shuffle seeded by the basket's position, so the same products on
 * every run; --per-basket 0 hides each product in turn) and asks each method for k recommendations given the rest of the
 * basket and the shopper's history before the split. Prints hit-rate@k, NDCG@k, catalogue coverage and the
 * hit-rate on cold products (< 5 training purchases) for popular, content, behaviour, cosine (plain
 * item-to-item cosine co-occurrence baseline) and hybrid.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS } from '../src/modules/recommendations/engine/defaults.js';
import { evaluate } from '../src/modules/recommendations/engine/evaluate.js';
import type { EngineOptions, Method } from '../src/modules/recommendations/engine/types.js';
import { parseTime, readOrders, readProducts } from '../src/modules/recommendations/retail-csv.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string' },
    products: { type: 'string' },
    split: { type: 'string' },
    end: { type: 'string' },
    k: { type: 'string', default: '10' },
    'per-basket': { type: 'string', default: '5' },
    methods: { type: 'string', default: 'popular,content,behaviour,cosine,hybrid' },
    json: { type: 'boolean', default: false },
    /** JSON overrides of the engine options (e.g. '{"halfLifeDays":60,"weights":{"content":0.3}}'). */
    options: { type: 'string' },
  },
});

if (!values.orders || !values.products || !values.split) {
  console.error(
    'usage: recommend:evaluate -- --orders FILE --products FILE --split YYYY-MM-DD [--end YYYY-MM-DD]',
  );
  process.exit(2);
}

/** Defaults with JSON overrides, for trying options without editing the defaults. */
function mergeOptions(json: string | undefined): EngineOptions {
  const over = json ? (JSON.parse(json) as Partial<EngineOptions>) : {};
  return { ...DEFAULT_OPTIONS, ...over, weights: { ...DEFAULT_OPTIONS.weights, ...over.weights } };
}

const started = performance.now();
const scores = evaluate({
  items: readProducts(values.products),
  orders: readOrders(values.orders),
  split: parseTime(values.split),
  end: values.end ? parseTime(values.end) : undefined,
  options: mergeOptions(values.options),
  methods: values.methods.split(',') as Method[],
  k: Number(values.k),
  perBasket: Number(values['per-basket']),
});
if (values.json) {
  console.log(JSON.stringify(scores, null, 2));
} else {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`.padStart(8);
  console.log(`method     queries  hit@${values.k}   ndcg@${values.k}  coverage  cold-q  cold-hit`);
  for (const s of scores) {
    console.log(
      `${s.method.padEnd(10)} ${String(s.queries).padStart(7)} ${pct(s.hitRate)} ${s.ndcg.toFixed(4).padStart(8)} ${pct(s.coverage)} ${String(s.coldQueries).padStart(7)} ${pct(s.coldHitRate)}`,
    );
  }
  const by = Object.fromEntries(scores.map((s) => [s.method, s]));
  if (by.hybrid && by.popular && by.cosine) {
    console.log(
      `hybrid / popular = ${(by.hybrid.hitRate / by.popular.hitRate).toFixed(2)}x; hybrid / cosine = ${(by.hybrid.hitRate / by.cosine.hitRate).toFixed(3)}x`,
    );
  }
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
