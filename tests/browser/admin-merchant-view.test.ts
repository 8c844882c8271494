/**
 * Three defects a walk of /admin as the demo store's owner left (Chromium at
 * 1280 and 390 px):
 *  1. Restock spoke the planner's language: captions such as "sba
 *     (intermittent)". Now every restock page says what the demand pattern
 *     means for the merchant; the method's name only inside the closed
 *     "Technical details" disclosure. An item that sells every day is "Steady
 *     demand" even when it was listed long before its first sale (it was
 *     "Intermittent demand — sells on some days only").
 *  2. Filter bars cut their controls' text ("Any fulfilment" at 1280 px).
 *     Every select and date input of the list pages' filter bars is as wide
 *     as its text at both widths (measured against its own width:auto).
 *  3. Alerts at 390 px scrolled sideways inside their card. Now each alert is
 *     a card: product, stock, days of cover, status and its actions all inside
 *     the window, nothing scrolling sideways; the same holds for the other
 *     admin tables on a phone, and at 1280 they are still tables.
 */
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { provisionStore } from '../../src/flows/provision-store.js';
import { DEMO_TEMPLATE } from '../../src/flows/seed-demo.js';
import { withTenant } from '../../src/lib/db/index.js';
import { getTemplate } from '../../src/modules/stores/templates.js';
import { signupBody } from '../signup/helpers.js';
import { seedShop } from '../storefront/fixture.js';
import { horizontalOverflow, useBrowserHarness } from '../support/browser.js';
import { paidOrder, reviewIn, ticketIn } from '../support/care.js';
import { clippedControls, sidewaysTables } from './admin-layout-support.js';
import { signIn } from './admin-ops-support.js';

const b = useBrowserHarness();

const DAY = 86_400_000;
/** The planner's method names and demand classes: none may show outside "Technical details". */
const JARGON =
  /\b(sba|tsb|ses|medses|median8w|median4w|median13w|mean28|mean84|naive28|damped|croston|holt|ADI|CV²|backtest|bootstrap|fill-rate|MOQ)\b|\((smooth|erratic|intermittent|lumpy)\)/i;

/** The demo store (apparel template) with 150 days of imported sales: intermittent, steady, rising. */
async function demoWithSales() {
  const template = (await getTemplate(DEMO_TEMPLATE))!;
  const body = signupBody();
  const { store } = await provisionStore(b.p.deps, { ...body, template });
  const t = store.id;
  const skus = await withTenant(b.p.deps.db, t, async (trx) => {
    await trx
      .updateTable('variants')
      .set({ created_at: new Date(Date.now() - 200 * DAY) } as never)
      .where('tenant_id', '=', t)
      .execute();
    const rows = await trx
      .selectFrom('variants')
      .select('sku')
      .where('tenant_id', '=', t)
      .orderBy('sku')
      .execute();
    const [a, s, r] = rows.map((x) => x.sku);
    const series = (sku: string | undefined, qty: string) =>
      sql`insert into restock_sales_history (tenant_id, sku, day, quantity)
          select ${t}::uuid, ${sku}, current_date - g, ${sql.raw(qty)} from generate_series(1, 150) g`.execute(
        trx,
      );
    await series(a, 'case when g % 4 = 0 then 2 else 0 end');
    await series(s, '3 + (g % 3)');
    await series(r, 'greatest(0, (160 - g) / 12)');
    return [a!, s!, r!];
  });
  return { body, skus };
}

async function ownerPage(base: string, body: { email: string; password: string }, width: number) {
  const page = await b.page({ width, height: 900 });
  await page.goto(`${base}/admin/login`);
  await page.fill('#email', body.email);
  await page.fill('#password', body.password);
  await Promise.all([page.waitForURL(/\/admin$/), page.click('button[type=submit]')]);
  return page;
}

/** The page's visible text with every closed "Technical details" disclosure left out. */
const plainText = (page: Page) =>
  page.evaluate<string>(`(() => {
    const main = document.querySelector('main').cloneNode(true);
    for (const d of main.querySelectorAll('details.tech')) d.remove();
    return main.textContent;
  })()`);

describe('the merchant admin as a merchant sees it', () => {
  it('restock pages speak the merchant’s language; the method only under Technical details', async () => {
    const { body, skus } = await demoWithSales();
    const base = b.storeBase(body.handle);
    for (const width of [1280, 390]) {
      const page = await ownerPage(base, body, width);
      await page.goto(`${base}/admin/restock`);
      const captions = await page.locator('figure.forecast figcaption').allTextContents();
      expect(captions.length).toBeGreaterThanOrEqual(3);
      const text = await plainText(page);
      expect(text).not.toMatch(JARGON);
      // Each chart says what its pattern means, and how much to order, in words.
      expect(text).toContain('Intermittent demand — sells on some days only');
      const PATTERN =
        /^\S+ — (Steady demand|Uneven demand|Intermittent demand|Occasional big orders|Trending|Stopped selling) — /;
      for (const caption of captions) expect(caption).toMatch(PATTERN);
      // The daily seller (sold every day of the 150, listed 50 days before) is steady, not "some days only".
      const daily = captions.find((cap) => cap.startsWith(`${skus[1]} — `));
      expect(daily).toMatch(/^\S+ — Steady demand — sells most days/);
      expect(text).toMatch(/Reorder when stock \(including what is on order\) falls to \d+/);
      for (const sku of skus) expect(text).toContain(sku);
      // The technical name is still there for whoever opens the details.
      const tech = page.locator('figure.forecast details.tech').first();
      expect(await tech.locator('summary').textContent()).toBe('Technical details');
      await tech.locator('summary').click();
      expect(await tech.textContent()).toMatch(/Method: .*“(sba|tsb|ses|medses|median8w|damped)”/);
      // The plan's "Why" opens onto the same plain words.
      const why = page.locator('#plan details.why').first();
      expect(await why.locator('summary').first().textContent()).not.toMatch(JARGON);
      expect(await horizontalOverflow(page)).toBe(0);
      await b.shot(page, `restock-words-${width}`);

      // A supplier and its purchase order: no abbreviations either.
      await page.goto(`${base}/admin/restock/suppliers/new`);
      expect(await plainText(page)).not.toMatch(JARGON);
      await page.fill('#f-name', 'Loom & Co');
      await Promise.all([page.waitForURL(/notice=saved/), page.click('text=Save supplier')]);
      expect(await plainText(page)).not.toMatch(JARGON);
      await page.fill('#l-sku', skus[1]!);
      await page.fill('#l-unitCost', '4.00');
      await Promise.all([page.waitForURL(/notice=linked/), page.click('text=Link variant')]);
      await page.goto(`${base}/admin/restock`);
      expect(await plainText(page)).not.toMatch(JARGON);
      await b.shot(page, `restock-supplier-${width}`);
      if (width === 1280) {
        await Promise.all([
          page.waitForURL(/notice=drafts_created/),
          page.click('text=Draft purchase orders'),
        ]);
        await page.click('#purchase-orders a:has-text("Loom & Co")');
        await page.waitForURL(/purchase-orders\//);
        expect(await plainText(page)).not.toMatch(JARGON);
        await b.shot(page, 'restock-po-1280');
      }
      expect(b.errors(page).filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
      await page.close();
    }
  }, 300_000);

  it('every filter bar shows each control’s whole text at 1280 and 390 px', async () => {
    const shop = await seedShop(b.p.deps);
    await paidOrder(b.p, shop.store, { quantity: 1 });
    await ticketIn(b.p, shop.store);
    await reviewIn(b.p, shop.store);
    const base = b.storeBase(shop.store.tenant.handle);
    const page = await signIn(b, shop.store, { width: 1280, height: 900 });
    const pages = [
      '/admin/orders',
      '/admin/orders?fulfilment=unfulfilled&payment=paid&status=paid',
      '/admin/products',
      '/admin/customers',
      '/admin/inventory',
      '/admin/audit',
      '/admin/tickets',
      '/admin/reviews',
    ];
    const found: string[] = [];
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of pages) {
        await page.goto(`${base}${path}`);
        // The filter bar and the care inbox's filters: selects and dates as wide as their text.
        for (const c of await clippedControls(page, 'main')) found.push(`${width} ${path}: ${c}`);
        expect(await horizontalOverflow(page), `${width} ${path}`).toBe(0);
      }
      await page.goto(`${base}/admin/orders`);
      // The control that was cut off: its box holds its text.
      const f = await page.evaluate<{ box: number; text: number }>(`(() => {
        const s = document.querySelector('#fb-fulfilment');
        return { box: s.clientWidth, text: s.scrollWidth };
      })()`);
      expect(f.text).toBeLessThanOrEqual(f.box);
      await b.shot(page, `orders-filters-${width}`);
    }
    expect(found).toEqual([]);
  }, 300_000);

  it('alerts at 390 px: every alert’s product, stock, cover, status and action on screen, no sideways scroll', async () => {
    const template = (await getTemplate(DEMO_TEMPLATE))!;
    const body = signupBody();
    await provisionStore(b.p.deps, { ...body, template });
    const base = b.storeBase(body.handle);
    const page = await ownerPage(base, body, 390);
    await page.goto(`${base}/admin/alerts`);
    const rows = page.locator('table tbody tr');
    const n = await rows.count();
    expect(n).toBeGreaterThan(6);
    expect(await sidewaysTables(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    // Cell by cell: inside the window (0…390 px), visible, and labelled as the column they belong to.
    const cells = await page.evaluate<{ label: string; left: number; right: number; text: string }[][]>(
      `[...document.querySelectorAll('table tbody tr')].map((tr) => [...tr.children].map((td) => {
        const r = td.getBoundingClientRect();
        return { label: td.getAttribute('data-label') ?? '', left: r.left, right: r.right, text: td.textContent.trim() };
      }))`,
    );
    for (const row of cells) {
      for (const c of row) {
        expect(c.left, c.text).toBeGreaterThanOrEqual(0);
        expect(c.right, c.text).toBeLessThanOrEqual(390);
      }
      const labels = row.map((c) => c.label);
      // The compact card's short labels (../admin-tablet-tables.test.ts); the status badge needs none.
      expect(labels).toEqual(expect.arrayContaining(['Available / min', 'Cover', 'Since']));
      expect(row.map((c) => c.text).join(' ')).toMatch(/Out of stock|Low/);
      expect(row[0]!.text.length).toBeGreaterThan(0); // the product
      expect(row.at(-1)!.text).toContain('Acknowledge');
    }
    // The actions can be used right there: acknowledging the first alert works from the card.
    await Promise.all([
      page.waitForURL(/notice=acknowledged/),
      rows.first().locator('button:has-text("Acknowledge")').click(),
    ]);
    await b.shot(page, 'alerts-390');

    // Other admin tables on a phone: none scrolls sideways either.
    for (const path of [
      '/admin/products',
      '/admin/inventory',
      '/admin/customers',
      '/admin/staff',
      '/admin/audit',
    ]) {
      await page.goto(`${base}${path}`);
      expect(await sidewaysTables(page), path).toEqual([]);
      expect(await horizontalOverflow(page), path).toBe(0);
      await b.shot(page, `table-390${path.replace(/\//g, '-')}`);
    }
    // The sort links stay on a phone, above the cards.
    await page.goto(`${base}/admin/products`);
    expect(await page.locator('thead th[aria-sort] a, thead th.sortable a').first().isVisible()).toBe(true);

    // At 1280 the alerts are still a table with its header row, and nothing scrolls.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/admin/alerts`);
    expect(await page.locator('table thead th', { hasText: 'Days of cover' }).isVisible()).toBe(true);
    expect(
      await page.evaluate<string>(`getComputedStyle(document.querySelector('table tbody tr')).display`),
    ).toBe('table-row');
    expect(await sidewaysTables(page)).toEqual([]);
    await b.shot(page, 'alerts-1280');
    expect(b.errors(page).filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
  }, 300_000);
});
