/**
 * Product form state → the catalog's create/update input, with a human
 * message per form field for what the merchant typed wrong, and the reverse
 * mapping of the services' own validation issues (e.g. `variants.2.sku`)
 * back onto the form's fields (`v2sku`).
 */
import { AppError } from '../../lib/errors.js';
import {
  type CreateProductInput,
  SEO_DESCRIPTION_MAX,
  SEO_TITLE_MAX,
  type UpdateProductInput,
} from '../../modules/catalog/schemas.js';
import { parseMoneyText, parseWhole } from './form-values.js';
import {
  activeOptions,
  type FormErrors,
  type ProductFormState,
  type VariantRow,
} from './product-form-state.js';

type NewVariant = CreateProductInput['variants'][number];

const FIELD_OF: Record<string, string> = {
  sku: 'sku',
  price: 'price',
  compareAtPrice: 'compare',
  cost: 'cost',
  stock: 'stock',
  lowStockThreshold: 'threshold',
  title: 'sku',
  options: 'sku',
};

function parseImages(s: string, errors: FormErrors): { url: string; alt?: string }[] {
  const out: { url: string; alt?: string }[] = [];
  for (const line of s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [url = '', ...alt] = line.split('|').map((x) => x.trim());
    if (!/^https?:\/\/\S+$/i.test(url) && !/^\/(?!\/)\S*$/.test(url))
      errors.images = `Not an image address: “${url.slice(0, 80)}” (use https://… or /media/…)`;
    out.push(alt.length ? { url, alt: alt.join(' | ') } : { url });
  }
  return out;
}

function money(
  row: VariantRow,
  i: number,
  key: 'price' | 'compareAt' | 'cost',
  currency: string,
  errors: FormErrors,
) {
  const r = parseMoneyText(row[key], currency);
  const field = `v${i}${key === 'compareAt' ? 'compare' : key}`;
  if (!r.ok) errors[field] = r.error;
  return r.ok ? r.value : null;
}

function whole(raw: string, field: string, errors: FormErrors): number | undefined {
  const r = parseWhole(raw);
  if (!r.ok) errors[field] = r.error;
  return r.ok && r.value !== null ? r.value : undefined;
}

function variantFields(row: VariantRow, i: number, names: string[], currency: string, errors: FormErrors) {
  const price = money(row, i, 'price', currency, errors);
  if (price === null && !errors[`v${i}price`]) errors[`v${i}price`] = 'Enter a price';
  const options = Object.fromEntries(names.map((n, k) => [n, row.combo[k] ?? '']).filter(([, v]) => v));
  return {
    title: row.combo.filter(Boolean).join(' / ') || undefined,
    options: names.length ? options : undefined,
    price: price ?? 0,
    compareAtPrice: money(row, i, 'compareAt', currency, errors),
    cost: money(row, i, 'cost', currency, errors),
    lowStockThreshold: whole(row.threshold, `v${i}threshold`, errors),
  };
}

/** An SEO field: empty → null (derived on the storefront); too long → a message with the count. */
function seoText(value: string, field: string, max: number, errors: FormErrors): string | null {
  const v = value.trim();
  if (v.length > max) errors[field] = `At most ${max} characters (now ${v.length})`;
  return v || null;
}

function common(state: ProductFormState, errors: FormErrors) {
  if (!state.title) errors.title = 'Give the product a title';
  if (state.handle && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(state.handle.toLowerCase()))
    errors.handle = 'Lower-case letters, digits and single dashes, e.g. linen-shirt';
  const opts = activeOptions(state);
  return {
    title: state.title,
    handle: state.handle ? state.handle.toLowerCase() : undefined,
    description: state.description,
    tags: state.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    images: parseImages(state.images, errors),
    seoTitle: seoText(state.seoTitle, 'seoTitle', SEO_TITLE_MAX, errors),
    seoDescription: seoText(state.seoDescription, 'seoDescription', SEO_DESCRIPTION_MAX, errors),
    options: opts,
    names: opts.map((o) => o.name),
  };
}

/** The create input, or the errors per field; `rows[i]` = the form row of input variant i. */
export function toCreateInput(state: ProductFormState, currency: string) {
  const errors: FormErrors = {};
  const { names, ...base } = common(state, errors);
  const rows: number[] = [];
  const variants: NewVariant[] = [];
  state.variants.forEach((row, i) => {
    if (row.remove) return;
    if (!row.sku) errors[`v${i}sku`] = 'Enter a SKU';
    const stock = whole(row.stock, `v${i}stock`, errors);
    variants.push({ sku: row.sku, ...variantFields(row, i, names, currency, errors), stock: stock ?? 0 });
    rows.push(i);
  });
  const input: CreateProductInput = {
    ...base,
    status: state.status === 'active' ? 'active' : 'draft',
    category: state.category || undefined,
    variants,
  };
  return { input, errors, rows };
}

/** The update input for an existing product; saved rows are patched, new rows added, ticked rows removed. */
export function toUpdateInput(state: ProductFormState, currency: string) {
  const errors: FormErrors = {};
  // Images of a saved product are edited one by one in the Images card (product-images.tsx), never replaced here.
  const { names, images: _images, ...base } = common(state, errors);
  const patchRows: number[] = [];
  const addRows: number[] = [];
  const input: UpdateProductInput = {
    ...base,
    status: (['draft', 'active', 'archived'] as const).find((s) => s === state.status) ?? 'draft',
    category: state.category || null,
    variants: [],
    addVariants: [],
    removeVariants: [],
  };
  state.variants.forEach((row, i) => {
    if (row.remove) {
      if (row.id) input.removeVariants!.push(row.id);
      return;
    }
    const fields = variantFields(row, i, names, currency, errors);
    if (row.id) {
      input.variants!.push({ id: row.id, ...fields });
      patchRows.push(i);
    } else {
      if (!row.sku) errors[`v${i}sku`] = 'Enter a SKU';
      const stock = whole(row.stock, `v${i}stock`, errors);
      input.addVariants!.push({ sku: row.sku, ...fields, stock: stock ?? 0 });
      addRows.push(i);
    }
  });
  return { input, errors, patchRows, addRows };
}

/**
 * A service error → form field messages (or a page-level message under
 * `_form`). Rethrows anything that is not a 4xx the merchant can fix.
 */
export function errorsFromService(
  err: unknown,
  state: ProductFormState,
  rowsOf: (list: string) => number[],
): FormErrors {
  if (!(err instanceof AppError)) throw err;
  const errors: FormErrors = {};
  if (err.code === 'handle_taken') errors.handle = 'Another product already uses this handle';
  else if (err.code === 'sku_taken') {
    state.variants.forEach((v, i) => {
      if (v.sku && err.message.includes(v.sku)) errors[`v${i}sku`] = 'This SKU is already used in your store';
    });
    if (Object.keys(errors).length === 0) errors._form = err.message;
  } else if (err.code === 'validation_failed' && err.issues?.length) {
    for (const issue of err.issues) {
      const [head, idx, field] = issue.path.split('.');
      const row = idx !== undefined ? rowsOf(head ?? '')[Number(idx)] : undefined;
      if (row !== undefined && field) errors[`v${row}${FIELD_OF[field] ?? 'sku'}`] = issue.message;
      else if (head === 'images') errors.images = issue.message;
      else if (head === 'options') errors.opt0values = issue.message;
      else if (head && ['title', 'handle', 'category', 'tags', 'description'].includes(head))
        errors[head] = issue.message;
      else errors._form = issue.message;
    }
  } else if (err.status < 500) errors._form = err.message;
  else throw err;
  return errors;
}
