/**
 * Catalog CSV import as the admin page uses it: UPSERT by handle and SKU,
 * with a dry run for the preview. A row group whose handle names an existing
 * product updates it — title, description, tags, category, status when given,
 * and per SKU the price, compare-at, cost and threshold of its variants (new
 * SKUs become new variants; stock of existing variants is left to inventory
 * adjustments). Other groups create products, exactly as the create-only API
 * import does. All-or-nothing: any issue (with its line) fails the whole file
 * and nothing is written. Both the preview and the import return the plan.
 */
import type { Trx } from '../../lib/db/index.js';
import type { ErrorIssue } from '../../lib/errors.js';
import { formatMoney } from '../../lib/money.js';
import type { StockActor } from '../inventory/service.js';
import { buildImportInputs, checkAgainstStore, type ImportInput } from './csv-import.js';
import { importFailed, parseCsv } from './csv-rows.js';
import { emitCatalogImported } from './events.js';
import { archiveProductRow } from './repository/products.js';
import { findProductDetail, type ProductDetail } from './repository.js';
import type { UpdateProductInput } from './schemas.js';
import { createProduct } from './service.js';
import { updateProduct } from './update-product.js';

export interface CsvPlanItem {
  line: number;
  handle: string;
  title: string;
  action: 'create' | 'update' | 'unchanged';
  changes: string[];
}

function updateFor(
  i: ImportInput,
  p: ProductDetail,
  currency: string,
): { input: UpdateProductInput; changes: string[] } {
  const src = i.input;
  const changes: string[] = [];
  const input: UpdateProductInput = { variants: [], addVariants: [] };
  if (src.title !== p.title) {
    input.title = src.title;
    changes.push(`title “${p.title}” → “${src.title}”`);
  }
  if (src.description && src.description !== p.description) {
    input.description = src.description;
    changes.push('description');
  }
  if (src.tags?.length && src.tags.join('|') !== p.tags.join('|')) {
    input.tags = src.tags;
    changes.push('tags');
  }
  if (src.category && src.category !== p.category?.handle) {
    input.category = src.category;
    changes.push(`category → ${src.category}`);
  }
  const status = i.archived ? 'archived' : i.group.rows[0]?.cells.status ? src.status : undefined;
  if (status && status !== p.status) {
    input.status = status;
    changes.push(`status ${p.status} → ${status}`);
  }
  const bySku = new Map(p.variants.map((v) => [v.sku, v]));
  const money = (n: number | null | undefined) => (n == null ? '—' : formatMoney(n, currency));
  for (const v of src.variants) {
    const cur = bySku.get(v.sku);
    if (!cur) {
      input.addVariants!.push(v);
      changes.push(`new variant ${v.sku} at ${money(v.price)}`);
      continue;
    }
    const patch: NonNullable<UpdateProductInput['variants']>[number] = { id: cur.id };
    if (v.price !== cur.price) {
      patch.price = v.price;
      changes.push(`${v.sku}: price ${money(cur.price)} → ${money(v.price)}`);
    }
    if (v.compareAtPrice !== undefined && v.compareAtPrice !== cur.compareAtPrice) {
      patch.compareAtPrice = v.compareAtPrice;
      changes.push(`${v.sku}: compare-at ${money(cur.compareAtPrice)} → ${money(v.compareAtPrice)}`);
    }
    if (v.cost !== undefined && v.cost !== cur.cost) {
      patch.cost = v.cost;
      changes.push(`${v.sku}: cost ${money(cur.cost)} → ${money(v.cost)}`);
    }
    if (v.lowStockThreshold !== undefined && v.lowStockThreshold !== cur.lowStockThreshold) {
      patch.lowStockThreshold = v.lowStockThreshold;
      changes.push(`${v.sku}: low-stock threshold ${cur.lowStockThreshold} → ${v.lowStockThreshold}`);
    }
    if (Object.keys(patch).length > 1) input.variants!.push(patch);
  }
  return { input, changes };
}

/**
 * Validates the file against the store and returns the plan; with
 * `dryRun: false` also applies it in `trx`. Throws 400 (issues by line) when
 * anything is wrong.
 */
export async function upsertProductsCsv(
  trx: Trx,
  tenantId: string,
  text: string,
  opts: { currency: string; dryRun: boolean; actor?: StockActor },
): Promise<CsvPlanItem[]> {
  const rows = parseCsv(text);
  const issues: ErrorIssue[] = [];
  const inputs = buildImportInputs(rows, issues);
  const existing = new Map<string, ProductDetail>();
  for (const i of inputs) {
    if (!i.input.handle || existing.has(i.input.handle)) continue;
    const p = await findProductDetail(trx, tenantId, { handle: i.input.handle });
    if (p) existing.set(i.input.handle, p);
  }
  const skuOwner = new Map(
    [...existing.values()].flatMap((p) => p.variants.map((v) => [v.sku, p.handle] as const)),
  );
  await checkAgainstStore(trx, tenantId, rows, inputs, issues, {
    skuOwner,
    handles: new Set(existing.keys()),
  });
  if (issues.length > 0) {
    issues.sort((a, b) => Number(a.path.split('.')[1]) - Number(b.path.split('.')[1]));
    throw importFailed(issues);
  }
  const plan: CsvPlanItem[] = [];
  for (const i of inputs) {
    const line = i.group.rows[0]!.line;
    const current = i.input.handle ? existing.get(i.input.handle) : undefined;
    if (!current) {
      plan.push({
        line,
        handle: i.input.handle ?? '',
        title: i.input.title,
        action: 'create',
        changes: [`${i.input.variants.length} variant(s)`],
      });
      if (opts.dryRun) continue;
      const created = await createProduct(trx, tenantId, i.input, { actor: opts.actor });
      if (i.archived) await archiveProductRow(trx, tenantId, created.id);
      continue;
    }
    const { input, changes } = updateFor(i, current, opts.currency);
    plan.push({
      line,
      handle: current.handle,
      title: current.title,
      action: changes.length ? 'update' : 'unchanged',
      changes,
    });
    if (!opts.dryRun && changes.length)
      await updateProduct(trx, tenantId, current.id, input, { actor: opts.actor, source: 'import' });
  }
  const created = plan.filter((p) => p.action === 'create').length;
  const updated = plan.filter((p) => p.action === 'update').length;
  if (!opts.dryRun && created + updated > 0) await emitCatalogImported(trx, tenantId, { created, updated });
  return plan;
}
