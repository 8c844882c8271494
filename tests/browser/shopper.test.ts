/**
 * A shopper's walk in headless Chromium over a real port: the real app
 * (createApp with the test platform) served by @hono/node-server, a store
 * with products, and `http://{handle}.localhost:{port}` (Chromium resolves
 * *.localhost to loopback; cookies stay per subdomain).
 *
 * home → category → search → product (pick a size) → add to cart → cart →
 * checkout (address, shipping option) → order confirmation; then the order
 * is checked in the database: right total, stock reserved.
 *
 * One screenshot per key page goes to a temp dir (printed; not committed).
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { type Shop, seedShop } from '../storefront/fixture.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

let p: TestPlatform;
let server: ServerType;
let browser: Browser;
let port: number;
const shots = mkdtempSync(path.join(tmpdir(), 'storeloom-shots-'));

beforeAll(async () => {
  port = await freePort();
  p = await testPlatform({ env: { PUBLIC_URL: `http://localhost:${port}` } });
  server = serve({ fetch: p.app.fetch, port });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  process.stdout.write(`screenshots: ${shots}\n`);
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

describe('shopper in a real browser', () => {
  it('browses, searches, adds to cart, checks out and sees the order', async () => {
    const shop: Shop = await seedShop(p.deps);
    const base = `http://${shop.store.tenant.handle}.localhost:${port}`;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // Home.
    const home = await page.goto(`${base}/`);
    expect(home?.status()).toBe(200);
    await shot(page, '1-home');

    // Category: the home page's category link (a category listing with facets).
    await page
      .getByRole('link', { name: /^Apparel/ })
      .first()
      .click();
    await page.waitForURL(/\/(collections\/apparel|search\?category=apparel)$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Apparel');
    expect(await page.getByText('Linen Shirt').count()).toBeGreaterThan(0);
    await shot(page, '2-category');

    // Search from the header's search box (a plain GET form).
    await page.getByLabel('Search products').fill('linen');
    await page.getByLabel('Search products').press('Enter');
    await page.waitForURL(/\/search\?q=linen/);
    expect(await page.getByRole('link', { name: 'Linen Shirt' }).count()).toBeGreaterThan(0);
    await shot(page, '3-search');

    // Product page: pick size M, quantity 2, add to cart.
    await page.getByRole('link', { name: 'Linen Shirt' }).first().click();
    await page.waitForURL(`${base}/products/${shop.shirt.handle}`);
    expect(await page.locator('s.compare-at').first().textContent()).toBe('$60.00');
    await shot(page, '4-product');
    // The Size picker: each size is a link to ?variant= (swapped in place with JavaScript).
    await page.getByRole('link', { name: /^M\b/ }).click();
    await page.locator('#selected-variant', { hasText: 'M' }).waitFor();
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(`${base}/cart?notice=added`);
    expect(await page.getByRole('link', { name: 'Linen Shirt — M' }).count()).toBe(1);
    await shot(page, '5-cart');

    // Checkout: address and shipping option.
    await page.getByRole('link', { name: 'Check out' }).click();
    await page.waitForURL(`${base}/checkout`);
    await page.getByLabel('E-mail').fill('grace@example.test');
    await page.getByLabel('Full name').fill('Grace Hopper');
    await page.getByLabel('Address', { exact: true }).fill('1 Compiler Way');
    await page.getByLabel('Town or city').fill('Arlington');
    await page.getByLabel('State').selectOption('VA');
    await page.getByLabel('ZIP code').fill('22201');
    await page.getByLabel(/^Standard/).check();
    await shot(page, '6-checkout');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}\/confirmation$/);
    await shot(page, '7-confirmation');

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you! Now please pay');
    const total = await page.locator('#order-total').textContent();
    expect(total).toBe('$95.00');
    const orderId = /\/orders\/([0-9a-f-]{36})\//.exec(page.url())![1]!;

    // The database agrees: one order with the right money, stock reserved for it.
    const t = shop.store.tenant.id;
    const sizeM = shop.shirt.variants.find((v) => v.title === 'M')!;
    const { order, variant, reservation } = await withTenant(p.deps.db, t, async (trx) => ({
      order: await trx
        .selectFrom('orders')
        .select(['id', 'status', 'subtotal', 'shipping_total', 'total', 'email'])
        .where('tenant_id', '=', t)
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow(),
      variant: await trx
        .selectFrom('variants')
        .select(['stock', 'reserved'])
        .where('tenant_id', '=', t)
        .where('id', '=', sizeM.id)
        .executeTakeFirstOrThrow(),
      reservation: await trx
        .selectFrom('reservations')
        .select(['quantity', 'status'])
        .where('tenant_id', '=', t)
        .where('order_id', '=', orderId)
        .execute(),
    }));
    expect(order).toMatchObject({
      status: 'pending_payment',
      subtotal: 9000,
      shipping_total: 500,
      total: 9500,
      email: 'grace@example.test',
    });
    expect(variant).toEqual({ stock: 8, reserved: 2 });
    expect(reservation).toEqual([{ quantity: 2, status: 'held' }]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
