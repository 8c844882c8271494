/** Template loading: every shipped template validates; malformed ones are rejected naming the file and field. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadTemplateFrom,
  loadTemplates,
  TemplateError,
  templateAssetPath,
} from '../../src/modules/stores/templates.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

async function rejection(name: string): Promise<TemplateError> {
  try {
    await loadTemplateFrom(path.join(FIXTURES, name));
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error(`${name} loaded but should have been rejected`);
}

describe('tenant templates', () => {
  it('ships blank and three verticals with ≥ 20 products, options, variants with costs, stock and thresholds, and images', async () => {
    const all = await loadTemplates();
    expect([...all.keys()].sort()).toEqual(['apparel', 'blank', 'electronics', 'grocery']);
    for (const name of ['apparel', 'electronics', 'grocery']) {
      const t = all.get(name)!;
      expect(t.catalog.products.length).toBeGreaterThanOrEqual(20);
      expect(t.manifest.pages.map((p) => p.slug).sort()).toEqual(['about', 'returns', 'shipping']);
      expect(t.manifest.categories.length).toBeGreaterThanOrEqual(4);
      for (const p of t.catalog.products) {
        expect(p.images.length, p.handle).toBeGreaterThan(0);
        for (const v of p.variants) {
          expect(v.price, v.sku).toBeGreaterThan(0);
          expect(v.cost, v.sku).toBeGreaterThan(0);
          expect(v.cost!, v.sku).toBeLessThan(v.price);
          expect(v.lowStockThreshold, v.sku).toBeGreaterThan(0);
          expect(v.stock, v.sku).toBeGreaterThanOrEqual(0);
          if (v.compareAtPrice != null) expect(v.compareAtPrice).toBeGreaterThan(v.price);
        }
      }
      expect(t.catalog.products.some((p) => (p.options ?? []).length >= 2)).toBe(true);
      expect(
        t.catalog.products
          .flatMap((p) => p.variants)
          .some((v) => (v.stock ?? 0) <= (v.lowStockThreshold ?? 5)),
      ).toBe(true);
    }
    expect(all.get('blank')!.catalog.products).toEqual([]);
  });

  it('rejects a catalog with a bad price, naming the file and the field', async () => {
    const err = await rejection('broken-price');
    expect(err.file).toBe('broken-price/catalog.json');
    expect(err.message).toContain('broken-price/catalog.json');
    expect(err.message).toContain('products.1.variants.0.price');
  });

  it('rejects a manifest with a malformed theme colour, naming the file and the field', async () => {
    const err = await rejection('broken-manifest');
    expect(err.message).toContain('broken-manifest/manifest.json');
    expect(err.message).toContain('theme.colors.primary');
  });

  it('rejects unknown categories and missing image files', async () => {
    const err = await rejection('bad-refs');
    expect(err.message).toContain('bad-refs/catalog.json');
    expect(err.message).toContain('products.0.category');
    expect(err.message).toContain('products.0.images.0.file');
  });

  it('rejects a folder without a manifest', async () => {
    const err = await rejection('does-not-exist');
    expect(err.message).toContain('does-not-exist/manifest.json: (root): file is missing');
  });

  it('resolves asset paths only inside a template folder', () => {
    expect(templateAssetPath('apparel', 'images/classic-organic-tee.svg')).toMatch(
      /tenant-templates\/apparel\/images/,
    );
    expect(templateAssetPath('apparel', '../../package.json')).toBeUndefined();
    expect(templateAssetPath('..', 'manifest.json')).toBeUndefined();
    expect(templateAssetPath('apparel', 'manifest.json')).toBeUndefined();
  });
});
