/**
 * `npm run soak -- --minutes 30 [--stores 200] [--apis 2] [--workers 2] [--users 50] [--window 300]
 * [--background 5] [--deferred-after 30] [--memory-json file] [--heap-profile] [--api-flags=<node flags> …]`
 * (see bench/soak.ts; `--heap-profile`: the API processes run V8's sampling heap profiler and each
 * window logs their top live allocation sites; the i-th `--api-flags=…` (with `=`: the value starts with a dash;
 * `--api-flags=` for none) adds Node flags to api-i only, after the production ones — an A/B of V8
 * sizing under the same load). Exits 1 when any error happened, a
 * check failed, a process's RSS after warm-up spread more than 10% between window means (either way:
 * a fall counts as a rise), no two windows were left after warm-up to judge, or the outbox lag's p99
 * reached 2 s. Warm-up lasts until every deferred job kind has run once (bench/soak-deferred.ts; the
 * soak starts them `--deferred-after` seconds into the load) and at least the first window.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runSoak } from '../bench/soak.js';
import { warmupWindows } from '../bench/soak-deferred.js';
import { memoryLines, summariseMemory } from '../bench/soak-memory.js';

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
    'deferred-after': { type: 'string', default: '30' },
    'memory-json': { type: 'string' },
    'api-flags': { type: 'string', multiple: true },
    'heap-profile': { type: 'boolean', default: false },
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
  deferredAfterSeconds: num('deferred-after'),
  apiNodeFlags: (values['api-flags'] ?? []).map((f) => f.split(/\s+/).filter(Boolean)),
  heapProfile: values['heap-profile'],
});
const RSS_SPREAD = 0.1;
const LAG_MS = 2_000;
// A process's heap saw-tooths between collections, so "flat" is judged on each window's mean RSS
// (sampled every 5 s): after warm-up the means must stay within 10% of each other. Warm-up: the first
// window (start-up's memory is given back, the read cache fills to what its age bound holds, both within
// ~2 minutes) and every window until each deferred job kind has run once — a worker's first
// recommendations rebuild creates the serving cache (lru-cache preallocates its arrays: ~7.6 MB) and
// compiles the engine, once; later rounds add nothing (bench/soak-deferred.ts). A fall counts as a rise.
const windowSeconds = num('window');
const warmup = warmupWindows(report.deferred.doneAtS, windowSeconds, Number.MAX_SAFE_INTEGER);
process.stdout.write(
  `warm-up: ${
    report.deferred.doneAtS === null
      ? 'a deferred job kind never finished its first run, so every window is warm-up and nothing is judged'
      : `every deferred kind had run once by ${report.deferred.doneAtS} s, so windows 1–${warmup} are warm-up ` +
        `and windows ${warmup + 1}+ are judged`
  }\n`,
);
const memory = summariseMemory(report.memory, {
  seconds: num('minutes') * 60,
  windowSeconds,
  warmupWindows: warmup,
});
const rssTooWide = memory.some((m) => !(m.spread <= RSS_SPREAD)) || memory.length === 0;
for (const l of memoryLines(memory, RSS_SPREAD)) process.stdout.write(`${l}\n`);
if (values['memory-json']) writeFileSync(values['memory-json'], JSON.stringify(report.memory));
const b = report.background;
process.stdout.write(
  `orders placed ${report.orders} (paid ${b.paid}); pricing runs ${b.pricingRuns}; alerts opened ${b.alertsOpened}\n` +
    `errors ${report.errors} (target 0); outbox lag p99 ${report.outboxLagP99Ms} ms (target < ${LAG_MS}); ` +
    `RSS after warm-up ${rssTooWide ? 'spread > 10% or not judged' : 'within 10%'}; checks ${JSON.stringify(report.checks)}\n`,
);
if (report.errorSamples.length)
  process.stdout.write(`error samples:\n  ${report.errorSamples.join('\n  ')}\n`);
const failed =
  report.errors > 0 ||
  Object.values(report.checks).some((n) => n > 0) ||
  rssTooWide ||
  report.outboxLagP99Ms >= LAG_MS;
process.exit(failed ? 1 : 0);
