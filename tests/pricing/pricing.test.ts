/** Pricing runs and the admin API: apply vs propose, history with reasons, idempotent runs, validation. */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { OUTBOX_ROUTES } from '../../src/lib/queue-names.js';
import {
  exportProductsCsvForAdmin,
  upsertProductsCsvForAdmin,
} from '../../src/modules/catalog/admin-service.js';
import { runPricing } from '../../src/modules/pricing/run.js';
import { pricingProcessor } from '../../workers/processors/pricing.js';
import { addMember, createTestStore } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';
import { insertCategory, insertSales, insertVariant } from '../workers/fixtures/data.js';

const NOW = new Date('2026-06-15T12:00:00Z');

async function price(p: TestPlatform, tenantId: string, variantId: string) {
  return withTenant(
    p.deps.db,
    tenantId,
    async (trx) =>
      (
        await trx
          .selectFrom('variants')
          .select('price')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', variantId)
          .executeTakeFirstOrThrow()
      ).price,
  );
}

describe('pricing runs', () => {
  it('proposes by default, applies on request, records history with the rule', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const cat = await insertCategory(p.deps, s.tenant.id);
    const v = await insertVariant(p.deps, s.tenant.id, { price: 1500, cost: 1000, categoryId: cat });
    const opts = { host: s.host, token: s.owner.token };
    const rule = await request(p.app, 'POST', '/api/admin/pricing/rules', {
      ...opts,
      body: { name: 'Markup 60%', kind: 'cost_plus', categoryId: cat, params: { markupBp: 6000 } },
    });
    expect(rule.status).toBe(201);
    const preview = await request(p.app, 'GET', '/api/admin/pricing/preview', opts);
    expect(preview.status).toBe(200);
    // target 1600, but the default max step is 10% → 1650 cap; 1600 within.
    expect(preview.body.items).toEqual([
      expect.objectContaining({ variantId: v.variantId, oldPrice: 1500, newPrice: 1600, setBy: 'cost_plus' }),
    ]);
    const run = await withTenant(p.deps.db, s.tenant.id, (trx) => runPricing(trx, s.tenant.id, 'r1', NOW));
    expect(run).toMatchObject({ changed: 1, mode: 'propose', alreadyRan: false });
    expect(await price(p, s.tenant.id, v.variantId)).toBe(1500);
    const hist = await request(p.app, 'GET', `/api/admin/pricing/variants/${v.variantId}/history`, opts);
    expect(hist.body.items).toEqual([
      expect.objectContaining({ oldPrice: 1500, newPrice: 1600, rule: 'cost_plus', status: 'proposed' }),
    ]);
    expect(hist.body.items[0].reasons[0]).toMatchObject({ rule: 'cost_plus', ruleId: rule.body.id });
    // API clients read the money in the store currency; the amount stays alongside in minor units.
    expect(preview.body.items[0].reasons[0]).toMatchObject({ amounts: { cost: 1000 } });
    expect(preview.body.items[0].reasons[0].effect).toContain('$10.00');
    expect(hist.body.items[0].reasons[0].effect).toContain('$10.00');
    expect(hist.body.items[0].reasons[0].effect).not.toMatch(/\{cost\}|cost 1000/);
    const applied = await request(p.app, 'POST', '/api/admin/pricing/apply', { ...opts, body: {} });
    expect(applied.body).toEqual({ applied: 1 });
    expect(await price(p, s.tenant.id, v.variantId)).toBe(1600);
    expect((await request(p.app, 'POST', '/api/admin/pricing/apply', { ...opts, body: {} })).body).toEqual({
      applied: 0,
    });
  });

  it('apply mode writes prices; a re-run with the same key applies nothing twice', async () => {
    const p = await testPlatform();
    // Demand rules need a plan with dynamic pricing (src/modules/entitlements).
    const s = await createTestStore(p.deps, { plan: 'pro' });
    const opts = { host: s.host, token: s.owner.token };
    await request(p.app, 'PATCH', '/api/admin/pricing/settings', {
      ...opts,
      body: { mode: 'apply', maxStepBp: 500 },
    });
    const v = await insertVariant(p.deps, s.tenant.id, { price: 2000, cost: 500, stock: 2 });
    await insertSales(
      p.deps,
      s.tenant.id,
      v,
      [
        { daysAgo: 1, quantity: 10 },
        { daysAgo: 3, quantity: 18 },
      ],
      NOW,
    );
    await request(p.app, 'POST', '/api/admin/pricing/rules', {
      ...opts,
      body: {
        name: 'Demand',
        kind: 'demand',
        params: { lowCoverDays: 7, highCoverDays: 60, stepBp: 1000, minBp: 8000, maxBp: 13000 },
      },
    });
    const run = () =>
      withTenant(p.deps.db, s.tenant.id, (trx) => runPricing(trx, s.tenant.id, 'hour-1', NOW));
    // 28 sold / 28 days, 2 available = 2 days of cover → raise 10%, capped by the 5% max step.
    expect(await run()).toMatchObject({ changed: 1, mode: 'apply', alreadyRan: false });
    expect(await price(p, s.tenant.id, v.variantId)).toBe(2100);
    expect(await run()).toMatchObject({ alreadyRan: true });
    expect(await price(p, s.tenant.id, v.variantId)).toBe(2100);
    // Next run steps again from the stored list price; the band caps at base 2000 × 130%.
    for (let i = 2; i < 12; i++)
      await withTenant(p.deps.db, s.tenant.id, (trx) => runPricing(trx, s.tenant.id, `hour-${i}`, NOW));
    expect(await price(p, s.tenant.id, v.variantId)).toBe(2600);
    const hist = await request(p.app, 'GET', `/api/admin/pricing/variants/${v.variantId}/history`, opts);
    expect(hist.body.items.every((h: { status: string }) => h.status === 'applied')).toBe(true);
    expect(new Set(hist.body.items.map((h: { runKey: string }) => h.runKey)).size).toBe(
      hist.body.items.length,
    );
  });

  it('product-editor and CSV-import price edits reach the price history through the catalog event, once', {
    timeout: 60_000,
  }, async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const opts = { host: s.host, token: s.owner.token };
    const v = await insertVariant(p.deps, s.tenant.id, { price: 1500, cost: 500 });
    expect(OUTBOX_ROUTES['catalog.prices_changed']).toEqual(['pricing']);
    const edited = await request(p.app, 'PATCH', `/api/admin/products/${v.productId}`, {
      ...opts,
      body: { variants: [{ id: v.variantId, price: 1700 }] },
    });
    expect(edited.status).toBe(200);
    // The CSV import changes it again: the store's own export with the price edited.
    const csv = await exportProductsCsvForAdmin(p.deps.db, s.tenant.id);
    const [head, ...lines] = csv.trim().split('\n');
    const col = head!.split(',').indexOf('price');
    const edit = lines.map((l) =>
      l
        .split(',')
        .map((x, i) => (i === col ? '1850' : x))
        .join(','),
    );
    expect(lines[0]!.split(',')[col]).toBe('1700');
    const plan = await upsertProductsCsvForAdmin(p.deps.db, s.tenant.id, [head, ...edit].join('\n'), {
      currency: 'USD',
      dryRun: false,
      actor: { type: 'user', id: s.owner.id },
    });
    expect(plan.map((x) => x.action)).toEqual(['update']);
    // Relay this store's rows the way the outbox relay does; each twice (a redelivery).
    const rows = await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .selectFrom('outbox')
        .select(['tenant_id', 'id', 'topic', 'payload'])
        .where('tenant_id', '=', s.tenant.id)
        .where('topic', '=', 'catalog.prices_changed')
        .orderBy('id')
        .execute(),
    );
    expect(rows.map((r) => (r.payload as { source: string }).source)).toEqual(['manual', 'import']);
    const worker = pricingProcessor.register(p.deps);
    try {
      for (const r of rows)
        for (const n of [1, 2])
          await p.deps.hub
            .queue('pricing')
            .add(
              r.topic,
              { outboxId: r.id, tenantId: r.tenant_id, topic: r.topic, payload: r.payload },
              { jobId: `ob-${r.tenant_id}-${r.id}-${n}` },
            );
      const history = async () =>
        (await request(p.app, 'GET', `/api/admin/pricing/variants/${v.variantId}/history`, opts)).body
          .items as { oldPrice: number; newPrice: number; source: string; status: string }[];
      await expect.poll(async () => (await history()).length, { timeout: 10_000 }).toBe(2);
      // Settle: the redelivered jobs add nothing.
      await new Promise((r) => setTimeout(r, 500));
      expect(await history()).toEqual([
        expect.objectContaining({ oldPrice: 1700, newPrice: 1850, source: 'import', status: 'applied' }),
        expect.objectContaining({ oldPrice: 1500, newPrice: 1700, source: 'manual', status: 'applied' }),
      ]);
    } finally {
      await worker.close();
    }
  });

  it('the queue job runs inside the tenant and is keyed by job id', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const v = await insertVariant(p.deps, s.tenant.id, { price: 1000, cost: 1000 });
    await withTenant(p.deps.db, s.tenant.id, (trx) =>
      trx
        .insertInto('pricing_settings')
        .values({ tenant_id: s.tenant.id, mode: 'apply', updated_at: new Date() })
        .execute(),
    );
    const worker = pricingProcessor.register(p.deps);
    try {
      const job = await p.deps.hub.queue('pricing').add('recalculate', { tenantId: s.tenant.id });
      await expect.poll(() => price(p, s.tenant.id, v.variantId), { timeout: 10_000 }).toBe(1100); // floor: cost + 10%
      const runs = await withTenant(p.deps.db, s.tenant.id, (trx) =>
        trx.selectFrom('job_runs').selectAll().where('tenant_id', '=', s.tenant.id).execute(),
      );
      expect(runs.map((r) => r.run_key)).toEqual([`pricing:job:${job.id}`]);
    } finally {
      await worker.close();
    }
  });

  it('promotions: CRUD and their effect in the preview', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const opts = { host: s.host, token: s.owner.token };
    const v = await insertVariant(p.deps, s.tenant.id, { price: 2000, cost: 100 });
    const created = await request(p.app, 'POST', '/api/admin/pricing/promotions', {
      ...opts,
      body: {
        name: 'Summer',
        kind: 'percentage',
        value: 2500,
        target: 'product',
        targetId: v.productId,
        startsAt: '2020-01-01T00:00:00Z',
      },
    });
    expect(created.status).toBe(201);
    const preview = await request(p.app, 'GET', '/api/admin/pricing/preview', opts);
    expect(preview.body.items[0]).toMatchObject({
      variantId: v.variantId,
      newPrice: 1500,
      listPrice: 2000,
      setBy: 'promotion',
    });
    const upd = await request(p.app, 'PATCH', `/api/admin/pricing/promotions/${created.body.id}`, {
      ...opts,
      body: { active: false },
    });
    expect(upd.body.active).toBe(false);
    // Date fields map to their columns (a PATCH with dates used to reach the database as camelCase).
    const dated = await request(p.app, 'PATCH', `/api/admin/pricing/promotions/${created.body.id}`, {
      ...opts,
      body: { startsAt: '2021-01-01T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' },
    });
    expect(dated.status).toBe(200);
    expect(dated.body).toMatchObject({
      startsAt: '2021-01-01T00:00:00.000Z',
      endsAt: '2030-01-01T00:00:00.000Z',
      active: false,
    });
    expect((await request(p.app, 'GET', '/api/admin/pricing/preview', opts)).body.items).toEqual([]);
    expect(
      (await request(p.app, 'DELETE', `/api/admin/pricing/promotions/${created.body.id}`, opts)).status,
    ).toBe(204);
    expect((await request(p.app, 'GET', '/api/admin/pricing/promotions', opts)).body.items).toEqual([]);
  });
});

describe('pricing admin API errors', () => {
  it('rejects invalid rules and promotions with the envelope, creating nothing', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const opts = { host: s.host, token: s.owner.token };
    const cases = [
      { path: '/api/admin/pricing/rules', body: { name: 'x', kind: 'cost_plus', params: { markupBp: -1 } } },
      {
        path: '/api/admin/pricing/rules',
        body: {
          name: 'x',
          kind: 'demand',
          params: { lowCoverDays: 50, highCoverDays: 10, stepBp: 100, minBp: 1, maxBp: 2 },
        },
      },
      {
        path: '/api/admin/pricing/rules',
        body: { name: 'x', kind: 'seasonal', params: { multiplierBp: 11000 } },
      },
      {
        path: '/api/admin/pricing/rules',
        body: {
          name: 'x',
          kind: 'cost_plus',
          params: { markupBp: 10 },
          categoryId: '00000000-0000-4000-8000-000000000000',
        },
      },
      {
        path: '/api/admin/pricing/rules',
        body: { name: 'x', kind: 'cost_plus', params: { markupBp: 10 }, extra: 1 },
      },
      {
        path: '/api/admin/pricing/promotions',
        body: {
          name: 'x',
          kind: 'percentage',
          value: 20000,
          target: 'all',
          startsAt: '2026-01-01T00:00:00Z',
        },
      },
      {
        path: '/api/admin/pricing/promotions',
        body: { name: 'x', kind: 'fixed', value: 100, target: 'product', startsAt: '2026-01-01T00:00:00Z' },
      },
    ];
    for (const c of cases) {
      const r = await request(p.app, 'POST', c.path, { ...opts, body: c.body });
      expect(r.status, JSON.stringify(c.body)).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
    }
    expect((await request(p.app, 'GET', '/api/admin/pricing/rules', opts)).body.items).toEqual([]);
    expect((await request(p.app, 'GET', '/api/admin/pricing/promotions', opts)).body.items).toEqual([]);
    const bad = await request(p.app, 'PATCH', '/api/admin/pricing/settings', {
      ...opts,
      body: { mode: 'yolo' },
    });
    expect(bad.status).toBe(400);
    const staff = await addMember(p.deps, s.tenant.id, 'staff');
    const forbidden = await request(p.app, 'POST', '/api/admin/pricing/apply', {
      host: s.host,
      token: staff.token,
      body: {},
    });
    expect(forbidden.status).toBe(403);
    expect((await request(p.app, 'GET', '/api/admin/pricing/variants/nope/history', opts)).status).toBe(404);
  });

  it('updates and deletes a rule', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const opts = { host: s.host, token: s.owner.token };
    const r = await request(p.app, 'POST', '/api/admin/pricing/rules', {
      ...opts,
      body: {
        name: 'Xmas',
        kind: 'seasonal',
        params: { multiplierBp: 11000 },
        startsAt: '2026-12-01T00:00:00Z',
        endsAt: '2026-12-27T00:00:00Z',
      },
    });
    expect(r.status).toBe(201);
    const u = await request(p.app, 'PATCH', `/api/admin/pricing/rules/${r.body.id}`, {
      ...opts,
      body: { params: { multiplierBp: 12000 } },
    });
    expect(u.body.params).toEqual({ multiplierBp: 12000 });
    const badRange = await request(p.app, 'PATCH', `/api/admin/pricing/rules/${r.body.id}`, {
      ...opts,
      body: { endsAt: '2026-11-01T00:00:00Z' },
    });
    expect(badRange.status).toBe(400);
    expect((await request(p.app, 'DELETE', `/api/admin/pricing/rules/${r.body.id}`, opts)).status).toBe(204);
    expect((await request(p.app, 'DELETE', `/api/admin/pricing/rules/${r.body.id}`, opts)).status).toBe(404);
  });
});
