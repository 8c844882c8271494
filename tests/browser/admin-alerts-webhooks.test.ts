/**
 * /admin/alerts and /admin/webhooks in Chromium at 1280 and 390 px: an alert
 * with its product and days of cover, acknowledge; add a webhook endpoint
 * (a field error first, keeping what was typed), its secret shown once,
 * pause/enable, rotate, the delivery log with redeliver.
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { sweepStockAlerts } from '../../src/modules/alerts/service.js';
import { useBrowserHarness } from '../support/browser.js';
import { createTestProduct, createTestStore } from '../support/factories.js';
import { checkPage, signIn } from './admin-ops-support.js';

const MUG_SVG = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#2563eb"/></svg>',
)}`;

const b = useBrowserHarness();

describe('alerts page', () => {
  it('lists the low product with links and acknowledges it', async () => {
    const store = await createTestStore(b.p.deps);
    const t = store.tenant.id;
    const product = await createTestProduct(b.p.deps, t, {
      title: 'Blue enamel mug',
      images: [{ url: MUG_SVG, alt: 'mug' }],
      variants: [{ sku: 'MUG-BLUE', price: 1200, stock: 2, lowStockThreshold: 5 }],
    });
    await withTenant(b.p.deps.db, t, (trx) => sweepStockAlerts(trx, t));
    for (const width of [1280, 390]) {
      const page = await signIn(b, store, { width, height: 900 });
      await page.goto(`${b.storeBase(store.tenant.handle)}/admin/alerts`);
      const row = page.locator('tr', { hasText: 'MUG-BLUE' });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.locator(`a[href="/admin/products/${product.id}"]`).textContent()).toBe(
        'Blue enamel mug',
      );
      expect(await row.textContent()).toContain('2 / 5');
      expect(await row.textContent()).toContain('no recent sales');
      expect(await row.locator('img.thumb').getAttribute('src')).toBe(MUG_SVG);
      await checkPage(b, page, `alerts-${width}`);
    }
    const page = await signIn(b, store);
    await page.goto(`${b.storeBase(store.tenant.handle)}/admin/alerts`);
    await Promise.all([
      page.waitForURL(/notice=acknowledged/),
      page.click('tr:has-text("MUG-BLUE") >> text=Acknowledge'),
    ]);
    expect(await page.locator('tr', { hasText: 'MUG-BLUE' }).textContent()).toContain('Acknowledged');
    const [a] = await withTenant(b.p.deps.db, t, (trx) =>
      trx.selectFrom('stock_alerts').selectAll().where('tenant_id', '=', t).execute(),
    );
    expect(a!.acknowledged_at).not.toBeNull();
  }, 180_000);
});

describe('webhooks pages', () => {
  it('adds an endpoint (errors next to the field first), shows the secret once, pauses, rotates', async () => {
    const store = await createTestStore(b.p.deps);
    const t = store.tenant.id;
    const base = b.storeBase(store.tenant.handle);
    const page = await signIn(b, store);
    await page.goto(`${base}/admin/webhooks`);
    expect(await page.textContent('main')).toContain('No webhook endpoints yet');
    await checkPage(b, page, 'webhooks-empty-1280');
    await page.fill('#f-url', 'not a url');
    await page.check('input[value="product.created"]');
    await page.click('text=Add endpoint');
    expect(await page.textContent('#f-url-error')).toContain('full http:// or https:// URL');
    expect(await page.inputValue('#f-url')).toBe('not a url');
    expect(await page.isChecked('input[value="product.created"]')).toBe(true);
    await page.fill('#f-url', 'http://127.0.0.1:9/hook');
    await page.click('text=Add endpoint');
    const secret = await page.textContent('#webhook-secret');
    expect(secret).toMatch(/^whsec_/);
    await checkPage(b, page, 'webhooks-secret-1280', { expect400: true });
    await page.click('text=Continue to the endpoint');
    expect(await page.textContent('main')).not.toContain(secret!);
    expect(await page.textContent('main')).toContain('No deliveries yet');
    await page.click('form[action$="/pause"] button');
    await page.waitForURL(/notice=paused/);
    expect(await page.textContent('main')).toContain('Enable');
    await page.click('summary:has-text("Rotate secret")');
    await page.click('text=Rotate now');
    const rotated = await page.textContent('#webhook-secret');
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    const [ep] = await withTenant(b.p.deps.db, t, (trx) =>
      trx.selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', t).execute(),
    );
    expect(ep).toMatchObject({
      url: 'http://127.0.0.1:9/hook',
      events: ['product.created'],
      active: false,
      secret: rotated,
    });

    const narrow = await signIn(b, store, { width: 390, height: 844 });
    await narrow.goto(`${base}/admin/webhooks`);
    await checkPage(b, narrow, 'webhooks-list-390');
    await narrow.goto(`${base}/admin/webhooks/${ep!.id}`);
    await checkPage(b, narrow, 'webhook-endpoint-390');
  }, 180_000);
});
