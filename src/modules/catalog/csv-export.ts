/** Catalog CSV export (format: csv-format.ts). */
import { stringify } from 'csv-stringify/sync';
import type { Trx } from '../../lib/db/index.js';
import type { ProductStatus } from '../../lib/db/tables/commerce.js';
import { type Column, CSV_COLUMNS } from './csv-format.js';
import { listExportRows } from './repository/csv-export.js';

export async function exportProductsCsv(
  trx: Trx,
  tenantId: string,
  opts: { status?: ProductStatus } = {},
): Promise<string> {
  const rows = await listExportRows(trx, tenantId, opts.status);
  const out: string[][] = [];
  let lastProduct = '';
  for (const r of rows) {
    const first = r.product_id !== lastProduct;
    lastProduct = r.product_id;
    const optionNames = r.options.length > 0 ? r.options.map((o) => o.name) : Object.keys(r.variant_options);
    const opt = (i: number): [string, string] => {
      const name = optionNames[i];
      return name ? [name, r.variant_options[name] ?? ''] : ['', ''];
    };
    const images = r.images ?? [];
    const record: Record<Column, string> = {
      handle: r.handle,
      title: first ? r.title : '',
      description: first ? r.description : '',
      status: first ? r.status : '',
      category: first ? (r.category ?? '') : '',
      tags: first ? r.tags.join('|') : '',
      image_urls: first ? images.map((i) => i.url).join('|') : '',
      image_alts: first ? images.map((i) => i.alt.replace(/\|/g, ' ')).join('|') : '',
      sku: r.sku,
      variant_title: r.variant_title,
      option1_name: opt(0)[0],
      option1_value: opt(0)[1],
      option2_name: opt(1)[0],
      option2_value: opt(1)[1],
      option3_name: opt(2)[0],
      option3_value: opt(2)[1],
      price: String(r.price),
      compare_at_price: r.compare_at_price === null ? '' : String(r.compare_at_price),
      cost: r.cost === null ? '' : String(r.cost),
      stock: String(r.stock),
      low_stock_threshold: String(r.low_stock_threshold),
    };
    out.push(CSV_COLUMNS.map((c) => neutraliseFormula(record[c])));
  }
  return stringify(out, { header: true, columns: [...CSV_COLUMNS] });
}

/**
 * Spreadsheet formula injection: a cell starting with = + - @ (or tab/CR) is
 * run as a formula by Excel/Sheets. Text cells get a leading apostrophe;
 * numbers (e.g. "-5" never occurs, all our numbers are >= 0) stay as they are.
 */
function neutraliseFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) && !/^-?\d+$/.test(v) ? `'${v}` : v;
}
