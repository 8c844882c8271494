/**
 * Store templates: the folders of `tenant-templates/` that signup provisions a
 * store from. Each folder holds `manifest.json` (name, description, currency,
 * theme, navigation, home, pages, categories, shipping and tax rates),
 * `catalog.json` (products with options, variants, prices, costs, stock and
 * images) and the image files the catalog names (served read-only at
 * `/template-assets/<template>/<file>`).
 *
 * Every template is validated by zod when it is loaded; a malformed one is
 * rejected with a TemplateError naming the file and the field
 * (e.g. `apparel/catalog.json: products.3.variants.0.price: …`). Templates
 * are loaded once per process and cached (they are immutable data).
 *
 * Money is integer minor units in the template's currency.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { projectPath } from '../../lib/paths.js';
import { ZOptionInput, ZVariantInput } from '../catalog/schemas.js';

export const TEMPLATES_DIR = projectPath('tenant-templates');

const NAME_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HEX = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour as #rrggbb');
const FONT = z
  .string()
  .regex(/^[A-Za-z0-9 ,'"-]{1,200}$/, 'A CSS font stack (letters, spaces, commas, quotes)');
const Money = z.number().int().min(0).max(10_000_000_000);
/** Template image files: a relative path inside the folder, no traversal. */
const FILE = z
  .string()
  .regex(
    /^(?:[a-z0-9][a-z0-9_-]*\/)?[a-z0-9][a-z0-9._-]*\.(?:svg|png|jpg|jpeg|webp)$/,
    'A file in the template folder (svg, png, jpg, webp)',
  );
const HREF = z
  .string()
  .max(500)
  .refine((h) => /^\/(?!\/)/.test(h) || /^https?:\/\//.test(h), 'A /path or an http(s) URL');

export const ZTemplateTheme = z
  .object({
    colors: z
      .object({
        primary: HEX,
        background: HEX,
        surface: HEX,
        text: HEX,
        muted: HEX,
        accent: HEX,
        border: HEX,
      })
      .strict(),
    fonts: z.object({ heading: FONT, body: FONT }).strict(),
  })
  .strict();

export const ZTemplateManifest = z
  .object({
    name: z.string().regex(NAME_RE, 'The folder name: a-z, 0-9 and -'),
    title: z.string().min(1).max(100),
    description: z.string().min(1).max(500),
    currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as USD'),
    tagline: z.string().max(300).optional(),
    theme: ZTemplateTheme,
    navigation: z.array(z.object({ label: z.string().min(1).max(50), href: HREF }).strict()).max(12),
    home: z
      .object({
        heroTitle: z.string().min(1).max(200),
        heroText: z.string().max(500),
        featured: z.array(z.string().regex(SLUG_RE)).max(24),
      })
      .strict(),
    pages: z
      .array(
        z
          .object({
            slug: z.string().regex(SLUG_RE).max(80),
            title: z.string().min(1).max(200),
            body: z.string().min(1).max(100_000),
          })
          .strict(),
      )
      .max(50),
    categories: z
      .array(
        z
          .object({
            handle: z.string().regex(SLUG_RE).max(100),
            name: z.string().min(1).max(100),
            description: z.string().max(5000).optional(),
          })
          .strict(),
      )
      .max(100),
    shippingRates: z
      .array(
        z
          .object({
            name: z.string().min(1).max(100),
            amount: Money,
            freeAbove: Money.optional(),
            countries: z.array(z.string().regex(/^[A-Z]{2}$/)).max(250),
          })
          .strict(),
      )
      .min(1)
      .max(20),
    taxRates: z
      .array(
        z
          .object({
            country: z.string().regex(/^[A-Z]{2}$/),
            rateBp: z.number().int().min(0).max(10_000),
            inclusive: z.boolean(),
          })
          .strict(),
      )
      .max(250),
  })
  .strict();

export const ZTemplateProduct = z
  .object({
    handle: z.string().regex(SLUG_RE).max(100),
    title: z.string().min(1).max(200),
    description: z.string().max(20_000),
    category: z.string().regex(SLUG_RE).max(100).optional(),
    tags: z.array(z.string().min(1).max(50)).max(50),
    status: z.enum(['draft', 'active']),
    options: z.array(ZOptionInput).max(3).optional(),
    images: z.array(z.object({ file: FILE, alt: z.string().max(300) }).strict()).max(20),
    variants: z.array(ZVariantInput).min(1).max(100),
  })
  .strict();

export const ZTemplateCatalog = z.object({ products: z.array(ZTemplateProduct).max(500) }).strict();

export type TemplateManifest = z.infer<typeof ZTemplateManifest>;
export type TemplateProduct = z.infer<typeof ZTemplateProduct>;
export type TemplateCatalog = z.infer<typeof ZTemplateCatalog>;

export interface StoreTemplate {
  manifest: TemplateManifest;
  catalog: TemplateCatalog;
  dir: string;
}

/** A template that failed validation; `message` names the file and the field. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${file}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'TemplateError';
  }
}

async function readJson(dir: string, name: string, file: string): Promise<unknown> {
  const label = `${name}/${file}`;
  let text: string;
  try {
    text = await readFile(path.join(dir, file), 'utf8');
  } catch {
    throw new TemplateError(label, [{ path: '', message: 'file is missing' }]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new TemplateError(label, [{ path: '', message: `not valid JSON (${(err as Error).message})` }]);
  }
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown, label: string): T {
  const r = schema.safeParse(data);
  if (!r.success) {
    throw new TemplateError(
      label,
      r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  return r.data;
}

/**
 * Loads and validates one template folder. Beyond the schemas it checks
 * cross-references: the manifest name matches the folder, product handles and
 * SKUs are unique, categories and featured handles exist, variant options use
 * the product's option values, and every image file exists.
 */
export async function loadTemplateFrom(dir: string): Promise<StoreTemplate> {
  const name = path.basename(dir);
  const manifest = parseWith(
    ZTemplateManifest,
    await readJson(dir, name, 'manifest.json'),
    `${name}/manifest.json`,
  );
  const catalog = parseWith(
    ZTemplateCatalog,
    await readJson(dir, name, 'catalog.json'),
    `${name}/catalog.json`,
  );

  const mIssues: { path: string; message: string }[] = [];
  if (manifest.name !== name) mIssues.push({ path: 'name', message: `must be the folder name "${name}"` });
  const pageSlugs = new Set<string>();
  manifest.pages.forEach((p, i) => {
    if (pageSlugs.has(p.slug)) mIssues.push({ path: `pages.${i}.slug`, message: 'duplicate page slug' });
    pageSlugs.add(p.slug);
  });
  const categoryHandles = new Set<string>();
  manifest.categories.forEach((c, i) => {
    if (categoryHandles.has(c.handle))
      mIssues.push({ path: `categories.${i}.handle`, message: 'duplicate category handle' });
    categoryHandles.add(c.handle);
  });
  const productHandles = new Set(catalog.products.map((p) => p.handle));
  manifest.home.featured.forEach((h, i) => {
    if (!productHandles.has(h))
      mIssues.push({ path: `home.featured.${i}`, message: `no product "${h}" in catalog.json` });
  });
  if (mIssues.length) throw new TemplateError(`${name}/manifest.json`, mIssues);

  const cIssues: { path: string; message: string }[] = [];
  const seenHandles = new Set<string>();
  const seenSkus = new Set<string>();
  catalog.products.forEach((p, i) => {
    const at = `products.${i}`;
    if (seenHandles.has(p.handle))
      cIssues.push({ path: `${at}.handle`, message: 'duplicate product handle' });
    seenHandles.add(p.handle);
    if (p.category && !categoryHandles.has(p.category))
      cIssues.push({ path: `${at}.category`, message: `no category "${p.category}" in manifest.json` });
    const optionValues = new Map((p.options ?? []).map((o) => [o.name, new Set(o.values)]));
    p.variants.forEach((v, j) => {
      if (seenSkus.has(v.sku)) cIssues.push({ path: `${at}.variants.${j}.sku`, message: 'duplicate SKU' });
      seenSkus.add(v.sku);
      for (const [k, val] of Object.entries(v.options ?? {})) {
        if (!optionValues.get(k)?.has(val))
          cIssues.push({
            path: `${at}.variants.${j}.options.${k}`,
            message: `"${val}" is not a value of option "${k}"`,
          });
      }
    });
    p.images.forEach((img, j) => {
      if (!existsSync(path.join(dir, img.file)))
        cIssues.push({ path: `${at}.images.${j}.file`, message: `file ${img.file} does not exist` });
    });
  });
  if (cIssues.length) throw new TemplateError(`${name}/catalog.json`, cIssues);

  return { manifest, catalog, dir };
}

let cache: Promise<Map<string, StoreTemplate>> | undefined;

/** All templates of TEMPLATES_DIR, validated (a broken one fails the load loudly). */
export function loadTemplates(): Promise<Map<string, StoreTemplate>> {
  cache ??= (async () => {
    const entries = await readdir(TEMPLATES_DIR, { withFileTypes: true });
    const names = entries
      .filter((e) => e.isDirectory() && NAME_RE.test(e.name))
      .map((e) => e.name)
      .sort();
    const loaded = await Promise.all(names.map((n) => loadTemplateFrom(path.join(TEMPLATES_DIR, n))));
    return new Map(loaded.map((t) => [t.manifest.name, t]));
  })();
  cache.catch(() => {
    cache = undefined;
  });
  return cache;
}

export async function getTemplate(name: string): Promise<StoreTemplate | undefined> {
  if (!NAME_RE.test(name)) return undefined;
  return (await loadTemplates()).get(name);
}

export async function listTemplateNames(): Promise<string[]> {
  return [...(await loadTemplates()).keys()];
}

/** The URL a template image is served at (same path on every host). */
export function templateAssetUrl(template: string, file: string): string {
  return `/template-assets/${template}/${file}`;
}

/** Absolute path of a template asset, or undefined when the name is not a safe template file. */
export function templateAssetPath(template: string, file: string): string | undefined {
  if (!NAME_RE.test(template) || !FILE.safeParse(file).success) return undefined;
  const full = path.join(TEMPLATES_DIR, template, file);
  return full.startsWith(path.join(TEMPLATES_DIR, template) + path.sep) ? full : undefined;
}
