/**
 * The product form's state between the browser and the catalog services:
 * read the posted fields (kept as typed), build the option matrix (every
 * combination of option values → one variant row, keeping rows that already
 * match), turn the state into CreateProductInput / UpdateProductInput, and
 * map the services' validation issues back onto form fields.
 */
import type { ProductDetail } from '../../modules/catalog/repository.js';
import { moneyInput, text } from './form-values.js';

export interface OptionRow {
  name: string;
  values: string;
}

export interface VariantRow {
  id?: string;
  combo: string[];
  sku: string;
  price: string;
  compareAt: string;
  cost: string;
  stock: string;
  threshold: string;
  remove: boolean;
  /** Existing variants: on-hand and reserved (read-only here; inventory changes them). */
  onHand?: number;
  reserved?: number;
}

export interface ProductFormState {
  title: string;
  handle: string;
  description: string;
  status: string;
  category: string;
  tags: string;
  images: string;
  seoTitle: string;
  seoDescription: string;
  options: OptionRow[];
  variants: VariantRow[];
}

export type FormErrors = Record<string, string>;

export const MAX_OPTIONS = 3;
const MAX_ROWS = 100;

export function emptyProductState(): ProductFormState {
  return {
    title: '',
    handle: '',
    description: '',
    status: 'draft',
    category: '',
    tags: '',
    images: '',
    seoTitle: '',
    seoDescription: '',
    options: [{ name: '', values: '' }],
    variants: [blankRow([])],
  };
}

function blankRow(combo: string[], like?: VariantRow): VariantRow {
  return {
    combo,
    sku: '',
    price: like?.price ?? '',
    compareAt: like?.compareAt ?? '',
    cost: like?.cost ?? '',
    stock: '0',
    threshold: like?.threshold ?? '5',
    remove: false,
  };
}

export function stateFromProduct(p: ProductDetail, currency: string): ProductFormState {
  return {
    title: p.title,
    handle: p.handle,
    description: p.description,
    status: p.status,
    category: p.category?.handle ?? '',
    tags: p.tags.join(', '),
    images: p.images.map((i) => (i.alt ? `${i.url} | ${i.alt}` : i.url)).join('\n'),
    seoTitle: p.seoTitle ?? '',
    seoDescription: p.seoDescription ?? '',
    options: p.options.length
      ? p.options.map((o) => ({ name: o.name, values: o.values.join(', ') }))
      : [{ name: '', values: '' }],
    variants: p.variants.map((v) => ({
      id: v.id,
      combo: p.options.map((o) => v.options[o.name] ?? ''),
      sku: v.sku,
      price: moneyInput(v.price, currency),
      compareAt: moneyInput(v.compareAtPrice, currency),
      cost: moneyInput(v.cost, currency),
      stock: String(v.stock),
      threshold: String(v.lowStockThreshold),
      remove: false,
      onHand: v.stock,
      reserved: v.reserved,
    })),
  };
}

function splitValues(s: string): string[] {
  return [
    ...new Set(
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
}

/** The options with a name and at least one value. */
export function activeOptions(state: ProductFormState): { name: string; values: string[] }[] {
  return state.options
    .map((o) => ({ name: o.name.trim(), values: splitValues(o.values) }))
    .filter((o) => o.name && o.values.length > 0);
}

/** Reads the posted form (field names as ProductForm renders them). */
export function stateFromForm(form: Record<string, unknown>): ProductFormState {
  const options: OptionRow[] = [];
  for (let i = 0; i < MAX_OPTIONS; i++)
    options.push({ name: text(form, `opt${i}name`, 50), values: text(form, `opt${i}values`, 2000) });
  const count = Math.min(MAX_ROWS, Number(text(form, 'vcount')) || 0);
  const variants: VariantRow[] = [];
  for (let i = 0; i < count; i++) {
    let combo: string[] = [];
    try {
      const parsed: unknown = JSON.parse(text(form, `v${i}combo`) || '[]');
      if (Array.isArray(parsed)) combo = parsed.map(String).slice(0, MAX_OPTIONS);
    } catch {
      combo = [];
    }
    const id = text(form, `v${i}id`, 40);
    variants.push({
      id: id || undefined,
      combo,
      sku: text(form, `v${i}sku`, 100),
      price: text(form, `v${i}price`, 30),
      compareAt: text(form, `v${i}compare`, 30),
      cost: text(form, `v${i}cost`, 30),
      stock: text(form, `v${i}stock`, 15),
      threshold: text(form, `v${i}threshold`, 15),
      remove: text(form, `v${i}remove`) === 'on',
    });
  }
  return {
    title: text(form, 'title', 200),
    handle: text(form, 'handle', 100),
    description: text(form, 'description', 20_000),
    status: text(form, 'status', 20),
    category: text(form, 'category', 100),
    tags: text(form, 'tags', 2000),
    images: text(form, 'images', 20_000),
    seoTitle: text(form, 'seoTitle', 500),
    seoDescription: text(form, 'seoDescription', 2000),
    options: options.filter((o, i) => i === 0 || o.name || o.values),
    variants: variants.length ? variants : [blankRow([])],
  };
}

function cartesian(lists: string[][]): string[][] {
  return lists.reduce<string[][]>((acc, vals) => acc.flatMap((a) => vals.map((v) => [...a, v])), [[]]);
}

/**
 * Rebuilds the variant rows from the options: one row per combination; a row
 * whose combination already exists keeps what was typed (and its id); saved
 * variants whose combination disappeared stay, ticked for removal.
 */
export function applyMatrix(state: ProductFormState): ProductFormState {
  const opts = activeOptions(state);
  const combos = cartesian(opts.map((o) => o.values)).slice(0, MAX_ROWS);
  const byKey = new Map(state.variants.map((v) => [v.combo.join('\u0000'), v]));
  const first = state.variants[0];
  const rows = combos.map((combo) => byKey.get(combo.join('\u0000')) ?? blankRow(combo, first));
  const kept = new Set(rows);
  const gone = state.variants.filter((v) => v.id && !kept.has(v)).map((v) => ({ ...v, remove: true }));
  return { ...state, variants: [...rows, ...gone] };
}
