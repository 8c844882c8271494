/**
 * Reading the retail CSV files the recommendation CLIs take (order lines, products, queries), plain or
 * gzipped, columns found by header name (extra columns ignored). Order lines are grouped into one basket
 * per invoice.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { EngineBasket, EngineItem } from './engine/types.js';

export interface QueryRow {
  queryId: string;
  customer: string;
  context: string[];
}

/** Splits one CSV record (RFC 4180 quoting) into fields. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** A CSV file as header positions and raw records. Quoted newlines are not expected in these files. */
interface Table {
  /** Calls back with each non-empty record (records are not kept: these files are large). */
  each(visit: (row: string[]) => void): void;
  /** Reads a named column of a record ('' when the column or the field is missing). */
  get(row: string[], column: string): string;
}

function readTable(file: string): Table {
  const raw = readFileSync(file);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const positions = new Map(header.map((name, i) => [name, i]));
  return {
    each: (visit) => {
      for (let l = 1; l < lines.length; l++) {
        const line = lines[l]!;
        if (line.trim()) visit(splitCsvLine(line));
      }
    },
    get: (row, column) => {
      const at = positions.get(column);
      return at === undefined ? '' : (row[at] ?? '').trim();
    },
  };
}

const ISO_LIKE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_LIKE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Parses "2011-08-01 10:30:00", "2011-08-01 9:30", "8/1/2011 9:30" (as UTC) or any ISO timestamp. */
export function parseTime(value: string): number {
  const iso = ISO_LIKE.exec(value.trim());
  const us = iso ? null : US_LIKE.exec(value.trim());
  const [y, mo, d, h, mi, se] = iso
    ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]]
    : us
      ? [us[3], us[1], us[2], us[4], us[5], us[6]]
      : [];
  const time = y
    ? Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(se ?? 0))
    : Date.parse(value);
  if (Number.isNaN(time)) throw new Error(`invalid time: ${value}`);
  return time;
}

function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

/** One basket per invoice_no, in file order. */
export function readOrders(file: string): EngineBasket[] {
  const { each, get } = readTable(file);
  const baskets = new Map<string, EngineBasket>();
  each((row) => {
    const code = normaliseCode(get(row, 'stock_code'));
    const invoice = get(row, 'invoice_no');
    const time = get(row, 'invoice_time');
    if (!code || !invoice || !time) return;
    let basket = baskets.get(invoice);
    if (!basket) {
      basket = { customer: get(row, 'customer_id'), time: parseTime(time), keys: [] };
      baskets.set(invoice, basket);
    }
    if (!basket.keys.includes(code)) basket.keys.push(code);
  });
  return [...baskets.values()];
}

/** Products as engine items keyed by stock code; the description is the title. */
export function readProducts(file: string): EngineItem[] {
  const { each, get } = readTable(file);
  const items = new Map<string, EngineItem>();
  each((row) => {
    const code = normaliseCode(get(row, 'stock_code'));
    if (code && !items.has(code)) items.set(code, { key: code, title: get(row, 'description') });
  });
  return [...items.values()];
}

/** query_id,customer_id,context_codes (space-separated). */
export function readQueries(file: string): QueryRow[] {
  const { each, get } = readTable(file);
  const queries: QueryRow[] = [];
  each((row) =>
    queries.push({
      queryId: get(row, 'query_id'),
      customer: get(row, 'customer_id'),
      context: get(row, 'context_codes').split(/\s+/).map(normaliseCode).filter(Boolean),
    }),
  );
  return queries;
}
