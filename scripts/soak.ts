/**
 * `npm run soak -- --minutes 30 [--stores 200] [--apis 2] [--workers 2] [--users 50] [--window 300]
 * [--background 5]` (see bench/soak.ts). Exits 1 when any error happened, a
 * check failed, a process's RSS after warm-up (the first window) spread more
 * than 10% between window means, or the outbox lag's p99 reached 2 s.
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
    background: { type: 'string', default: '5' },
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
  backgroundSeconds: num('background'),
});
const RSS_SPREAD = 0.1;
const LAG_MS = 2_000;
let rssTooWide = false;
// RSS is sampled every 5 s; a process's heap saw-tooths between collections, so "flat" is judged on
// each window's mean: after the first window (warm-up) the means must stay within 10% of each other.
const perWindow = Math.max(1, Math.round(num('window') / 5));
for (const r of report.rss) {
  const means: number[] = [];
  for (let i = 0; i < r.mb.length; i += perWindow) {
    const w = r.mb.slice(i, i + perWindow);
    means.push(Math.round(w.reduce((s, x) => s + x, 0) / w.length));
  }
  const warm = means.length > 1 ? means.slice(1) : means;
  const lo = Math.min(...warm);
  const hi = Math.max(...warm);
  if ((hi - lo) / lo > RSS_SPREAD) rssTooWide = true;
  process.stdout.write(
    `rss ${r.process}: ${r.mb.join(' ')} MB\n  window means ${means.join(' ')} MB; samples ${Math.min(...r.mb)}–${Math.max(...r.mb)} MB; ` +
      `after warm-up means ${lo}–${hi} MB (${(((hi - lo) / lo) * 100).toFixed(1)}% spread)\n`,
  );
}
const b = report.background;
process.stdout.write(
  `orders placed ${report.orders} (paid ${b.paid}); pricing runs ${b.pricingRuns}; alerts opened ${b.alertsOpened}\n` +
    `errors ${report.errors} (target 0); outbox lag p99 ${report.outboxLagP99Ms} ms (target < ${LAG_MS}); ` +
    `RSS after warm-up ${rssTooWide ? 'spread > 10%' : 'within 10%'}; checks ${JSON.stringify(report.checks)}\n`,
);
if (report.errorSamples.length)
  process.stdout.write(`error samples:\n  ${report.errorSamples.join('\n  ')}\n`);
const failed =
  report.errors > 0 ||
  Object.values(report.checks).some((n) => n > 0) ||
  rssTooWide ||
  report.outboxLagP99Ms >= LAG_MS;
process.exit(failed ? 1 : 0);
