/**
 * Sales-history CSV parsing, shared by the merchant import and the forecast
 * CLIs. Two formats, recognised by the header:
 *   - order lines: `invoice_no,invoice_time,customer_id,country,stock_code,quantity,unit_price`
 *     (only stock_code, invoice_time and quantity are read);
 *   - simple: `sku,date,quantity`.
 * Dates are calendar days (`YYYY-MM-DD`, optionally followed by a time); a
 * day is stored as its epoch-day number (days since 1970-01-01). Every bad
 * row is reported with its 1-based line number (the header is line 1).
 */

export interface SaleRow {
  sku: string;
  /** Epoch day (UTC calendar day number). */
  day: number;
  quantity: number;
}

export interface CsvLineError {
  line: number;
  message: string;
}

export interface ParsedSales {
  format: 'order-lines' | 'sku-date-quantity';
  rows: SaleRow[];
  errors: CsvLineError[];
}

const MAX_QUANTITY = 1_000_000_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Splits one CSV line (RFC 4180 quotes, no embedded newlines). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function isWholeNumber(text: string): boolean {
  if (text.length === 0 || text.length > 12) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `YYYY-MM-DD[ time]` → epoch day, or null when it is not a real calendar date. */
export function parseDay(text: string): number | null {
  const m = DATE_RE.exec(text.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.floor(ms / 86_400_000);
}

/** Epoch day → `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function columnsOf(
  header: string[],
): { sku: number; date: number; qty: number; format: ParsedSales['format'] } | null {
  const h = header.map((c) =>
    c
      .trim()
      .toLowerCase()
      .replace(/^\ufeff/, ''),
  );
  const sc = h.indexOf('stock_code');
  const it = h.indexOf('invoice_time');
  if (sc >= 0 && it >= 0 && h.includes('quantity')) {
    return { sku: sc, date: it, qty: h.indexOf('quantity'), format: 'order-lines' };
  }
  const sku = h.indexOf('sku');
  const date = h.indexOf('date');
  const qty = h.indexOf('quantity');
  if (sku >= 0 && date >= 0 && qty >= 0) return { sku, date, qty, format: 'sku-date-quantity' };
  return null;
}

/**
 * Parses a whole CSV text. Stops collecting errors after `maxErrors` (the
 * rows are then incomplete, which the caller must treat as a failure).
 */
export function parseSalesCsv(text: string, maxErrors = 100): ParsedSales {
  const lines = text.split(/\r?\n/);
  const cols = columnsOf(splitCsvLine(lines[0] ?? ''));
  if (!cols) {
    return {
      format: 'sku-date-quantity',
      rows: [],
      errors: [{ line: 1, message: 'header must be sku,date,quantity or the order-lines columns' }],
    };
  }
  const rows: SaleRow[] = [];
  const errors: CsvLineError[] = [];
  const need = Math.max(cols.sku, cols.date, cols.qty);
  // Order lines repeat the same invoice time many times: parse each distinct text once.
  const dayCache = new Map<string, number | null>();
  for (let i = 1; i < lines.length && errors.length < maxErrors; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const f = splitCsvLine(raw);
    const line = i + 1;
    if (f.length <= need) {
      errors.push({ line, message: `expected at least ${need + 1} columns, got ${f.length}` });
      continue;
    }
    const sku = f[cols.sku]!.trim();
    const dateText = f[cols.date]!;
    let day = dayCache.get(dateText);
    if (day === undefined) {
      day = parseDay(dateText);
      dayCache.set(dateText, day);
    }
    const qtyText = f[cols.qty]!.trim();
    const quantity = Number(qtyText);
    if (sku === '' || sku.length > 255) errors.push({ line, message: 'sku must be 1–255 characters' });
    else if (day === null)
      errors.push({ line, message: `invalid date "${f[cols.date]!.trim().slice(0, 40)}"` });
    else if (!isWholeNumber(qtyText) || quantity > MAX_QUANTITY) {
      errors.push({ line, message: `quantity must be a whole number ≥ 0, got "${qtyText.slice(0, 20)}"` });
    } else rows.push({ sku, day, quantity });
  }
  return { format: cols.format, rows, errors };
}

/** Daily demand per SKU on a shared calendar [start, end): one Float64Array per SKU. */
export interface DailySales {
  start: number;
  end: number;
  skus: string[];
  series: Float64Array[];
  /** First day with a sale, per SKU. */
  firstSale: Int32Array;
}

/** Aggregates rows to units per SKU per day. */
export function aggregateDaily(rows: readonly SaleRow[]): DailySales {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    if (r.day < start) start = r.day;
    if (r.day + 1 > end) end = r.day + 1;
  }
  if (rows.length === 0) return { start: 0, end: 0, skus: [], series: [], firstSale: new Int32Array(0) };
  const index = new Map<string, number>();
  const skus: string[] = [];
  const series: Float64Array[] = [];
  const first: number[] = [];
  for (const r of rows) {
    let k = index.get(r.sku);
    if (k === undefined) {
      k = skus.length;
      index.set(r.sku, k);
      skus.push(r.sku);
      series.push(new Float64Array(end - start));
      first.push(r.day);
    }
    series[k]![r.day - start]! += r.quantity;
    if (r.day < first[k]!) first[k] = r.day;
  }
  return { start, end, skus, series, firstSale: Int32Array.from(first) };
}
