/** Reads a sales CSV (.csv or .csv.gz; order-lines or sku,date,quantity) for the forecast CLIs. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  aggregateDaily,
  type DailySales,
  parseDay,
  parseSalesCsv,
} from '../src/modules/restock/forecast/sales-csv.js';

export function readSalesFile(path: string): DailySales {
  const buf = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  const parsed = parseSalesCsv(text);
  if (parsed.errors.length > 0) {
    const first = parsed.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.message}`);
    throw new Error(`${path}: ${parsed.errors.length} bad row(s)\n${first.join('\n')}`);
  }
  return aggregateDaily(parsed.rows);
}

/** `--name value` arguments. */
export function argsOf(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const v = argv[i + 1];
      if (v !== undefined && !v.startsWith('--')) {
        out.set(a.slice(2), v);
        i++;
      } else out.set(a.slice(2), 'true');
    }
  }
  return out;
}

export function parseOrigins(text: string | undefined): number[] {
  if (!text) throw new Error('--origins D1,D2,… is required');
  return text.split(',').map((d) => {
    const day = parseDay(d);
    if (day === null) throw new Error(`bad origin date "${d}"`);
    return day;
  });
}
