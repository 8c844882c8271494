/**
 * Settings › Taxes (by country and region), Discount codes (edit) and
 * Payments in Chromium (issue #12 point 5): messages next to the field with
 * the typed text kept, rows checked in the database, pages at 1280 and 390 px
 * (screenshots, axe, no sideways scroll).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { useBrowserHarness } from '../support/browser.js';
import { createTestStore, type TestStore } from '../support/factories.js';
import { request } from '../support/platform.js';
import { checkPage, signIn } from './admin-ops-support.js';

const b = useBrowserHarness();

const db = () => b.p.deps.db;
async function submit(page: Page, label: string, url: RegExp) {
  await Promise.all([page.waitForURL(url), page.click(`main button:has-text("${label}")`)]);
}

async function narrowCheck(store: TestStore, paths: string[], prefix: string) {
  const narrow = await signIn(b, store, { width: 390, height: 844 });
  for (const path of paths) {
    await narrow.goto(`${b.storeBase(store.tenant.handle)}${path}`);
    await checkPage(b, narrow, `${prefix}${path.replace(/\//g, '-')}-390`);
  }
}

describe('settings: taxes, discount codes, payments', () => {
  it('taxes by region and discount code edits', async () => {
    const store = await createTestStore(b.p.deps);
    const t = store.tenant.id;
    const base = b.storeBase(store.tenant.handle);
    const page = await signIn(b, store);

    await page.goto(`${base}/admin/settings/taxes`);
    await page.fill('#f-country', 'US');
    await page.fill('#f-region', 'XX');
    await page.fill('#f-rate', '7.25');
    await page.click('main button:has-text("Save rate")');
    await page.waitForSelector('#f-region-error');
    expect(await page.textContent('#f-region-error')).toContain('Not a state of US');
    expect(await page.inputValue('#f-rate')).toBe('7.25');
    await checkPage(b, page, 'settings-taxes-error-1280', { expect400: true });
    await page.fill('#f-region', 'ca');
    await submit(page, 'Save rate', /notice=added/);
    await page.fill('#f-country', 'US');
    await page.fill('#f-rate', '5');
    await submit(page, 'Save rate', /notice=added/);
    const taxes = await withTenant(db(), t, (trx) =>
      trx
        .selectFrom('tax_rates')
        .select(['country', 'region', 'rate_bp'])
        .where('tenant_id', '=', t)
        .orderBy('region')
        .execute(),
    );
    expect(taxes).toEqual([
      { country: 'US', region: '', rate_bp: 500 },
      { country: 'US', region: 'CA', rate_bp: 725 },
    ]);
    expect(await page.textContent('main')).toContain('California');
    await checkPage(b, page, 'settings-taxes-1280', { expect400: true });
    // Deleting California's rate (confirmed) keeps the country's.
    await page.click('tr:has-text("California") summary:has-text("Delete")');
    await Promise.all([
      page.waitForURL(/notice=deleted/),
      page.click('tr:has-text("California") button:has-text("Delete")'),
    ]);
    const left = await withTenant(db(), t, (trx) =>
      trx.selectFrom('tax_rates').select(['region']).where('tenant_id', '=', t).execute(),
    );
    expect(left).toEqual([{ region: '' }]);

    // A discount code: created by the API, edited here.
    const code = await request(b.p.app, 'POST', '/api/admin/discount-codes', {
      host: store.host,
      token: store.owner.token,
      body: { code: 'WINTER', kind: 'percentage', value: 1000 },
    });
    expect(code.status).toBe(201);
    await page.goto(`${base}/admin/settings/discounts`);
    await Promise.all([page.waitForURL(/discounts\/[0-9a-f-]{36}$/), page.click('a:has-text("WINTER")')]);
    expect(await page.inputValue('#f-value')).toBe('10');
    await page.fill('#f-value', '150');
    await page.fill('#f-usageLimit', 'lots');
    await page.click('main button:has-text("Save code")');
    await page.waitForSelector('#f-usageLimit-error');
    expect(await page.textContent('#f-value-error')).toContain('between 0.01 and 100');
    expect(await page.textContent('#f-usageLimit-error')).toContain('whole number');
    expect(await page.inputValue('#f-usageLimit')).toBe('lots');
    await checkPage(b, page, 'settings-discount-edit-error-1280', { expect400: true });
    await page.fill('#f-value', '15');
    await page.fill('#f-usageLimit', '100');
    await page.fill('#f-minSubtotal', '50.00');
    await page.uncheck('#f-active');
    await submit(page, 'Save code', /\/admin\/settings\/discounts\?notice=added/);
    const row = await withTenant(db(), t, (trx) =>
      trx
        .selectFrom('discount_codes')
        .select(['value', 'usage_limit', 'min_subtotal', 'active'])
        .where('tenant_id', '=', t)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ value: 1500, usage_limit: 100, min_subtotal: 5000, active: false });
    await checkPage(b, page, 'settings-discounts-1280', { expect400: true });
    // Another store's code id and a non-id answer 404, not 500.
    expect((await page.goto(`${base}/admin/settings/discounts/not-an-id`))?.status()).toBe(404);
    await narrowCheck(
      store,
      ['/admin/settings/taxes', '/admin/settings/discounts', `/admin/settings/discounts/${code.body.id}`],
      'settings',
    );
  }, 300_000);

  it('payments: manual payment with instructions and hold days; errors next to the field', async () => {
    const store = await createTestStore(b.p.deps);
    const t = store.tenant.id;
    const base = b.storeBase(store.tenant.handle);
    const page = await signIn(b, store);
    await page.goto(`${base}/admin/settings/payments`);
    await checkPage(b, page, 'settings-payments-1280');
    await page.check('#f-enabled');
    await page.selectOption('#f-method', 'cash_on_delivery');
    await page.fill('#f-instructions', 'Pay the driver in cash; quote your order number.');
    await page.fill('#f-holdDays', '0');
    await page.click('main button:has-text("Save")');
    await page.waitForSelector('#f-holdDays-error');
    expect(await page.textContent('#f-holdDays-error')).toContain('from 1 to 60');
    expect(await page.inputValue('#f-instructions')).toBe('Pay the driver in cash; quote your order number.');
    expect(await page.inputValue('#f-method')).toBe('cash_on_delivery');
    await checkPage(b, page, 'settings-payments-error-1280', { expect400: true });
    await page.fill('#f-holdDays', '5');
    await submit(page, 'Save', /notice=saved/);
    expect(await page.textContent('main')).toContain('Payment settings saved.');
    const row = await withTenant(db(), t, (trx) =>
      trx
        .selectFrom('payment_settings')
        .select(['manual_enabled', 'manual_method', 'instructions', 'hold_days'])
        .where('tenant_id', '=', t)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toMatchObject({ manual_enabled: true, manual_method: 'cash_on_delivery', hold_days: 5 });
    expect(row.instructions).toBe('Pay the driver in cash; quote your order number.');
    await narrowCheck(store, ['/admin/settings/payments'], 'settings');
  }, 300_000);
});
