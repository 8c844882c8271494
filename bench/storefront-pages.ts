/**
 * `npm run bench -- storefront-pages`: the storefront's HTML pages — home,
 * collection, search, product (with its option pickers), cart — served by the
 * real API (child process) over loopback from a store of 1,000 products × 3
 * variants. Requests go one at a time after a warm-up, so the figure is the
 * server's time plus one loopback round trip; p50/p95 per page and the page
 * size. Target (issue #13): p95 < 50 ms on a quiet machine. The cart is the
 * empty cart (no cookie).
 *
 * Knobs: BENCH_PAGE_RUNS (requests per page, default 200). Own database
 * (random name), migrated here and dropped after.
 */
import { httpGet, quantile, withSeededApi } from './harness.js';

const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 200);
const log = (s: string) => process.stdout.write(`${s}\n`);

export async function runStorefrontPagesBench(): Promise<void> {
  await withSeededApi(
    { prefix: 'bench_pages', handle: 'pages', products: 1_000 },
    async ({ client, api, seeded, host }) => {
      await client.query('analyze');
      let i = 0;
      const pick = <T>(xs: T[]) => xs[i++ % xs.length]!;
      const terms = ['linen', 'wool shirt', 'ceramc mug', 'lamp', 'velvet', 'oak chair', 'copper'];
      const pages: [string, () => string][] = [
        ['home', () => '/'],
        ['collection', () => '/collections/apparel'],
        ['search', () => `/search?q=${encodeURIComponent(pick(terms))}`],
        ['product', () => `/products/${pick(seeded.handles)}`],
        ['cart', () => '/cart'],
      ];
      log(`storefront pages, ${RUNS} sequential requests each (server time + loopback; target p95 < 50 ms):`);
      for (const [name, path] of pages) {
        const first = await httpGet(`${api.url}${path()}`, host);
        if (first.status !== 200) throw new Error(`${name}: HTTP ${first.status}`);
        for (let w = 0; w < 20; w++) await httpGet(`${api.url}${path()}`, host);
        const times: number[] = [];
        let bytes = 0;
        for (let r = 0; r < RUNS; r++) {
          const t0 = process.hrtime.bigint();
          const res = await httpGet(`${api.url}${path()}`, host);
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
          bytes = Math.max(bytes, Buffer.byteLength(res.body));
        }
        times.sort((a, b) => a - b);
        const p95 = quantile(times, 0.95);
        log(
          `  ${name.padEnd(10)} p50 ${quantile(times, 0.5).toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  ` +
            `max size ${(bytes / 1024).toFixed(1)} kB  ${p95 < 50 ? 'ok' : 'OVER 50 ms'}`,
        );
      }
    },
  );
}
