/**
 * Admin › Orders list on the admin list shell (src/web/admin/list-page.tsx,
 * as products and inventory) in headless Chromium: search by number,
 * e-mail and name; the status, payment and fulfilment filters; the placed-on
 * date range (a bad date is named next to its field, the input kept); sorting
 * by total; pages of 25; the export link carrying the filters; the empty
 * state. Shot at 1280 and 390 px (no horizontal overflow, no console errors,
 * no serious axe violations).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedShop } from '../storefront/fixture.js';
import { axeSerious, horizontalOverflow, useBrowserHarness } from '../support/browser.js';
import { type PaidOrder, paidOrder } from '../support/care.js';

const b = useBrowserHarness();

async function checkPage(page: Page, name: string) {
  await b.shot(page, name);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(b.errors(page).filter((e) => !/favicon\.ico/.test(e))).toEqual([]);
  // The kit's findings, as in admin-orders.test.ts: the shell's menu toggle and the table's scroll box.
  const kit = ['label: #nav-toggle', 'scrollable-region-focusable: .table-wrap'];
  expect((await axeSerious(page)).filter((v) => !kit.includes(v))).toEqual([]);
}

const rowCount = (page: Page) => page.locator('table tbody tr').count();

describe('admin orders list on the list shell', () => {
  it('searches, filters, sorts, pages and exports; a bad date is named next to its field', async () => {
    const shop = await seedShop(b.p.deps);
    const store = shop.store;
    // 26 orders: one page of 25 and one more. The last is left unshipped and costs the most.
    const orders: PaidOrder[] = [];
    for (let i = 0; i < 25; i++) orders.push(await paidOrder(b.p, store, { quantity: 1, price: 1000 + i }));
    const priciest = await paidOrder(b.p, store, { quantity: 3, price: 5000, fulfil: false });

    const base = b.storeBase(store.tenant.handle);
    const page = await b.page();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill(store.owner.email);
    await page.getByLabel('Password').fill(store.owner.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${base}/admin`);

    // Page 1 of 2, newest first; the next page holds the oldest order.
    await page.goto(`${base}/admin/orders`);
    expect(await rowCount(page)).toBe(25);
    await expect(page.locator('table tbody tr').first().textContent()).resolves.toContain(
      `#${priciest.number}`,
    );
    await checkPage(page, 'orders-shell-list-1280');
    await page.getByRole('link', { name: /next/i }).click();
    await page.waitForURL(/page=2/);
    expect(await rowCount(page)).toBe(1);
    await expect(page.locator('table tbody').textContent()).resolves.toContain(`#${orders[0]!.number}`);

    // Sort by total, ascending: the cheapest first.
    await page.goto(`${base}/admin/orders?sort=total&dir=asc`);
    await expect(page.locator('table tbody tr').first().textContent()).resolves.toContain(
      `#${orders[0]!.number}`,
    );

    // Search by number, then by e-mail.
    await page.getByLabel('Search').fill(String(priciest.number));
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=/);
    expect(await rowCount(page)).toBe(1);
    expect(page.url()).toContain('sort=total'); // the sort rides along
    await page.getByLabel('Search').fill(orders[3]!.customer.email);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=/);
    expect(await rowCount(page)).toBe(1);
    await expect(page.locator('table tbody').textContent()).resolves.toContain(`#${orders[3]!.number}`);

    // Fulfilment and payment filters: the one unshipped order; status "Paid" keeps it too.
    await page.goto(`${base}/admin/orders`);
    await page.getByLabel('Fulfilment').selectOption('unfulfilled');
    await page.getByLabel('Payment').selectOption('paid');
    await page.getByLabel('Status').selectOption('paid');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/fulfilment=unfulfilled/);
    expect(await rowCount(page)).toBe(1);
    expect(await page.getByLabel('Fulfilment').inputValue()).toBe('unfulfilled');
    const exportHref = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(exportHref).toContain('fulfilment=unfulfilled');
    const csv = await page.evaluate(async (href) => (await fetch(href)).text(), exportHref!);
    expect(csv.trim().split('\n')).toHaveLength(2); // header + the one order

    // Date range: today's orders in; a range in the past is empty; a bad date is named, input kept.
    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`${base}/admin/orders?from=${today}&to=${today}`);
    expect(await rowCount(page)).toBe(25);
    expect(await page.getByLabel('Placed from').inputValue()).toBe(today);
    await page.goto(`${base}/admin/orders?to=2001-01-01`);
    await page.getByText('No orders match').waitFor();
    await page.goto(`${base}/admin/orders?from=2026-13-45&status=paid`);
    await page.getByText('Use a date like 2026-03-01').waitFor();
    expect(await page.getByLabel('Placed from').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Status').inputValue()).toBe('paid');
    expect(await rowCount(page)).toBe(1); // the bad date is dropped; the status filter still applies
    await checkPage(page, 'orders-shell-bad-date-1280');

    const narrow = await b.page({ width: 390, height: 844 });
    await narrow.context().addCookies(await page.context().cookies());
    await narrow.goto(`${base}/admin/orders?fulfilment=fulfilled&sort=total&dir=desc`);
    expect(await rowCount(narrow)).toBe(25);
    await checkPage(narrow, 'orders-shell-list-390');
    await narrow.goto(`${base}/admin/orders?from=2026-13-45`);
    await checkPage(narrow, 'orders-shell-bad-date-390');
  }, 180_000);
});
