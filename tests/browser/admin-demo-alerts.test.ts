/**
 * A store provisioned from the apparel template (the demo store's template)
 * has template stock at or below its thresholds. The overview's "Low stock"
 * card and /admin/alerts must agree from the first page view, with no worker
 * running: provisioning opens those alerts in its own transaction (one
 * batched alert email, not one per variant). Its Restock page, with no sales
 * yet, draws no empty forecast charts. Chromium at 1280 and 390 px.
 */
import { describe, expect, it } from 'vitest';
import { provisionStore } from '../../src/flows/provision-store.js';
import { DEMO_TEMPLATE } from '../../src/flows/seed-demo.js';
import { listStoreAlerts } from '../../src/modules/alerts/service.js';
import { listStockTable } from '../../src/modules/inventory/admin-service.js';
import { getTemplate } from '../../src/modules/stores/templates.js';
import { signupBody } from '../signup/helpers.js';
import { horizontalOverflow, useBrowserHarness } from '../support/browser.js';

const b = useBrowserHarness();

describe('demo store: overview low stock and alerts agree', () => {
  it('opens the template stock’s alerts at provisioning; both pages list the same variants', async () => {
    const template = (await getTemplate(DEMO_TEMPLATE))!;
    const body = signupBody();
    const { store } = await provisionStore(b.p.deps, { ...body, template });

    // Data: every variant at or below its threshold has exactly one open alert, and nothing else has one.
    const low = await listStockTable(b.p.deps.db, store.id, {
      filter: 'low',
      sort: 'available',
      dir: 'asc',
      page: 1,
      pageSize: 500,
    });
    expect(low.total).toBeGreaterThan(6);
    const alerts = await listStoreAlerts(b.p.deps.db, store.id, { status: 'open', limit: 500 });
    expect(alerts.map((a) => a.variantId).sort()).toEqual(low.rows.map((r) => r.variantId).sort());
    // One batched alert email for the whole template, not one per variant.
    const mails = await b.p.ownerDb
      .selectFrom('outbox')
      .select('id')
      .where('tenant_id', '=', store.id)
      .where('topic', '=', 'alerts.notify')
      .execute();
    expect(mails).toHaveLength(1);

    const base = b.storeBase(body.handle);
    for (const width of [1280, 390]) {
      const page = await b.page({ width, height: 900 });
      await page.goto(`${base}/admin/login`);
      await page.fill('#email', body.email);
      await page.fill('#password', body.password);
      await Promise.all([page.waitForURL(/\/admin$/), page.click('button[type=submit]')]);
      const card = page.locator('section.card', { has: page.locator('h2', { hasText: 'Low stock' }) });
      const listed = await card.locator('li a').allTextContents();
      expect(listed).toHaveLength(6);
      expect(await page.textContent('main')).toContain(`${low.total}Open low-stock alerts`);
      await b.shot(page, `demo-overview-${width}`);

      await page.goto(`${base}/admin/alerts`);
      const rows = page.locator('table tbody tr');
      expect(await rows.count()).toBe(low.total);
      // The emptiest shelves first, as on the overview (not in the arbitrary order of one opening instant).
      expect(await rows.first().textContent()).toContain('Out of stock');
      expect(await rows.last().textContent()).not.toContain('Out of stock');
      const table = (await page.textContent('table')) ?? '';
      for (const name of listed) {
        // "Slim Selvedge Jeans — 32": the product link and the variant title are both in its row.
        const [product, variant] = name.split(' — ');
        const row = page.locator('table tbody tr', { hasText: product! }).filter({ hasText: variant ?? '' });
        expect(await row.count(), name).toBeGreaterThan(0);
      }
      expect(table).not.toContain('Nothing is running low');
      expect(await horizontalOverflow(page)).toBe(0);
      await b.shot(page, `demo-alerts-${width}`);

      // Restock on the same new store: no sales yet, so no empty forecast charts, one sentence instead.
      await page.goto(`${base}/admin/restock`);
      expect(await page.locator('svg.forecast-chart').count()).toBe(0);
      expect(await page.textContent('#forecast-quiet')).toBe(
        'No variant has sold yet: forecasts appear here once sales history exists.',
      );
      expect(await horizontalOverflow(page)).toBe(0);
      await b.shot(page, `demo-restock-${width}`);
      expect(b.errors(page).filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
    }
    // Two widths × three pages in one browser: a busy 2-core CI machine took >30 s twice.
  }, 90_000);
});
