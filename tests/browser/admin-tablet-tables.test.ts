/**
 * Two leftovers of the admin walk at 390 and 1280 px:
 *  1. Between a phone and a desktop (640–960 px: a tablet, a narrow window)
 *     the admin's lists (orders, products, inventory, customers, alerts,
 *     restock) scrolled sideways inside their box. At 390, 768 and 900 px
 *     no list may scroll sideways, nor the page; at 1280 they are tables.
 *  2. Low-stock alerts on a phone were tall cards (a label line per value,
 *     the actions stacked under a rule). Each alert is now a compact card:
 *     bounded height, every value and action still on it, buttons ≥ 40 px.
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
import { paidOrder } from '../support/care.js';
import { sidewaysTables } from './admin-layout-support.js';
import { signIn } from './admin-ops-support.js';

const b = useBrowserHarness();

/** The demo store (apparel template, low stock) with 150 days of daily sales of every variant, its owner signed in. */
async function demoOwner(width: number) {
  const template = (await getTemplate(DEMO_TEMPLATE))!;
  const body = signupBody();
  const { store } = await provisionStore(b.p.deps, { ...body, template });
  await withTenant(b.p.deps.db, store.id, async (trx) => {
    // A SKU as some stores write them: long, without a break opportunity.
    await sql`update variants set sku = 'APPARELORGANICCOTTONCREW' || sku
              where tenant_id = ${store.id} and sku = 'AP-001-M-NAVY'`.execute(trx);
    await sql`insert into restock_sales_history (tenant_id, sku, day, quantity)
        select v.tenant_id, v.sku, current_date - g, 1 + (g % 3)
        from variants v, generate_series(1, 150) g where v.tenant_id = ${store.id}`.execute(trx);
  });
  const base = b.storeBase(body.handle);
  const page = await b.page({ width, height: 900 });
  await page.goto(`${base}/admin/login`);
  await page.fill('#email', body.email);
  await page.fill('#password', body.password);
  await Promise.all([page.waitForURL(/\/admin$/), page.click('button[type=submit]')]);
  return { page, base };
}

/** Each visible alert card's height and its buttons' and links' smallest height. */
const alertCards = (page: Page) =>
  page.evaluate<{ height: number; minTarget: number; text: string; labels: string[] }[]>(`(() =>
    [...document.querySelectorAll('main table tbody tr')].map((tr) => {
      // The actions' buttons and links; the product link covers its whole heading cell (a stretched ::after).
      const targets = [...tr.querySelectorAll('td.actions button, td.actions a')].filter((el) => el.getClientRects().length > 0);
      const head = tr.querySelector('td.heading');
      const link = head.querySelector('a');
      if (getComputedStyle(link, '::after').position === 'absolute') targets.push(head);
      else targets.push(link);
      const shown = [...tr.children].filter((td) => td.getClientRects().length > 0);
      return {
        height: tr.getBoundingClientRect().height,
        minTarget: Math.min(...targets.map((el) => el.getBoundingClientRect().height)),
        text: tr.innerText,
        labels: shown.map((td) => td.getAttribute('data-label')).filter(Boolean),
      };
    }))()`);

describe('admin lists between a phone and a desktop', () => {
  it('no list scrolls sideways at 390, 768 or 900 px; at 1280 they are tables', async () => {
    const shop = await seedShop(b.p.deps);
    await paidOrder(b.p, shop.store, { quantity: 1 });
    // A real customer's e-mail: long, and an e-mail address has no place to break a line.
    const email = 'alexandra.konstantinopoulou.hollingsworth@northwind-trading-company.example';
    await withTenant(b.p.deps.db, shop.store.tenant.id, async (trx) => {
      await sql`update orders set email = ${email} where tenant_id = ${shop.store.tenant.id}`.execute(trx);
      await sql`update customers set email = ${email} where tenant_id = ${shop.store.tenant.id}`.execute(trx);
    });
    const { page, base } = await demoOwner(1280);
    const shopPage = await signIn(b, shop.store, { width: 1280, height: 900 });
    const shopBase = b.storeBase(shop.store.tenant.handle);
    const visits: [Page, string, string][] = [
      [shopPage, shopBase, '/admin/orders'],
      [shopPage, shopBase, '/admin/customers'],
      [page, base, '/admin/products'],
      [page, base, '/admin/inventory'],
      [page, base, '/admin/alerts'],
      [page, base, '/admin/restock'],
    ];
    const found: string[] = [];
    for (const width of [390, 768, 900, 1280]) {
      for (const [p, origin, path] of visits) {
        await p.setViewportSize({ width, height: 900 });
        await p.goto(`${origin}${path}`);
        expect(await p.locator('main table').count(), path).toBeGreaterThan(0);
        for (const s of await sidewaysTables(p)) found.push(`${width} ${path}: ${s}`);
        const over = await horizontalOverflow(p);
        if (over > 0) found.push(`${width} ${path}: page ${over} px too wide`);
        await b.shot(p, `tables-${width}${path.replace(/\//g, '-')}`);
      }
    }
    expect(found).toEqual([]);
    // At 1280 the lists are still tables with a header row.
    await page.goto(`${base}/admin/alerts`);
    expect(await page.locator('table thead th', { hasText: 'Days of cover' }).isVisible()).toBe(true);
    expect(
      await page.evaluate<string>(`getComputedStyle(document.querySelector('table tbody tr')).display`),
    ).toBe('table-row');
    for (const p of [page, shopPage]) {
      expect(b.errors(p).filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
      await p.close();
    }
  }, 300_000);

  it('alerts at 390 px are compact cards: every value and action on them, targets ≥ 40 px', async () => {
    const { page, base } = await demoOwner(390);
    await page.goto(`${base}/admin/alerts`);
    await b.shot(page, 'alerts-compact-390');
    const cards = await alertCards(page);
    expect(cards.length).toBeGreaterThan(6);
    for (const c of cards) {
      expect(c.height, c.text).toBeLessThanOrEqual(225);
      expect(c.minTarget, c.text).toBeGreaterThanOrEqual(40);
      // Every value still on the card, labelled (the status badge speaks for itself).
      expect(c.labels).toEqual(expect.arrayContaining([expect.stringMatching(/^Available/), 'Since']));
      expect(c.labels.some((l) => /cover/i.test(l))).toBe(true);
      expect(c.text).toMatch(/\d+ \/ \d+/);
      expect(c.text).toMatch(/\d+ d \(|no recent sales/);
      expect(c.text).toMatch(/Out of stock|Low/);
      expect(c.text).toMatch(/\d{4}-\d\d-\d\d/);
      expect(c.text).toContain('Restock');
      expect(c.text).toContain('Acknowledge');
      expect(c.text).toContain('Snooze 7 days');
    }
    // The actions work from the card.
    await Promise.all([
      page.waitForURL(/notice=acknowledged/),
      page.locator('table tbody tr').first().locator('button:has-text("Acknowledge")').click(),
    ]);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(b.errors(page).filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
    await page.close();
  }, 300_000);
});
