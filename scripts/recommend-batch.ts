/**
 * Batch recommendations on the production code path (the same buildModel and blend the store rebuild
 * worker uses).
 *
 *   npm run recommend:batch -- --orders FILE --products FILE --queries FILE --out FILE [--k 10]
 *     [--method popular|content|behaviour|hybrid]
 *
 * --orders: order-lines columns (invoice_no, invoice_time, customer_id, stock_code; others ignored), .csv or
 * .csv.gz. --products: stock_code, description. --queries: query_id,customer_id,context_codes (space-separated
 * stock codes already in the basket; either may be empty). --out gets query_id,rank,stock_code: at most k
 * rows per query, never one of its context codes.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRecommender, weightsFor } from '../src/modules/recommendations/engine/blend.js';
import { DEFAULT_OPTIONS } from '../src/modules/recommendations/engine/defaults.js';
import { buildModel } from '../src/modules/recommendations/engine/model.js';
import type { Method } from '../src/modules/recommendations/engine/types.js';
import { readOrders, readProducts, readQueries } from '../src/modules/recommendations/retail-csv.js';

const METHODS: Method[] = ['popular', 'content', 'behaviour', 'hybrid'];
const { values } = parseArgs({
  options: {
    orders: { type: 'string' },
    products: { type: 'string' },
    queries: { type: 'string' },
    out: { type: 'string' },
    k: { type: 'string', default: '10' },
    method: { type: 'string', default: 'hybrid' },
  },
});
const k = Number(values.k);
const method = values.method as Method;
if (
  !values.orders ||
  !values.products ||
  !values.queries ||
  !values.out ||
  !(k > 0) ||
  !METHODS.includes(method)
) {
  console.error(
    'usage: recommend:batch -- --orders FILE --products FILE --queries FILE --out FILE [--k 10] [--method popular|content|behaviour|hybrid]',
  );
  process.exit(2);
}

const started = performance.now();
const model = buildModel(
  { items: readProducts(values.products), orders: readOrders(values.orders) },
  DEFAULT_OPTIONS,
);
const recommend = createRecommender(model);
const weights = weightsFor(method, DEFAULT_OPTIONS.weights);
const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const out: string[] = ['query_id,rank,stock_code'];
const queries = readQueries(values.queries);
for (const query of queries) {
  const recs = recommend({ context: query.context, customer: query.customer || undefined, k }, weights);
  const id = quote(query.queryId);
  recs.forEach((r, rank) => {
    out.push(`${id},${rank + 1},${quote(r.key)}`);
  });
}
writeFileSync(values.out, `${out.join('\n')}\n`);
console.error(
  `${queries.length} queries, ${out.length - 1} rows, ${method}, ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
