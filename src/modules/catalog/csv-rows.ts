/**
 * Catalog CSV import, first half: the file's text → rows (with their physical
 * line numbers, header = line 1) → one product input per handle group, every
 * problem collected as an issue on its line and column (format: csv-format.ts).
 */
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { AppError, type ErrorIssue } from '../../lib/errors.js';
import { type Column, CSV_COLUMNS, MAX_IMPORT_ROWS, REQUIRED, splitList } from './csv-format.js';
import { MAX_MONEY, MAX_QUANTITY, ZHandle } from './schemas.js';

/** At most this many row issues are listed in one response. */
const MAX_ISSUES = 200;

export interface ParsedRow {
  line: number;
  cells: Partial<Record<Column, string>>;
}

export interface ProductGroup {
  key: string;
  rows: ParsedRow[];
}

export interface ImportResult {
  products: number;
  variants: number;
}

export function issue(line: number, column: string, message: string): ErrorIssue {
  return { path: `line.${line}${column ? `.${column}` : ''}`, message };
}

export function importFailed(issues: ErrorIssue[]): AppError {
  const lines = new Set(issues.map((i) => i.path.split('.')[1]));
  return new AppError(
    'validation_failed',
    `${lines.size} row${lines.size === 1 ? ' is' : 's are'} not valid; nothing was imported`,
    { issues: issues.slice(0, MAX_ISSUES) },
  );
}

export function parseCsv(text: string): ParsedRow[] {
  let records: { record: Record<string, string>; info: { lines: number }; raw: string }[];
  let header: string[] = [];
  try {
    records = parse(text, {
      bom: true,
      columns: (h: string[]) => {
        header = h.map((x) => x.trim().toLowerCase());
        return header;
      },
      skip_empty_lines: true,
      info: true,
      raw: true,
      max_record_size: 100_000,
    });
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? err.lines : 0;
      throw importFailed([issue(line, '', `Malformed CSV: ${err.message.split(':')[0]}`)]);
    }
    throw err;
  }
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((r) => !header.includes(r));
  if (unknown.length > 0 || missing.length > 0) {
    throw importFailed([
      ...unknown.map((u) => issue(1, u, 'Unknown column')),
      ...missing.map((m) => issue(1, m, 'Missing required column')),
    ]);
  }
  if (records.length === 0) throw importFailed([issue(1, '', 'The file has no rows')]);
  if (records.length > MAX_IMPORT_ROWS) {
    throw importFailed([issue(1, '', `At most ${MAX_IMPORT_ROWS} rows per import`)]);
  }
  return records.map(({ record, info, raw }) => ({
    // info.lines is where the record ends; count back over its embedded newlines.
    line:
      info.lines -
      (raw
        .replace(/^[\r\n]+/, '')
        .replace(/\r?\n$/, '')
        .match(/\n/g)?.length ?? 0),
    cells: Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k, stripFormulaGuard(String(v ?? '').trim())]),
    ) as Partial<Record<Column, string>>,
  }));
}

/** Undo the export's formula guard (a leading apostrophe before = + - @). */
function stripFormulaGuard(v: string): string {
  return /^'[=+\-@]/.test(v) ? v.slice(1) : v;
}

function intCell(
  row: ParsedRow,
  col: Column,
  max: number,
  issues: ErrorIssue[],
  required = false,
): number | null | undefined {
  const v = row.cells[col] ?? '';
  if (v === '') {
    if (required) issues.push(issue(row.line, col, 'Required'));
    return required ? undefined : null;
  }
  if (!/^\d{1,15}$/.test(v)) {
    issues.push(
      issue(
        row.line,
        col,
        /^-/.test(v)
          ? 'Must not be negative'
          : /[.,]/.test(v)
            ? 'A whole number in minor units (no decimal point)'
            : 'A whole number',
      ),
    );
    return undefined;
  }
  const n = Number(v);
  if (n > max) {
    issues.push(issue(row.line, col, `At most ${max}`));
    return undefined;
  }
  return n;
}

export function groupRows(rows: ParsedRow[], issues: ErrorIssue[]): ProductGroup[] {
  const groups = new Map<string, ProductGroup>();
  rows.forEach((row, i) => {
    const handle = row.cells.handle ?? '';
    let key: string;
    if (handle) {
      const h = ZHandle.safeParse(handle);
      if (!h.success) issues.push(issue(row.line, 'handle', 'Lower-case letters, digits and single dashes'));
      key = `h:${h.success ? h.data : handle}`;
    } else {
      key = `row:${i}`;
    }
    const g = groups.get(key);
    if (g) g.rows.push(row);
    else groups.set(key, { key, rows: [row] });
  });
  return [...groups.values()];
}

export function buildInput(g: ProductGroup, issues: ErrorIssue[]): { input: unknown; archived: boolean } {
  const head = g.rows[0]!;
  const c = head.cells;
  const status = c.status ?? '';
  if (status && !['draft', 'active', 'archived'].includes(status)) {
    issues.push(issue(head.line, 'status', 'One of draft, active, archived'));
  }
  const urls = splitList(c.image_urls ?? '');
  const alts = (c.image_alts ?? '').split('|').map((a) => a.trim());
  const optionValues = new Map<string, string[]>();
  const variants = g.rows.map((row) => {
    const rc = row.cells;
    const options: Record<string, string> = {};
    for (const n of [1, 2, 3] as const) {
      const name = rc[`option${n}_name`] ?? '';
      const value = rc[`option${n}_value`] ?? '';
      if (!name && !value) continue;
      if (!name || !value) {
        issues.push(
          issue(row.line, `option${n}_${name ? 'value' : 'name'}`, 'Option name and value go together'),
        );
        continue;
      }
      options[name] = value;
      const vals = optionValues.get(name) ?? [];
      if (!vals.includes(value)) vals.push(value);
      optionValues.set(name, vals);
    }
    if (row !== head && rc.title && rc.title !== c.title) {
      issues.push(issue(row.line, 'title', `Differs from the product's first row (line ${head.line})`));
    }
    const price = intCell(row, 'price', MAX_MONEY, issues, true);
    const compareAtPrice = intCell(row, 'compare_at_price', MAX_MONEY, issues);
    const cost = intCell(row, 'cost', MAX_MONEY, issues);
    const stock = intCell(row, 'stock', MAX_QUANTITY, issues);
    const lowStockThreshold = intCell(row, 'low_stock_threshold', MAX_QUANTITY, issues);
    return {
      sku: rc.sku ?? '',
      ...(rc.variant_title ? { title: rc.variant_title } : {}),
      ...(Object.keys(options).length > 0 ? { options } : {}),
      price: price ?? 0,
      ...(compareAtPrice !== null && compareAtPrice !== undefined ? { compareAtPrice } : {}),
      ...(cost !== null && cost !== undefined ? { cost } : {}),
      ...(stock !== null && stock !== undefined ? { stock } : {}),
      ...(lowStockThreshold !== null && lowStockThreshold !== undefined ? { lowStockThreshold } : {}),
    };
  });
  const input = {
    title: c.title ?? '',
    ...(c.handle ? { handle: c.handle } : {}),
    ...(c.description ? { description: c.description } : {}),
    ...(c.category ? { category: c.category } : {}),
    ...(c.tags ? { tags: splitList(c.tags) } : {}),
    ...(status === 'draft' || status === 'active'
      ? { status }
      : status === 'archived'
        ? { status: 'draft' }
        : {}),
    ...(urls.length > 0
      ? { images: urls.map((url, i) => ({ url, ...(alts[i] ? { alt: alts[i] } : {}) })) }
      : {}),
    ...(optionValues.size > 0
      ? { options: [...optionValues].map(([name, values]) => ({ name, values })) }
      : {}),
    variants,
  };
  return { input, archived: status === 'archived' };
}

/** Maps a zod issue path of a product input to the CSV line and column. */
export function issueLocation(g: ProductGroup, path: PropertyKey[]): { line: number; column: string } {
  const head = g.rows[0]!;
  if (path[0] === 'variants' && typeof path[1] === 'number') {
    const row = g.rows[path[1]] ?? head;
    const field = String(path[2] ?? 'sku');
    const column =
      (
        {
          title: 'variant_title',
          compareAtPrice: 'compare_at_price',
          lowStockThreshold: 'low_stock_threshold',
          options: 'option1_name',
        } as Record<string, string>
      )[field] ?? field;
    return { line: row.line, column };
  }
  const field = String(path[0] ?? '');
  const column =
    ({ images: 'image_urls', options: 'option1_name' } as Record<string, string>)[field] ?? field;
  return { line: head.line, column };
}
