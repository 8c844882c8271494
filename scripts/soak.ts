/**
 * `npm run soak -- --minutes 30 [--stores 200] [--apis 2] [--workers 2] [--users 50] [--window 300]`
 * (see bench/soak.ts). Exits 1 when any error happened or a check failed.
 */
import { parseArgs } from 'node:util';
import { runSoak } from '../bench/soak.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    stores: { type: 'string', default: '200' },
    products: { type: 'string', default: '100' },
    apis: { type: 'string', default: '2' },
    workers: { type: 'string', default: '2' },
    users: { type: 'string', default: '50' },
    window: { type: 'string', default: '300' },
  },
});
const num = (k: keyof typeof values) => {
  const n = Number(values[k]);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`--${k} must be a positive number\n`);
    process.exit(2);
  }
  return n;
};
const report = await runSoak({
  minutes: num('minutes'),
  stores: num('stores'),
  products: num('products'),
  apis: num('apis'),
  workers: num('workers'),
  users: num('users'),
  windowSeconds: num('window'),
});
for (const r of report.rss) {
  const warm = r.mb.slice(Math.floor(r.mb.length / 5));
  const lo = Math.min(...warm);
  const hi = Math.max(...warm);
  process.stdout.write(
    `rss ${r.process}: ${r.mb.join(' ')} MB; after warm-up ${lo}–${hi} MB (${(((hi - lo) / lo) * 100).toFixed(1)}% spread)\n`,
  );
}
process.stdout.write(
  `orders placed ${report.orders}; errors ${report.errors}; outbox lag p99 ${report.outboxLagP99Ms} ms\n`,
);
if (report.errorSamples.length)
  process.stdout.write(`error samples:\n  ${report.errorSamples.join('\n  ')}\n`);
const failed = report.errors > 0 || Object.values(report.checks).some((n) => n > 0);
process.exit(failed ? 1 : 0);
