/**
 * The admin UI kit in Chromium at 390 px: a confirm panel opened from a button
 * on the left edge of the content stays inside the viewport (the panel hangs
 * leftwards from its button; the kit's script shifts it back on screen), and a
 * DataTable's scroll box is a named region that Tab reaches and axe accepts.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedShop } from '../storefront/fixture.js';
import { axeSerious, horizontalOverflow, useBrowserHarness } from '../support/browser.js';
import { signIn } from './admin-ops-support.js';

const NARROW = { width: 390, height: 844 };
const b = useBrowserHarness();

type Box = { left: number; right: number; top: number; bottom: number };
const boxOf = (page: Page, selector: string) =>
  page.evaluate<Box>(
    `(() => { const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; })()`,
  );

/** A shop whose owner (signed in at 390 px) has saved one canned reply: its page has a left-placed delete. */
async function withCannedReply(title: string, body: string) {
  const shop = await seedShop(b.p.deps);
  const base = b.storeBase(shop.store.tenant.handle);
  const page = await signIn(b, shop.store, NARROW);
  await page.goto(`${base}/admin/canned-replies`);
  await page.fill('#f-title', title);
  await page.fill('#f-body', body);
  await Promise.all([page.waitForURL(/notice=canned/), page.click('main form button[type=submit]')]);
  return { base, page };
}

describe('UI kit at 390 px', { timeout: 120_000 }, () => {
  it('opens a confirm panel from a left-placed button inside the viewport', async () => {
    const { page } = await withCannedReply('Shipping', 'It ships in 2 days.');
    await Promise.all([page.waitForURL(/canned-replies\/[0-9a-f-]{36}$/), page.click('#canned a')]);

    // The delete button sits at the left of the content, under the form.
    const button = await boxOf(page, 'details.confirm > summary');
    expect(button.left).toBeLessThan(NARROW.width / 3);
    await page.click('summary:has-text("Delete canned reply")');
    await page.waitForSelector('.confirm-panel', { state: 'visible' });
    const panel = await boxOf(page, '.confirm-panel');
    await b.shot(page, 'ui-kit-confirm-left-390');
    expect(panel.left).toBeGreaterThanOrEqual(0);
    expect(panel.right).toBeLessThanOrEqual(NARROW.width);
    expect(panel.right - panel.left).toBeGreaterThan(200);
    // Its confirm button is focused and can be clicked where it shows.
    expect(
      await page.evaluate<boolean>("document.activeElement?.hasAttribute('data-confirm') ?? false"),
    ).toBe(true);
    expect(await horizontalOverflow(page)).toBe(0);

    // Opened on a wide window, then the window narrows: the panel follows back on screen.
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click('summary:has-text("Delete canned reply")');
    await page.waitForSelector('.confirm-panel', { state: 'visible' });
    await page.setViewportSize(NARROW);
    await page.waitForFunction(
      "document.querySelector('.confirm-panel').getBoundingClientRect().left >= 0",
      undefined,
      { timeout: 5_000 },
    );
    const resized = await boxOf(page, '.confirm-panel');
    expect(resized.left).toBeGreaterThanOrEqual(0);
    expect(resized.right).toBeLessThanOrEqual(NARROW.width);
    expect(b.errors(page).filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
  });

  it('without JavaScript, a confirm panel opened from a left-placed button stays inside 390 px', async () => {
    const { base, page: signedIn } = await withCannedReply('Returns', 'Send it back within 30 days.');
    // The same session in a context with scripts off: only CSS places the panel.
    const context = await signedIn
      .context()
      .browser()!
      .newContext({ viewport: NARROW, javaScriptEnabled: false });
    await context.addCookies(await signedIn.context().cookies());
    const page = await context.newPage();
    await page.goto(`${base}/admin/canned-replies`);
    await page.click('#canned a');
    await page.waitForURL(/canned-replies\/[0-9a-f-]{36}$/);
    const button = await page.locator('details.confirm > summary').boundingBox();
    expect(button!.x).toBeLessThan(NARROW.width / 3);
    await page.click('summary:has-text("Delete canned reply")');
    await page.waitForSelector('.confirm-panel', { state: 'visible' });
    const panel = (await page.locator('.confirm-panel').boundingBox())!;
    await b.shot(page, 'ui-kit-confirm-nojs-390');
    expect(panel.x).toBeGreaterThanOrEqual(0);
    expect(panel.x + panel.width).toBeLessThanOrEqual(NARROW.width);
    expect(panel.width).toBeGreaterThan(200);
    // Its confirm button shows inside the window too.
    const confirm = (await page.locator('.confirm-panel [data-confirm]').boundingBox())!;
    expect(confirm.x).toBeGreaterThanOrEqual(0);
    expect(confirm.x + confirm.width).toBeLessThanOrEqual(NARROW.width);
    await context.close();
  });

  it('lets Tab reach a table scroll region, which axe accepts', async () => {
    const shop = await seedShop(b.p.deps);
    const base = b.storeBase(shop.store.tenant.handle);
    // On a phone the rows are cards and on a small tablet the table fits: nothing to scroll at either width.
    const page = await signIn(b, shop.store, NARROW);
    await page.goto(`${base}/admin/inventory`);
    const overflowX = () =>
      page.evaluate<number>(
        "(() => { const w = document.querySelector('.table-wrap[role=region]'); return w.scrollWidth - w.clientWidth; })()",
      );
    expect(await overflowX()).toBe(0);
    await page.setViewportSize({ width: 700, height: 900 });
    const region = page.locator('.table-wrap[role=region]').first();
    await expect(region.getAttribute('aria-label')).resolves.toBe('Stock per variant');
    // On a small tablet the list fits its box now (minor columns step aside, long values wrap: nothing scrolls).
    expect(await overflowX()).toBe(0);
    // A table wider than its box still scrolls inside it, reachable by keyboard: a narrow box shows that.
    await page.addStyleTag({ content: '.table-wrap[role=region]{max-width:20rem}' });
    expect(await overflowX()).toBeGreaterThan(0);

    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate<boolean>(
        "document.activeElement?.matches('.table-wrap[role=region]') ?? false",
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press('ArrowRight');
    await b.shot(page, 'ui-kit-table-focus-700');
    const violations = (await axeSerious(page)).filter((v) => v !== 'label: #nav-toggle');
    expect(violations.filter((v) => v.startsWith('scrollable-region-focusable'))).toEqual([]);
    expect(violations).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
  });
});
