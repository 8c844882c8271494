/**
 * The merchant's order journey in headless Chromium: a shopper places an
 * order on the storefront (2 × shirt, 1 × mug) → the owner signs in to
 * /admin, finds it in Orders, marks it paid (confirm step), ships it in two
 * parts with carrier and tracking, and refunds the mug line with restock
 * (review step). The database must agree: shipments, one refund row, line
 * counters, the mug's stock back and the ledger's 'return' row. Pages are
 * shot at 1280 and 390 px (no horizontal overflow, no console errors, no
 * serious axe violations).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { type Shop, seedShop } from '../storefront/fixture.js';
import { axeSerious, horizontalOverflow, useBrowserHarness } from '../support/browser.js';

const b = useBrowserHarness();

async function placeOrder(page: Page, base: string, shop: Shop): Promise<string> {
  await page.goto(`${base}/products/${shop.shirt.handle}`);
  await page.getByRole('link', { name: /^M\b/ }).click();
  await page.locator('#selected-variant', { hasText: 'M' }).waitFor();
  await page.getByLabel('Quantity').fill('2');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.waitForURL(`${base}/cart?notice=added`);
  await page.goto(`${base}/products/${shop.mug.handle}`);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.waitForURL(`${base}/cart?notice=added`);
  await page.getByRole('link', { name: 'Check out' }).click();
  await page.getByLabel('E-mail').fill('grace@example.test');
  await page.getByLabel('Full name').fill('Grace Hopper');
  await page.getByLabel('Address', { exact: true }).fill('1 Compiler Way');
  await page.getByLabel('Town or city').fill('Arlington');
  await page.getByLabel('State').selectOption('VA');
  await page.getByLabel('ZIP code').fill('22201');
  await page.getByLabel(/^Standard/).check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}\/confirmation$/);
  return /\/orders\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
}

/** Chromium asks every new origin for /favicon.ico; the admin shell (admin-core's) declares none. */
const isFavicon = (e: string) => /status of 404 .*\/favicon\.ico\)$/.test(e);

async function checkPage(page: Page, name: string) {
  await b.shot(page, name);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  // Two findings belong to admin-core's kit, not to these pages: the shell's
  // menu toggle (#nav-toggle, unlabelled) and the kit DataTable's scroll box
  // (.table-wrap without tabindex at 390 px). They are left out here.
  const kit = ['label: #nav-toggle', 'scrollable-region-focusable: .table-wrap'];
  expect((await axeSerious(page)).filter((v) => !kit.includes(v))).toEqual([]);
}

describe('admin: an order from placed to fulfilled and refunded', () => {
  it('marks paid, ships in two parts with tracking, refunds one line with restock', async () => {
    const shop = await seedShop(b.p.deps);
    const base = b.storeBase(shop.store.tenant.handle);
    const shopper = await b.page();
    const orderId = await placeOrder(shopper, base, shop);
    const t = shop.store.tenant.id;
    const mugId = shop.mug.variants[0]!.id;

    const page = await b.page();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill(shop.store.owner.email);
    await page.getByLabel('Password').fill(shop.store.owner.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${base}/admin`);

    await page.goto(`${base}/admin/orders?q=grace`);
    await checkPage(page, 'orders-list-1280');
    await page
      .getByRole('link', { name: /^#\d+$/ })
      .first()
      .click();
    await page.waitForURL(`${base}/admin/orders/${orderId}`);
    await checkPage(page, 'order-pending-1280');

    // Mark paid behind its confirm step.
    await page.locator('summary', { hasText: 'Mark paid' }).click();
    await page.getByRole('button', { name: 'Yes, mark paid' }).click();
    await page.waitForURL(/notice=paid/);

    // Shipment 1: one shirt, nothing else.
    const shirtLine = page.getByLabel(/Units of Linen Shirt.* to ship/);
    const mugLine = page.getByLabel(/Units of Ceramic Mug to ship/);
    await shirtLine.fill('1');
    await mugLine.fill('0');
    await page.getByLabel('Carrier').fill('UPS');
    await page.getByLabel('Tracking number').fill('1Z-PART-1');
    await page.getByLabel('Tracking link').fill('https://track.example/1Z-PART-1');
    await page.getByRole('button', { name: 'Ship items' }).click();
    await page.waitForURL(/notice=shipped/);
    expect(await page.getByText('Part of the order shipped (tracking 1Z-PART-1)').count()).toBe(1);

    // A bad tracking link is refused next to the field, keeping what was typed.
    await page.getByLabel('Tracking link').fill('ftp://nope');
    await page.getByLabel('Tracking number').fill('KEEP-ME');
    await page.getByRole('button', { name: 'Ship items' }).click();
    expect(await page.getByText('A link starting with https://').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Tracking number').inputValue()).toBe('KEEP-ME');
    await checkPage(page, 'order-ship-error-1280');

    // Shipment 2: the rest (the form proposes what is left).
    await page.getByLabel('Carrier').fill('DHL');
    await page.getByLabel('Tracking number').fill('DHL-PART-2');
    await page.getByLabel('Tracking link').fill('');
    await page.getByRole('button', { name: 'Ship items' }).click();
    await page.waitForURL(/notice=shipped/);
    expect(await page.getByText('Order shipped (tracking DHL-PART-2)').count()).toBe(1);

    // Refund the mug line with restock: review, then confirm.
    await page.getByLabel(/Units of Ceramic Mug to refund/).fill('1');
    await page.getByLabel('Restock Ceramic Mug').check();
    await page.getByLabel('Reason (for your records)').fill('Arrived chipped');
    await page.getByRole('button', { name: 'Review refund' }).click();
    expect(await page.getByRole('heading', { name: 'Refund $18.00?' }).count()).toBe(1);
    await checkPage(page, 'order-refund-review-1280');
    await page.getByRole('button', { name: 'Refund $18.00' }).click();
    await page.waitForURL(/notice=refunded/);
    await checkPage(page, 'order-refunded-1280');

    const db = await withTenant(b.p.deps.db, t, async (trx) => ({
      order: await trx
        .selectFrom('orders')
        .select(['status', 'fulfilment_status', 'refunded_total'])
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow(),
      shipments: await trx
        .selectFrom('order_fulfilments')
        .select(['carrier', 'tracking_number'])
        .where('order_id', '=', orderId)
        .orderBy('created_at')
        .execute(),
      refunds: await trx
        .selectFrom('order_refunds')
        .select(['amount', 'provider', 'reason'])
        .where('order_id', '=', orderId)
        .execute(),
      mugLine: await trx
        .selectFrom('order_lines')
        .select(['fulfilled_quantity', 'refunded_quantity', 'restocked_quantity'])
        .where('order_id', '=', orderId)
        .where('variant_id', '=', mugId)
        .executeTakeFirstOrThrow(),
      mug: await trx
        .selectFrom('variants')
        .select(['stock', 'reserved'])
        .where('id', '=', mugId)
        .executeTakeFirstOrThrow(),
      ledger: await trx
        .selectFrom('inventory_adjustments')
        .select(['reason', 'delta'])
        .where('variant_id', '=', mugId)
        .orderBy('id')
        .execute(),
    }));
    expect(db.order).toEqual({
      status: 'partially_refunded',
      fulfilment_status: 'fulfilled',
      refunded_total: 1800,
    });
    expect(db.shipments).toEqual([
      { carrier: 'UPS', tracking_number: '1Z-PART-1' },
      { carrier: 'DHL', tracking_number: 'DHL-PART-2' },
    ]);
    expect(db.refunds).toEqual([{ amount: 1800, provider: 'manual', reason: 'Arrived chipped' }]);
    expect(db.mugLine).toEqual({ fulfilled_quantity: 1, refunded_quantity: 1, restocked_quantity: 1 });
    expect(db.mug).toEqual({ stock: 20, reserved: 0 });
    expect(db.ledger.map((l) => l.reason)).toEqual(['initial', 'reservation', 'sale', 'return']);

    // The packing slip and the audit trail, then the same pages at 390 px.
    await page.goto(`${base}/admin/orders/${orderId}/packing-slip`);
    await checkPage(page, 'packing-slip-1280');
    const narrow = await b.page({ width: 390, height: 844 });
    await narrow.context().addCookies(await page.context().cookies());
    for (const [path, name] of [
      ['/admin/orders', 'orders-list-390'],
      [`/admin/orders/${orderId}`, 'order-detail-390'],
      [`/admin/orders/${orderId}/packing-slip`, 'packing-slip-390'],
    ] as const) {
      const res = await narrow.goto(`${base}${path}`);
      expect(res?.status()).toBe(200);
      await checkPage(narrow, name);
    }
    // The one 400 is the refused tracking link above (the form re-rendered with its message).
    expect(b.errors(page).filter((e) => !/status of 400 .*\/fulfil\)$/.test(e) && !isFavicon(e))).toEqual([]);
    expect(b.errors(narrow).filter((e) => !isFavicon(e))).toEqual([]);
  }, 120_000);

  it('settings, content page preview and audit log render at 1280 and 390 px', async () => {
    const shop = await seedShop(b.p.deps);
    const base = b.storeBase(shop.store.tenant.handle);
    const page = await b.page();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill(shop.store.owner.email);
    await page.getByLabel('Password').fill(shop.store.owner.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${base}/admin`);

    await page.goto(`${base}/admin/settings`);
    await page.getByLabel('Contact e-mail').fill('nope');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await page.getByText('An e-mail address like hello@example.com').count()).toBe(1);
    await checkPage(page, 'settings-general-error-1280');

    await page.goto(`${base}/admin/settings/pages/new`);
    await page.getByLabel('Title').fill('Returns');
    await page.getByLabel('Address').fill('returns-policy');
    await page
      .getByLabel('Text')
      .fill('## Returns\n\nSend items back within **30 days**.\n\n- Unused\n- In the box');
    await page.getByRole('button', { name: 'Preview' }).click();
    expect(await page.locator('.prose strong').textContent()).toBe('30 days');
    await checkPage(page, 'settings-page-preview-1280');
    await page.getByRole('button', { name: 'Save page' }).click();
    await page.waitForURL(/notice=saved/);

    await page.goto(`${base}/admin/settings/theme`);
    await page.getByLabel('Buttons and links').fill('#0a7d4f');
    await page.getByRole('button', { name: 'Preview' }).click();
    await checkPage(page, 'settings-theme-1280');
    await page.getByRole('button', { name: 'Save theme' }).click();
    await page.waitForURL(/notice=saved/);

    const narrow = await b.page({ width: 390, height: 844 });
    await narrow.context().addCookies(await page.context().cookies());
    for (const path of [
      '/admin/settings',
      '/admin/settings/shipping',
      '/admin/settings/taxes',
      '/admin/settings/discounts',
      '/admin/settings/pages',
      '/admin/settings/theme',
      '/admin/audit',
      '/admin/staff',
      '/admin/billing',
    ]) {
      const res = await narrow.goto(`${base}${path}`);
      expect(res?.status()).toBe(200);
      await checkPage(narrow, `narrow${path.replace(/\//g, '-')}`);
    }
    await page.goto(`${base}/admin/audit`);
    expect(await page.getByText('Created the page "Returns"').count()).toBe(1);
    await checkPage(page, 'audit-1280');
    // The one 400 is the refused contact e-mail above (the form re-rendered with its message).
    expect(
      b.errors(page).filter((e) => !/status of 400 .*\/admin\/settings\)$/.test(e) && !isFavicon(e)),
    ).toEqual([]);
    expect(b.errors(narrow).filter((e) => !isFavicon(e))).toEqual([]);
  }, 120_000);
});
