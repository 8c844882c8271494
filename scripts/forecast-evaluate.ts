/**
 * `npm run forecast:evaluate -- --sales FILE --origins D1,D2,… --horizon 14
 *  [--lead 7] [--cover 30] [--service 9500] [--only planner,naive28]`
 * Rolling-origin backtest of the production planner's forecaster against
 * the benchmarks on real sales, plus the inventory simulation (fill rate at
 * the target service level, days of stock). See
 * src/modules/restock/forecast/evaluate.ts for the metric definitions.
 */
import {
  compareSkus,
  type Metrics,
  runForecaster,
  scoreForecasts,
} from '../src/modules/restock/forecast/evaluate.js';
import { FORECASTERS } from '../src/modules/restock/forecast/forecasters.js';
import { simulateInventory } from '../src/modules/restock/forecast/simulate.js';
import { argsOf, parseOrigins, readSalesFile } from './sales-file.js';

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`.padStart(8);
}

function main(): void {
  const args = argsOf(process.argv.slice(2));
  const path = args.get('sales');
  if (!path) throw new Error('--sales FILE is required');
  const origins = parseOrigins(args.get('origins'));
  const horizon = Number(args.get('horizon') ?? 14);
  const sim = {
    leadTimeDays: Number(args.get('lead') ?? 7),
    coverDays: Number(args.get('cover') ?? 30),
    serviceLevelBp: Number(args.get('service') ?? 9500),
  };
  const only = args.get('only')?.split(',');
  const t0 = performance.now();
  const sales = readSalesFile(path);
  const skus = new Set<number>();
  for (const o of origins) {
    sales.firstSale.forEach((f, k) => {
      if (f < o) skus.add(k);
    });
  }
  process.stdout.write(
    `${sales.skus.length} SKUs in file, ${skus.size} with a sale before an origin; ${origins.length} origins, horizon ${horizon} days; ` +
      `simulation: lead ${sim.leadTimeDays} d, cover ${sim.coverDays} d, target ${sim.serviceLevelBp / 100}%\n\n`,
  );
  process.stdout.write(
    `${'method'.padEnd(24)}${'WAPE'.padStart(8)}${'MASE'.padStart(8)}${'total'.padStart(8)}${'bias'.padStart(8)}` +
      `${'fill'.padStart(8)}${'days'.padStart(8)}${'secs'.padStart(8)}\n`,
  );
  const results = new Map<string, Metrics>();
  for (const [name, f] of Object.entries(FORECASTERS)) {
    if (only && !only.includes(name)) continue;
    const t = performance.now();
    const runs = runForecaster(sales, origins, Math.max(horizon, sim.leadTimeDays + sim.coverDays), f);
    const m = scoreForecasts(sales, runs, horizon);
    const s = simulateInventory(sales, runs, sim);
    results.set(name, m);
    process.stdout.write(
      `${name.padEnd(24)}${pct(m.wape)}${m.medianMase.toFixed(3).padStart(8)}${pct(m.totalError)}${pct(m.bias)}` +
        `${pct(s.fillRate)}${s.daysOfStock.toFixed(1).padStart(8)}${((performance.now() - t) / 1000).toFixed(1).padStart(8)}\n`,
    );
  }
  const mine = results.get('planner');
  if (mine) {
    process.stdout.write('\nplanner vs benchmark, products with lower absolute error (won / lost / tied):\n');
    for (const [name, m] of results) {
      if (name === 'planner') continue;
      const c = compareSkus(mine, m);
      const wape = ((m.wape - mine.wape) / m.wape) * 100;
      const tot = ((m.totalError - mine.totalError) / m.totalError) * 100;
      process.stdout.write(
        `  vs ${name.padEnd(24)} ${c.won} / ${c.lost} / ${c.tied}   WAPE ${wape.toFixed(1)}% lower, total error ${tot.toFixed(1)}% lower\n`,
      );
    }
  }
  process.stdout.write(`\n${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

main();
