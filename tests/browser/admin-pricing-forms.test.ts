/**
 * /admin/pricing forms in Chromium (issue #12 point 6): create, edit and
 * delete (confirmed) a rule and a promotion; server messages next to the
 * field with the typed text kept; the live check before submitting; the
 * per-variant price history chart. Rows checked in the database; pages at
 * 1280 and 390 px (screenshots, axe, no sideways scroll).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { runPricing } from '../../src/modules/pricing/run.js';
import { updatePricingSettings } from '../../src/modules/pricing/service.js';
import { useBrowserHarness } from '../support/browser.js';
import { createTestStore, type TestStore } from '../support/factories.js';
import { insertCategory, insertVariant } from '../workers/fixtures/data.js';
import { checkPage, signIn } from './admin-ops-support.js';

const b = useBrowserHarness();

const rows = (store: TestStore, table: 'price_rules' | 'promotions') =>
  withTenant(b.p.deps.db, store.tenant.id, (trx) =>
    trx.selectFrom(table).selectAll().where('tenant_id', '=', store.tenant.id).execute(),
  );

async function submit(page: Page, label: string, url: RegExp) {
  await Promise.all([page.waitForURL(url), page.click(`button:has-text("${label}")`)]);
}

describe('pricing forms', () => {
  it('rules: errors kept next to fields, create, edit, delete with confirmation', async () => {
    const store = await createTestStore(b.p.deps);
    const cat = await insertCategory(b.p.deps, store.tenant.id);
    const base = b.storeBase(store.tenant.handle);
    const page = await signIn(b, store);
    await page.goto(`${base}/admin/pricing`);
    expect(await page.textContent('main')).toContain('No pricing rules yet');
    await checkPage(b, page, 'pricing-empty-1280');
    await page.click('main a:has-text("Add rule") >> nth=0');
    await page.waitForURL(/\/admin\/pricing\/rules\/new$/);

    // The live check speaks before any submit; the demand fields are hidden for cost-plus.
    await page.fill('#f-markup', '12,5x');
    await page.press('#f-markup', 'Tab');
    expect(await page.textContent('#f-markup-error')).toContain('Enter a percentage like 12.5');
    expect(await page.isVisible('#f-lowCoverDays')).toBe(false);

    await page.fill('#f-name', '');
    await page.click('button:has-text("Add rule")');
    await page.waitForSelector('#f-name-error');
    expect(await page.textContent('#f-name-error')).toContain('Enter a name for the rule');
    expect(await page.textContent('#f-markup-error')).toContain('Enter a percentage like 12.5');
    expect(await page.inputValue('#f-markup')).toBe('12,5x');
    await checkPage(b, page, 'pricing-rule-errors-1280', { expect400: true });
    expect(await rows(store, 'price_rules')).toHaveLength(0);

    await page.fill('#f-name', 'Markup 60%');
    await page.fill('#f-markup', '60');
    await page.selectOption('#f-categoryId', cat);
    await submit(page, 'Add rule', /notice=rule_saved/);
    let [rule] = await rows(store, 'price_rules');
    expect(rule).toMatchObject({ name: 'Markup 60%', kind: 'cost_plus', category_id: cat });
    expect(rule!.params).toEqual({ markupBp: 6000 });
    expect(await page.textContent('main')).toContain('markup 60% over cost');

    // A seasonal rule needs a start date; the end must come after it.
    await page.goto(`${base}/admin/pricing/rules/new`);
    await page.selectOption('#f-kind', 'seasonal');
    expect(await page.isVisible('#f-multiplier')).toBe(true);
    await page.fill('#f-name', 'Winter');
    await page.fill('#f-endsAt', '2026-01-01');
    await page.click('button:has-text("Add rule")');
    await page.waitForSelector('#f-startsAt-error');
    expect(await page.textContent('#f-startsAt-error')).toContain('needs a start date');
    await page.fill('#f-startsAt', '2026-02-01');
    await page.click('button:has-text("Add rule")');
    await page.waitForSelector('#f-endsAt-error');
    expect(await page.textContent('#f-endsAt-error')).toContain('after the start date');
    expect(await page.inputValue('#f-multiplier')).toBe('120');
    await page.fill('#f-endsAt', '2026-03-01');
    await submit(page, 'Add rule', /notice=rule_saved/);
    expect((await rows(store, 'price_rules')).map((r) => r.kind).sort()).toEqual(['cost_plus', 'seasonal']);

    // Edit: the markup changes, kind stays.
    await page.goto(`${base}/admin/pricing/rules/${rule!.id}`);
    expect(await page.inputValue('#f-markup')).toBe('60');
    await page.fill('#f-markup', '45.5');
    await submit(page, 'Save rule', /notice=rule_saved/);
    [rule] = (await rows(store, 'price_rules')).filter((r) => r.id === rule!.id);
    expect(rule!.params).toEqual({ markupBp: 4550 });

    // Delete asks first.
    await page.goto(`${base}/admin/pricing/rules/${rule!.id}`);
    await checkPage(b, page, 'pricing-rule-edit-1280', { expect400: true });
    await page.click('summary:has-text("Delete rule")');
    expect(await page.isVisible('text=Prices it set stay as they are')).toBe(true);
    await submit(page, 'Delete rule', /notice=rule_deleted/);
    expect((await rows(store, 'price_rules')).map((r) => r.kind)).toEqual(['seasonal']);

    const narrow = await signIn(b, store, { width: 390, height: 844 });
    await narrow.goto(`${base}/admin/pricing/rules/new`);
    await checkPage(b, narrow, 'pricing-rule-new-390');
    await narrow.goto(`${base}/admin/pricing`);
    await checkPage(b, narrow, 'pricing-lists-390');
  }, 300_000);

  it('promotions: create for a category, edit, delete; the price history chart', async () => {
    const store = await createTestStore(b.p.deps);
    const t = store.tenant.id;
    const cat = await insertCategory(b.p.deps, t);
    const v = await insertVariant(b.p.deps, t, { price: 1500, cost: 1000, categoryId: cat });
    const base = b.storeBase(store.tenant.handle);
    const page = await signIn(b, store);
    await page.goto(`${base}/admin/pricing/promotions/new`);
    await page.fill('#f-name', 'Winter sale');
    await page.selectOption('#f-target', 'category');
    await page.fill('#f-value', '150');
    await page.click('button:has-text("Add promotion")');
    await page.waitForSelector('#f-value-error');
    expect(await page.textContent('#f-value-error')).toContain('between 0.01 and 100');
    expect(await page.textContent('#f-categoryId-error')).toContain('Choose the category');
    expect(await page.inputValue('#f-name')).toBe('Winter sale');
    await checkPage(b, page, 'pricing-promo-errors-1280', { expect400: true });
    await page.fill('#f-value', '15');
    await page.selectOption('#f-categoryId', cat);
    await submit(page, 'Add promotion', /notice=promotion_saved/);
    let [promo] = await rows(store, 'promotions');
    expect(promo).toMatchObject({ kind: 'percentage', value: 1500, target: 'category', target_id: cat });

    await page.goto(`${base}/admin/pricing/promotions/${promo!.id}`);
    expect(await page.inputValue('#f-value')).toBe('15');
    await page.fill('#f-value', '20');
    await page.check('#f-stackable');
    await submit(page, 'Save promotion', /notice=promotion_saved/);
    [promo] = await rows(store, 'promotions');
    expect(promo).toMatchObject({ value: 2000, stackable: true });

    await page.goto(`${base}/admin/pricing/promotions/${promo!.id}`);
    await page.click('summary:has-text("Delete promotion")');
    await submit(page, 'Delete promotion', /notice=promotion_deleted/);
    expect(await rows(store, 'promotions')).toHaveLength(0);

    // Two applied runs (cost-plus 60%, then 80%) → the chart shows 15.00 → 16.00 → 18.00.
    await updatePricingSettings(b.p.deps.db, t, { mode: 'apply', maxStepBp: 5000 });
    const db = b.p.deps.db;
    await withTenant(db, t, (trx) =>
      trx
        .insertInto('price_rules')
        .values({
          tenant_id: t,
          name: 'Cost+',
          kind: 'cost_plus',
          params: JSON.stringify({ markupBp: 6000 }),
        })
        .execute(),
    );
    await withTenant(db, t, (trx) => runPricing(trx, t, 'h1', new Date()));
    await withTenant(db, t, (trx) =>
      trx
        .updateTable('price_rules')
        .set({ params: JSON.stringify({ markupBp: 8000 }) })
        .where('tenant_id', '=', t)
        .execute(),
    );
    await withTenant(db, t, (trx) => runPricing(trx, t, 'h2', new Date()));
    await page.goto(`${base}/admin/pricing/variants/${v.variantId}`);
    const circles = await page.$$eval('svg.chart circle title', (els) => els.map((e) => e.textContent));
    expect(circles).toHaveLength(4);
    expect(circles.join(' | ')).toMatch(/15\.00.*16\.00.*18\.00.*18\.00/);
    expect(await page.textContent('main')).toContain('Changes (2)');
    await checkPage(b, page, 'pricing-history-1280', { expect400: true });
    // Another store's rule, promotion and variant answer 404 here (as does a non-id).
    const other = await createTestStore(b.p.deps);
    const ov = await insertVariant(b.p.deps, other.tenant.id, { price: 100 });
    const otherRule = await withTenant(db, other.tenant.id, (trx) =>
      trx
        .insertInto('price_rules')
        .values({ tenant_id: other.tenant.id, name: 'X', kind: 'cost_plus', params: '{"markupBp":1}' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    for (const path of [
      `/admin/pricing/rules/${otherRule.id}`,
      `/admin/pricing/promotions/${otherRule.id}`,
      `/admin/pricing/variants/${ov.variantId}`,
      '/admin/pricing/rules/not-an-id',
    ])
      expect((await page.goto(`${base}${path}`))?.status(), path).toBe(404);
    const narrow = await signIn(b, store, { width: 390, height: 844 });
    await narrow.goto(`${base}/admin/pricing/variants/${v.variantId}`);
    await checkPage(b, narrow, 'pricing-history-390');
    await narrow.goto(`${base}/admin/pricing/promotions/new`);
    await checkPage(b, narrow, 'pricing-promo-new-390');
  }, 300_000);
});
