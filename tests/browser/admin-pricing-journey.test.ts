/**
 * Journey (issue #12): a pricing rule's proposals applied from /admin/pricing
 * in Chromium — the rule (created through the admin API: the page has no
 * rule form yet), a propose-mode run, then one proposal ticked and applied:
 * only that variant's price changes in the catalog, and the apply is audited.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { runPricing } from '../../src/modules/pricing/run.js';
import { useBrowserHarness } from '../support/browser.js';
import { createTestStore } from '../support/factories.js';
import { request } from '../support/platform.js';
import { insertCategory, insertVariant } from '../workers/fixtures/data.js';
import { checkPage, signIn } from './admin-ops-support.js';

const b = useBrowserHarness();

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
    // Money in the reasons is written in the store currency, not in minor units ("cost 1000").
    expect(await page.textContent('main')).toContain('Cost-plus: cost USD 10.00 + 60% markup');
    expect(await page.textContent('main')).not.toMatch(/cost \d/);
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

    // The applied change's history: the stored reason carries its amount, the page formats it.
    const [stored] = await withTenant(b.p.deps.db, t, (trx) =>
      trx
        .selectFrom('price_history')
        .select('reasons')
        .where('tenant_id', '=', t)
        .where('variant_id', '=', v1.variantId)
        .where('status', '=', 'applied')
        .execute(),
    );
    expect(stored!.reasons).toContainEqual(
      expect.objectContaining({
        rule: 'cost_plus',
        effect: 'cost {cost} + 60% markup',
        amounts: { cost: 1000 },
      }),
    );
    for (const [p, width] of [
      [page, 1280],
      [narrow, 390],
    ] as const) {
      await p.goto(`${b.storeBase(store.tenant.handle)}/admin/pricing/variants/${v1.variantId}`);
      expect(await p.textContent('main')).toContain('Cost-plus: cost USD 10.00 + 60% markup');
      await checkPage(b, p, `pricing-history-${width}`);
    }
  }, 300_000);

  it('history recorded before amounts were stored reads in the store currency after migration 0400', async () => {
    const store = await createTestStore(b.p.deps);
    const t = store.tenant.id;
    const v = await insertVariant(b.p.deps, t, { price: 1500, cost: 1000 });
    // A row as the engine wrote it before: money inside the text.
    const old = [
      { rule: 'cost_plus', effect: 'cost 1000 + 60% markup', before: 1500, after: 1600 },
      { rule: 'demand', effect: '12.0 days of cover: hold, band 1440–1760', before: 1600, after: 1600 },
      { rule: 'margin_floor', effect: 'cost floor 1100', before: 1050, after: 1100 },
      { rule: 'bounds', effect: 'within 1440–1760', before: 1800, after: 1760 },
      { rule: 'promotion', effect: 'Spring: 250 off', before: 1760, after: 1510 },
      { rule: 'promotion', effect: 'Summer: 10% off', before: 1760, after: 1584 },
      { rule: 'seasonal', effect: '× 110% (Winter)', before: 1600, after: 1760 },
    ];
    await sql`insert into price_history (tenant_id, variant_id, run_key, old_price, new_price, list_price, rule, reasons, status, source)
      values (${t}, ${v.variantId}, 'before-0400', 1500, 1510, 1760, 'promotion', ${JSON.stringify(old)}::jsonb, 'applied', 'pricing_run')`.execute(
      b.p.ownerDb,
    );
    await sql.raw(readFileSync('migrations/0400_price_reason_amounts.sql', 'utf8')).execute(b.p.ownerDb);
    const [row] = await withTenant(b.p.deps.db, t, (trx) =>
      trx.selectFrom('price_history').select('reasons').where('tenant_id', '=', t).execute(),
    );
    expect(row!.reasons).toEqual([
      {
        rule: 'cost_plus',
        effect: 'cost {cost} + 60% markup',
        amounts: { cost: 1000 },
        before: 1500,
        after: 1600,
      },
      {
        rule: 'demand',
        effect: '12.0 days of cover: hold, band {min}–{max}',
        amounts: { min: 1440, max: 1760 },
        before: 1600,
        after: 1600,
      },
      {
        rule: 'margin_floor',
        effect: 'cost floor {floor}',
        amounts: { floor: 1100 },
        before: 1050,
        after: 1100,
      },
      {
        rule: 'bounds',
        effect: 'within {min}–{max}',
        amounts: { min: 1440, max: 1760 },
        before: 1800,
        after: 1760,
      },
      { rule: 'promotion', effect: 'Spring: {off} off', amounts: { off: 250 }, before: 1760, after: 1510 },
      old[5],
      old[6],
    ]);
    const page = await signIn(b, store);
    await page.goto(`${b.storeBase(store.tenant.handle)}/admin/pricing/variants/${v.variantId}`);
    const main = (await page.textContent('main')) ?? '';
    for (const text of [
      'Cost-plus: cost USD 10.00 + 60% markup',
      'Demand: 12.0 days of cover: hold, band USD 14.40–USD 17.60',
      'Margin floor: cost floor USD 11.00',
      'Price bounds: within USD 14.40–USD 17.60',
      'Promotion: Spring: USD 2.50 off',
      'Promotion: Summer: 10% off',
    ])
      expect(main).toContain(text);
    expect(main).not.toMatch(/cost \d|floor \d|band \d/);
    await checkPage(b, page, 'pricing-history-old-rows-1280');
  }, 120_000);
});
