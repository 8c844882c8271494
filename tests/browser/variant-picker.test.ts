/**
 * Issue #13 point 5 in Chromium: a Size × Colour product gets one picker per
 * option; a missing combination and a sold-out one are marked; `?variant=`
 * deep-links the selection and each choice keeps it; price, stock and the
 * leading image follow the selection — without JavaScript (links) and with
 * it (swapped in place, URL kept in the address bar). 1280 and 390 px: no
 * sideways scroll, no serious axe-core violations; screenshots looked at.
 */
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import type { ProductDetail } from '../../src/modules/catalog/repository.js';
import { createProduct } from '../../src/modules/catalog/service.js';
import { axeSerious, horizontalOverflow, useBrowserHarness } from '../support/browser.js';
import { createTestStore, type TestStore, uniq } from '../support/factories.js';

const SHOTS = '/tmp/storefront-w4';
const b = useBrowserHarness();
let store: TestStore;
let tee: ProductDetail;
let base: string;

const variant = (size: string, colour: string) =>
  tee.variants.find((v) => v.options.Size === size && v.options.Colour === colour)!;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  store = await createTestStore(b.p.deps);
  const t = store.tenant.id;
  const sku = () => uniq('TEE-').toUpperCase();
  tee = await withTenant(b.p.deps.db, t, (trx) =>
    createProduct(trx, t, {
      title: 'Cotton Tee',
      description: 'Soft cotton tee.',
      status: 'active',
      options: [
        { name: 'Size', values: ['S', 'M', 'L'] },
        { name: 'Colour', values: ['Red', 'Blue'] },
      ],
      images: [
        { url: '/favicon.svg?red', alt: 'Cotton tee in red' },
        { url: '/favicon.svg?blue', alt: 'Cotton tee in blue' },
      ],
      variants: [
        { sku: sku(), options: { Size: 'S', Colour: 'Red' }, price: 2000, stock: 4 },
        { sku: sku(), options: { Size: 'M', Colour: 'Red' }, price: 2000, stock: 9 },
        { sku: sku(), options: { Size: 'M', Colour: 'Blue' }, price: 2200, compareAtPrice: 2600, stock: 7 },
        { sku: sku(), options: { Size: 'L', Colour: 'Blue' }, price: 2400, stock: 0 },
      ],
    }),
  );
  base = b.storeBase(store.tenant.handle);
}, 60_000);

describe('variant pickers', () => {
  it('works without JavaScript: links keep the selection, mark what is missing or sold out, and add the right variant', async () => {
    const context = await b.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${base}/products/${tee.handle}`);
    // First in stock: S Red.
    expect(await page.locator('#selected-variant').textContent()).toContain('S / Red');
    const size = page.getByRole('group', { name: /^Size/ });
    const colour = page.getByRole('group', { name: /^Colour/ });
    // From S Red, "Blue" only exists in other sizes; "L" exists only in Blue.
    expect(await colour.getByRole('link', { name: /^Blue/ }).textContent()).toContain(
      'not in this combination',
    );
    await colour.getByRole('link', { name: /^Blue/ }).click();
    const mBlue = variant('M', 'Blue');
    expect(page.url()).toBe(`${base}/products/${tee.handle}?variant=${mBlue.id}`);
    expect(await page.locator('#product-price').textContent()).toContain('$22.00');
    expect(await page.locator('#product-price s.compare-at').textContent()).toBe('$26.00');
    expect(await page.locator('.gallery > img').getAttribute('alt')).toBe('Cotton tee in blue');
    // From M Blue, L keeps Blue: L Blue exists but is sold out, marked so; S Blue does not exist.
    expect(await size.getByRole('link', { name: /^L/ }).textContent()).toContain('(sold out)');
    expect(await size.getByRole('link', { name: /^S/ }).textContent()).toContain('not in this combination');
    await page.screenshot({ path: `${SHOTS}/variant-nojs-1280.png`, fullPage: true });
    await size.getByRole('link', { name: /^L/ }).click();
    expect(page.url()).toContain(`variant=${variant('L', 'Blue').id}`);
    expect(await page.locator('#stock-status').textContent()).toBe('This option is sold out');
    expect(await page.getByRole('button', { name: 'Sold out' }).isDisabled()).toBe(true);
    // Back to M (keeps Blue) and add it.
    await size.getByRole('link', { name: /^M/ }).click();
    expect(page.url()).toContain(`variant=${mBlue.id}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(/\/cart/);
    // Only M Blue costs $22.00.
    expect(await page.locator('main').textContent()).toContain('Cotton Tee$22.00');
    await context.close();
  });

  it('a deep link selects the variant; with JavaScript a choice swaps the block in place and keeps focus', async () => {
    const page = await b.page();
    const mRed = variant('M', 'Red');
    await page.goto(`${base}/products/${tee.handle}?variant=${mRed.id}`);
    expect(await page.locator('#selected-variant').textContent()).toContain('M / Red');
    expect(await page.locator('.gallery > img').getAttribute('alt')).toBe('Cotton tee in red');
    await page.evaluate('window.__same = document.body');
    await page
      .getByRole('group', { name: /^Colour/ })
      .getByRole('link', { name: /^Blue/ })
      .click();
    await page.locator('#selected-variant', { hasText: 'M / Blue' }).waitFor();
    expect(page.url()).toContain(`variant=${variant('M', 'Blue').id}`);
    // Same document (no navigation), the price followed, focus stayed on the Colour choice.
    expect(await page.evaluate('window.__same === document.body')).toBe(true);
    expect(await page.locator('#product-price .price').first().textContent()).toContain('$22.00');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toContain(
      'Blue',
    );
    expect(b.errors(page)).toEqual([]);
  });

  for (const width of [1280, 390]) {
    it(`has no sideways scroll and no serious axe violations at ${width} px`, async () => {
      const page = await b.page({ width, height: 900 });
      await page.goto(`${base}/products/${tee.handle}?variant=${variant('M', 'Blue').id}`);
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await axeSerious(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/variant-${width}.png`, fullPage: true });
    });
  }
});
