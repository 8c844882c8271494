/**
 * `npm run forecast:batch -- --sales FILE --origins D1,D2,… --horizon N --out FILE`
 * Batch forecasts on the production path (forecastStore: the planner's own
 * selection and methods). For each origin, uses only sales before it and
 * writes `origin,sku,date,forecast,p10,p50,p90` for every SKU with any sale
 * before the origin, one row per day of the horizon.
 */
import { createWriteStream } from 'node:fs';
import { dailyQuantiles } from '../src/modules/restock/forecast/quantiles.js';
import { formatDay } from '../src/modules/restock/forecast/sales-csv.js';
import { forecastStore, type StoreSeries } from '../src/modules/restock/forecast/store-forecast.js';
import { argsOf, parseOrigins, readSalesFile } from './sales-file.js';

const num = (v: number) => (Math.round(v * 1000) / 1000).toString();

async function main(): Promise<void> {
  const args = argsOf(process.argv.slice(2));
  const path = args.get('sales');
  const out = args.get('out');
  if (!path || !out) throw new Error('--sales FILE and --out FILE are required');
  const origins = parseOrigins(args.get('origins'));
  const horizon = Number(args.get('horizon') ?? 14);
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error('--horizon must be a whole number ≥ 1');
  const t0 = performance.now();
  const sales = readSalesFile(path);
  const ws = createWriteStream(out);
  const write = (s: string) =>
    ws.write(s) ? Promise.resolve() : new Promise<void>((r) => ws.once('drain', r));
  await write('origin,sku,date,forecast,p10,p50,p90\n');
  let rows = 0;
  for (const origin of origins) {
    const ks: number[] = [];
    const series: StoreSeries[] = [];
    sales.series.forEach((s, k) => {
      const first = sales.firstSale[k]!;
      if (first >= origin) return;
      ks.push(k);
      // Sales before the origin only; days after the file's end (none before the origin) are zero.
      const y = new Float64Array(origin - first);
      y.set(s.subarray(first - sales.start, Math.min(origin, sales.end) - sales.start));
      series.push({ y, startDay: first });
    });
    const forecasts = forecastStore(series, horizon);
    const o = formatDay(origin);
    const dates = Array.from({ length: horizon }, (_, d) => formatDay(origin + d));
    let chunk = '';
    forecasts.forEach((fc, i) => {
      const [p10, p50, p90] = dailyQuantiles(fc, [0.1, 0.5, 0.9]);
      const sku = sales.skus[ks[i]!]!;
      const skuCell = /[",\n]/.test(sku) ? `"${sku.replace(/"/g, '""')}"` : sku;
      for (let d = 0; d < horizon; d++) {
        chunk += `${o},${skuCell},${dates[d]},${num(fc.values[d]!)},${num(p10![d]!)},${num(p50![d]!)},${num(p90![d]!)}\n`;
        rows++;
      }
      if (chunk.length > 1 << 16) {
        ws.write(chunk);
        chunk = '';
      }
    });
    await write(chunk);
  }
  await new Promise<void>((resolve, reject) =>
    ws.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  process.stderr.write(`${rows} rows → ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
