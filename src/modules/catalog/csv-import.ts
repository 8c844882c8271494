/**
 * Catalog CSV import (format: csv-format.ts). All-or-nothing: every row is
 * validated first and every bad row is reported with its line number (the
 * physical line where the row starts, header = line 1; parsing and grouping
 * in csv-rows.ts); only a file without errors is written, in the caller's
 * transaction. Import creates products: a handle or SKU that already exists
 * in the store is an error on its row.
 */

import type { Trx } from '../../lib/db/index.js';
import type { ErrorIssue } from '../../lib/errors.js';
import type { StockActor } from '../inventory/service.js';
import {
  buildInput,
  groupRows,
  type ImportResult,
  importFailed,
  issue,
  issueLocation,
  type ParsedRow,
  type ProductGroup,
  parseCsv,
} from './csv-rows.js';
import { emitCatalogImported } from './events.js';
import { findExistingCategoryHandles } from './repository/categories.js';
import { archiveProductRow, findExistingProductHandles } from './repository/products.js';
import { findTakenSkus } from './repository.js';
import { type CreateProductInput, ZCreateProduct } from './schemas.js';
import { createProduct } from './service.js';

export type { ImportResult };

export interface ImportInput {
  group: ProductGroup;
  input: CreateProductInput;
  archived: boolean;
}

/** Each handle group → a validated create input; problems go to `issues` with their line. */
export function buildImportInputs(rows: ParsedRow[], issues: ErrorIssue[]): ImportInput[] {
  const inputs: ImportInput[] = [];
  for (const g of groupRows(rows, issues)) {
    const built = buildInput(g, issues);
    const parsed = ZCreateProduct.safeParse(built.input);
    if (!parsed.success) {
      for (const zi of parsed.error.issues) {
        const loc = issueLocation(g, zi.path);
        issues.push(issue(loc.line, loc.column, zi.message));
      }
      continue;
    }
    inputs.push({ group: g, input: parsed.data, archived: built.archived });
  }
  return inputs;
}

/** Validates the whole file, then (only if it is clean) creates every product in `trx`. */
export async function importProductsCsv(
  trx: Trx,
  tenantId: string,
  text: string,
  opts: { actor?: StockActor } = {},
): Promise<ImportResult> {
  const rows = parseCsv(text);
  const issues: ErrorIssue[] = [];
  const inputs = buildImportInputs(rows, issues);

  await checkAgainstStore(trx, tenantId, rows, inputs, issues);

  if (issues.length > 0) {
    issues.sort((a, b) => Number(a.path.split('.')[1]) - Number(b.path.split('.')[1]));
    throw importFailed(issues);
  }

  let variants = 0;
  for (const i of inputs) {
    const product = await createProduct(trx, tenantId, i.input, opts);
    if (i.archived) {
      await archiveProductRow(trx, tenantId, product.id);
    }
    variants += product.variants.length;
  }
  if (inputs.length > 0) await emitCatalogImported(trx, tenantId, { created: inputs.length, updated: 0 });
  return { products: inputs.length, variants };
}

/**
 * Cross-row and store checks, each failure added to `issues`: SKUs unique in
 * the file and the store, handles free, categories known.
 */
export async function checkAgainstStore(
  trx: Trx,
  tenantId: string,
  rows: readonly ParsedRow[],
  inputs: readonly ImportInput[],
  issues: ErrorIssue[],
  /** Upsert: SKU → the handle of the existing product it may belong to; existing handles are updates. */
  upsert?: { skuOwner: ReadonlyMap<string, string>; handles: ReadonlySet<string> },
): Promise<void> {
  const skuLine = new Map<string, number>();
  for (const row of rows) {
    const sku = row.cells.sku ?? '';
    if (!sku) continue;
    const prev = skuLine.get(sku);
    if (prev !== undefined) issues.push(issue(row.line, 'sku', `Duplicate SKU (also on line ${prev})`));
    else skuLine.set(sku, row.line);
  }
  const taken = await findTakenSkus(trx, tenantId, [...skuLine.keys()]);
  for (const sku of taken) {
    const line = skuLine.get(sku)!;
    const rowHandle = (rows.find((r) => r.line === line)?.cells.handle ?? '').toLowerCase();
    if (upsert && upsert.skuOwner.get(sku) === rowHandle) continue;
    issues.push(issue(line, 'sku', 'SKU already used in this store'));
  }

  const handles = inputs.flatMap((i) => (i.input.handle ? [i.input.handle] : []));
  if (handles.length > 0) {
    const set = new Set(
      (await findExistingProductHandles(trx, tenantId, handles)).map((h) => h.toLowerCase()),
    );
    for (const i of inputs) {
      if (i.input.handle && set.has(i.input.handle) && !upsert?.handles.has(i.input.handle)) {
        issues.push(issue(i.group.rows[0]!.line, 'handle', 'A product with this handle already exists'));
      }
    }
  }
  const categoryRefs = [...new Set(inputs.flatMap((i) => (i.input.category ? [i.input.category] : [])))];
  if (categoryRefs.length > 0) {
    const known = new Set(
      (await findExistingCategoryHandles(trx, tenantId, categoryRefs)).map((h) => h.toLowerCase()),
    );
    for (const i of inputs) {
      if (i.input.category && !known.has(i.input.category.toLowerCase())) {
        issues.push(
          issue(i.group.rows[0]!.line, 'category', `No category "${i.input.category}" in this store`),
        );
      }
    }
  }
}
