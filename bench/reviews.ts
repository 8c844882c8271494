/**
 * `npm run bench -- reviews`: the product page of a product with 1,000
 * published reviews (summary, histogram, first page of reviews, JSON-LD) and
 * the reviews JSON (`/api/store/products/{handle}/reviews`), served by the
 * real API (child process) over loopback, beside the same store's product page
 * of a product with no reviews (the baseline: on a shared machine the ratio
 * says more than the milliseconds). Requests go one at a time after a warm-up,
 * interleaved so load spikes hit every URL alike; the figure is the p95 of the
 * response time as the client sees it (server time plus a loopback round
 * trip). Target: p95 < 30 ms. Also prints the database's own execution time of
 * the reviews section's two queries (summary + histogram, first page) from
 * EXPLAIN ANALYZE, and whether they are index(-only) scans.
 *
 * Uses its own database (random name), migrated here and dropped after.
 */
import { cpus, loadavg } from 'node:os';
import type pg from 'pg';
import { httpGet, quantile, withSeededApi } from './harness.js';

const REVIEWS = Number(process.env.BENCH_REVIEWS ?? 1_000);
const RUNS = Number(process.env.BENCH_REVIEW_RUNS ?? 300);
const log = (s: string) => process.stdout.write(`${s}\n`);

async function seedReviews(
  client: pg.ClientBase,
  tenantId: string,
  handle: string,
  skip: string[],
): Promise<void> {
  await client.query('begin');
  const { rows } = await client.query<{ id: string }>(
    `insert into customers (tenant_id, email, updated_at)
     select $1, 'shopper' || g || '@bench.test', now() from generate_series(1, $2) g returning id`,
    [tenantId, REVIEWS],
  );
  await client.query(
    `insert into reviews (tenant_id, product_id, customer_id, author, rating, title, body, verified, status, helpful_count, created_at)
     select $1, p.id, c.id, 'Shopper ' || c.n, (1 + (c.n * 7) % 5)::int, 'Review ' || c.n,
       repeat('Lovely product, would buy again. ', (1 + c.n % 6)::int), c.n % 3 = 0, 'published', (c.n % 17)::int,
       now() - make_interval(hours => c.n::int)
     from products p, (select id, row_number() over () as n from unnest($3::uuid[]) as id) c
     where p.tenant_id = $1 and p.handle = $2`,
    [tenantId, handle, rows.map((r) => r.id)],
  );
  // Other products carry reviews too (a third of the shoppers each), so the
  // planner chooses as it would in a real store, not over one product's rows.
  await client.query(
    `insert into reviews (tenant_id, product_id, customer_id, author, rating, title, body, verified, status, created_at)
     select $1, p.id, c.id, 'Shopper', 1 + (c.n % 5)::int, 'Fine', 'Does the job.', false, 'published',
       now() - make_interval(hours => c.n::int)
     from (select id from products where tenant_id = $1 and handle <> all($2::citext[])) p,
       (select id, row_number() over () as n from unnest($3::uuid[]) as id) c
     where c.n % 3 = 0`,
    [tenantId, skip, rows.map((r) => r.id)],
  );
  await client.query('commit');
}

/** The database's own time for the reviews section's two queries (as the repository writes them). */
async function explainQueries(client: pg.ClientBase, tenantId: string, handle: string): Promise<void> {
  const { rows } = await client.query<{ id: string }>(
    'select id from products where tenant_id = $1 and handle = $2',
    [tenantId, handle],
  );
  const productId = rows[0]!.id;
  const queries = {
    'summary + histogram': `select rating, count(*)::int as n from reviews
      where tenant_id = $1 and product_id = $2 and status = 'published' group by rating`,
    'first page (newest)': `select * from reviews
      where tenant_id = $1 and product_id = $2 and status = 'published'
      order by created_at desc, id desc limit 11 offset 0`,
  };
  for (const [name, q] of Object.entries(queries)) {
    // As the app sees it: the app role under forced RLS, the tenant set.
    await client.query('begin');
    await client.query('set local role storeloom_app');
    await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q}`, [
      tenantId,
      productId,
    ]);
    await client.query('rollback');
    const lines = plan.rows.map((r) => r['QUERY PLAN']);
    const scan =
      lines
        .find((l) => /Scan/.test(l))
        ?.trim()
        .replace(/\s+\(cost.*$/, '') ?? '?';
    const exec = lines.find((l) => l.startsWith('Execution Time')) ?? '';
    log(`query ${name}: ${scan}; ${exec}`);
  }
}

export async function runReviewsBench(): Promise<void> {
  await withSeededApi(
    { prefix: 'bench_reviews', handle: 'reviews', products: 20 },
    async ({ client, api, seeded, host }) => {
      const handle = seeded.handles[0]!;
      await seedReviews(client, seeded.mainTenantId, handle, [handle, seeded.handles[1]!]);
      await client.query('analyze reviews');
      const urls = {
        [`product page, ${REVIEWS} reviews`]: `${api.url}/products/${handle}`,
        'product page, no reviews (baseline)': `${api.url}/products/${seeded.handles[1]!}`,
        [`reviews JSON, ${REVIEWS} reviews`]: `${api.url}/api/store/products/${handle}/reviews`,
      };
      const first = await httpGet(urls[`product page, ${REVIEWS} reviews`]!, host);
      if (first.status !== 200 || !first.body.includes(`${REVIEWS} reviews`)) {
        throw new Error(`product page: HTTP ${first.status}, reviews summary missing`);
      }
      const json = await httpGet(urls[`reviews JSON, ${REVIEWS} reviews`]!, host);
      if (json.status !== 200 || !json.body.includes(`"count":${REVIEWS}`)) {
        throw new Error(`reviews JSON: HTTP ${json.status}, count missing`);
      }
      const names = Object.keys(urls);
      for (let i = 0; i < 30; i++) for (const n of names) await httpGet(urls[n]!, host);
      const times = new Map<string, number[]>(names.map((n) => [n, []]));
      for (let i = 0; i < RUNS; i++) {
        for (const n of names) {
          const t0 = process.hrtime.bigint();
          await httpGet(urls[n]!, host);
          times.get(n)!.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }
      const p = (n: string, q: number) =>
        quantile(
          [...times.get(n)!].sort((a, b) => a - b),
          q,
        );
      log(
        `${RUNS} sequential requests each (interleaved); load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
      );
      for (const n of names) {
        log(
          `${n}: p50 ${p(n, 0.5).toFixed(1)} ms, p95 ${p(n, 0.95).toFixed(1)} ms, p99 ${p(n, 0.99).toFixed(1)} ms`,
        );
      }
      const base = 'product page, no reviews (baseline)';
      log(
        `ratio to baseline at p50: product page ${(p(names[0]!, 0.5) / p(base, 0.5)).toFixed(2)}x (target p95 < 30 ms)`,
      );
      await explainQueries(client, seeded.mainTenantId, handle);
    },
  );
}
