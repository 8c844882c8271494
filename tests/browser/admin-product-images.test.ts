/**
 * Product images and SEO fields in Chromium: the merchant uploads a PNG
 * (setInputFiles), imports another from a loopback server, moves it to the
 * front, edits alt text, deletes one behind the confirm step, types an SEO
 * title (the counter follows) and sees image and title on the storefront.
 * Screenshots at 1280 and 390 px; no overflow, no console errors.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { type ImageServer, makePng, startImageServer } from '../catalog/image-fixtures.js';
import { seedShop } from '../storefront/fixture.js';
import { horizontalOverflow, useBrowserHarness } from '../support/browser.js';
import type { TestUser } from '../support/factories.js';

const b = useBrowserHarness();
let server: ImageServer;
beforeAll(async () => {
  server = await startImageServer(makePng(120, 120, [30, 140, 90]));
});
afterAll(async () => {
  await server?.close();
});

async function signIn(page: Page, base: string, user: TestUser): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.fill('input[name=email]', user.email);
  await page.fill('input[name=password]', user.password);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type=submit]')]);
}

type Img = { complete: boolean; naturalWidth: number };
/** Waits until the image matched by `sel` has loaded with real pixels. */
const loaded = (page: Page, sel: string) =>
  page
    .waitForSelector(sel)
    .then((h) => h!.waitForElementState('visible'))
    .then(() =>
      page.waitForFunction(
        `(() => { const i = document.querySelector(${JSON.stringify(sel)}); return !!(i && i.complete && i.naturalWidth > 0); })()`,
        undefined,
        { timeout: 5000 },
      ),
    )
    .then(() => true);

describe('admin product images', () => {
  it('uploads, imports, orders, deletes and shows images and the SEO title on the storefront', async () => {
    const shop = await seedShop(b.p.deps);
    const base = b.storeBase(shop.store.tenant.handle);
    const page = await b.page({ width: 1280, height: 900 });
    await signIn(page, base, shop.store.owner);
    const editor = `${base}/admin/products/${shop.mug.id}`;
    await page.goto(editor);
    expect(await page.textContent('#images')).toContain('No images yet');

    await page.setInputFiles('#f-file', {
      name: 'mug.png',
      mimeType: 'image/png',
      buffer: makePng(160, 160, [200, 60, 50]),
    });
    await page.fill('#f-upload-alt', 'Red mug');
    await Promise.all([
      page.waitForURL(/notice=image_added/),
      page.click('#images button:has-text("Upload")'),
    ]);
    expect(await page.textContent('.flash, .notice')).toContain('Image added');
    expect(await page.locator('.image-tile img').count()).toBe(1);
    expect(await loaded(page, '.image-tile img')).toBe(true);

    // A non-image is refused next to the field.
    await page.setInputFiles('#f-file', {
      name: 'x.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not an image'),
    });
    await page.click('#images button:has-text("Upload")');
    expect(await page.textContent('#f-file-error')).toContain('Only PNG, JPEG, WebP or GIF');

    await page.fill('#f-url', server.url('/img.png'));
    await page.fill('#f-import-alt', 'Green mug');
    await Promise.all([
      page.waitForURL(/notice=image_added/),
      page.click('#images button:has-text("Import")'),
    ]);
    expect(await page.locator('.image-tile img').count()).toBe(2);
    await Promise.all([
      page.waitForURL(/notice=image_moved/),
      page.click('button[aria-label="Move Green mug up"]'),
    ]);
    expect(await page.getAttribute('.image-tile:first-child img', 'alt')).toBe('Green mug');

    await page.fill('#f-seoTitle', 'Handmade stoneware mug');
    expect(await page.textContent('[data-count-for=f-seoTitle]')).toBe('22 / 70 characters');
    await b.shot(page, 'product-images-1280');
    await Promise.all([page.waitForURL(/notice=saved/), page.click('button[value=save]')]);
    expect(await page.inputValue('#f-seoTitle')).toBe('Handmade stoneware mug');
    // The first image (the imported one) still there after saving the product form.
    expect(await page.locator('.image-tile img').count()).toBe(2);

    const shopper = await b.page({ width: 1280, height: 900 });
    await shopper.goto(`${base}/products/${shop.mug.handle}`);
    expect(await shopper.title()).toContain('Handmade stoneware mug');
    await loaded(shopper, 'main img[src^="/media/images/"]');
    const imgs = await shopper.$$eval('main img', (els) =>
      els.map((e) => ({ src: e.getAttribute('src'), ok: (e as unknown as Img).naturalWidth > 0 })),
    );
    const ours = imgs.filter((i) => i.src?.startsWith('/media/images/'));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.every((i) => i.ok)).toBe(true);
    expect(b.errors(shopper)).toEqual([]);

    // Delete the red one behind the confirm step.
    const red = page.locator('.image-tile', { has: page.locator('img[alt="Red mug"]') });
    await red.locator('summary:has-text("Delete")').click();
    await Promise.all([page.waitForURL(/notice=image_deleted/), red.locator('button[data-confirm]').click()]);
    expect(await page.locator('.image-tile img').count()).toBe(1);
    const rows = await withTenant(b.p.deps.db, shop.store.tenant.id, (trx) =>
      trx
        .selectFrom('product_images')
        .select(['alt', 'position'])
        .where('product_id', '=', shop.mug.id)
        .execute(),
    );
    expect(rows).toEqual([{ alt: 'Green mug', position: 0 }]);

    const narrow = await b.page({ width: 390, height: 844 });
    await signIn(narrow, base, shop.store.owner);
    await narrow.goto(`${editor}#images`);
    expect(await horizontalOverflow(narrow)).toBe(0);
    await b.shot(narrow, 'product-images-390');
    await narrow.goto(`${base}/products/${shop.mug.handle}`);
    expect(await horizontalOverflow(narrow)).toBe(0);
    await b.shot(narrow, 'storefront-product-390');
    // The only console error: the deliberate 400 of the refused non-image upload.
    expect(b.errors(page).filter((e) => !/status of 400 .*\/images\)$/.test(e))).toEqual([]);
    expect(b.errors(narrow)).toEqual([]);
  });
});
