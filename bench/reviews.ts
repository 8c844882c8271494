/**
 * `npm run bench -- reviews`: the product page of a product with 1,000
 * published reviews (summary, histogram, first page of reviews, JSON-LD),
 * served by the real API (child process) over loopback. Requests go one at
 * a time after a warm-up; the figure is the p95 of the response time as the
 * client sees it (server time plus a loopback round trip). Target: p95 < 30 ms.
 *
 * Uses its own database (random name), migrated here and dropped after.
 */
import pg from 'pg';
import { httpGet, scratchDatabase, startApi } from './harness.js';
import { seedCatalogue } from './seed.js';

const REVIEWS = Number(process.env.BENCH_REVIEWS ?? 1_000);
const RUNS = Number(process.env.BENCH_REVIEW_RUNS ?? 300);
const log = (s: string) => process.stdout.write(`${s}\n`);

async function seedReviews(client: pg.ClientBase, tenantId: string, handle: string): Promise<void> {
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
  await client.query('commit');
}

export async function runReviewsBench(): Promise<void> {
  const db = await scratchDatabase('bench_reviews');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const api = await startApi(db.url).catch(async (err) => {
    await client.end();
    await db.drop();
    throw err;
  });
  try {
    const seeded = await seedCatalogue(client, {
      mainHandle: 'reviews',
      mainProducts: 20,
      otherStores: 0,
      otherProducts: 0,
      mainStock: 100,
    });
    const handle = seeded.handles[0]!;
    await seedReviews(client, seeded.mainTenantId, handle);
    await client.query('analyze reviews');
    const host = `reviews.localhost:${api.port}`;
    const url = `${api.url}/products/${handle}`;
    const first = await httpGet(url, host);
    if (first.status !== 200 || !first.body.includes(`${REVIEWS} reviews`)) {
      throw new Error(`product page: HTTP ${first.status}, reviews summary missing`);
    }
    for (let i = 0; i < 30; i++) await httpGet(url, host);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      await httpGet(url, host);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    log(
      `product page with ${REVIEWS} reviews, ${RUNS} sequential requests: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms (target p95 < 30 ms)`,
    );
  } finally {
    await api.stop();
    await client.end();
    await db.drop();
  }
}
