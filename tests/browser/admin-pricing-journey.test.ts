/**
 * Journey (issue #12): a pricing rule's proposals applied from /admin/pricing
 * in Chromium — the rule (created through the admin API: the page has no
 * rule form yet), a propose-mode run, then one proposal ticked and applied:
 * only that variant's price changes in the catalog, and the apply is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { runPricing } from '../../src/modules/pricing/run.js';
import { type BrowserHarness, startBrowserHarness } from '../support/browser.js';
import { createTestStore } from '../support/factories.js';
import { request } from '../support/platform.js';
import { insertCategory, insertVariant } from '../workers/fixtures/data.js';
import { checkPage, signIn } from './admin-ops-support.js';

let b: BrowserHarness;
beforeAll(async () => {
  b = await startBrowserHarness();
}, 120_000);
afterAll(async () => {
  await b?.close();
});

describe('pricing journey', () => {
  it('rule → proposals → apply the selected one', async () => {
    const store = await createTestStore(b.p.deps);
    const t = store.tenant.id;
    const cat = await insertCategory(b.p.deps, t);
    const v1 = await insertVariant(b.p.deps, t, { price: 1500, cost: 1000, categoryId: cat });
    const v2 = await insertVariant(b.p.deps, t, { price: 1500, cost: 1000, categoryId: cat });
    const rule = await request(b.p.app, 'POST', '/api/admin/pricing/rules', {
      host: store.host,
      token: store.owner.token,
      body: { name: 'Markup 60%', kind: 'cost_plus', categoryId: cat, params: { markupBp: 6000 } },
    });
    expect(rule.status).toBe(201);
    await withTenant(b.p.deps.db, t, (trx) => runPricing(trx, t, 'journey', new Date()));

    const page = await signIn(b, store);
    await page.goto(`${b.storeBase(store.tenant.handle)}/admin/pricing`);
    expect(await page.textContent('main')).toContain('Proposed changes (2)');
    // The engine's step names read as words: "Set by Cost-plus", not the identifier.
    expect(await page.textContent('main table tbody td:nth-child(5)')).toBe('Cost-plus');
    expect(await page.textContent('main')).toContain('Cost-plus: cost 1000 + 60% markup');
    await checkPage(b, page, 'pricing-1280');
    await page.check(`input[name="variantId"][value="${v1.variantId}"]`);
    await Promise.all([
      page.waitForURL(/notice=prices_applied/),
      page.click('button:has-text("Apply selected")'),
    ]);
    const prices = await withTenant(b.p.deps.db, t, (trx) =>
      trx.selectFrom('variants').select(['id', 'price']).where('tenant_id', '=', t).execute(),
    );
    const byId = new Map(prices.map((r) => [r.id, r.price]));
    expect(byId.get(v1.variantId)).toBe(1600);
    expect(byId.get(v2.variantId)).toBe(1500);
    const audit = await withTenant(b.p.deps.db, t, (trx) =>
      trx.selectFrom('audit_log').select(['action', 'data']).where('tenant_id', '=', t).execute(),
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['price_rule.created', 'pricing.proposals_applied']),
    );
    const narrow = await signIn(b, store, { width: 390, height: 844 });
    await narrow.goto(`${b.storeBase(store.tenant.handle)}/admin/pricing`);
    await checkPage(b, narrow, 'pricing-390');
  }, 300_000);
});
