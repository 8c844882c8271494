/**
 * Supplier default terms (lead time, MOQ, pack size) edited on the supplier's
 * admin page are saved and shown back, and the plan uses them. Regression:
 * the edit form saved the name and email but the terms came back unchanged.
 */
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { csrfFrom, getPage, pageLogin, postForm } from '../auth/page-helpers.js';
import { createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';
import { insertSales, insertVariant } from '../workers/fixtures/data.js';

describe('supplier default terms', () => {
  it('are saved from the supplier page and kept when the form is wrong', async () => {
    const p = await testPlatform();
    const s = await createTestStore(p.deps);
    const opts = { host: s.host, token: s.owner.token };
    const sup = await request(p.app, 'POST', '/api/admin/restock/suppliers', {
      ...opts,
      body: { name: 'Acme', leadTimeDays: 7, moq: 1, packSize: 1 },
    });
    // A selling variant linked without its own terms: the plan takes the supplier's defaults.
    const v = await insertVariant(p.deps, s.tenant.id, { stock: 10, threshold: 3 });
    await insertSales(
      p.deps,
      s.tenant.id,
      v,
      Array.from({ length: 30 }, (_, i) => ({ daysAgo: i + 1, quantity: 5 })),
    );
    const link = await request(p.app, 'PUT', `/api/admin/restock/variants/${v.variantId}/supplier`, {
      ...opts,
      body: { supplierId: sup.body.id, unitCost: 700 },
    });
    expect(link.status).toBe(200);
    const { cookie } = await pageLogin(p.app, s.host, '/admin/login', s.owner.email, s.owner.password);
    const path = `/admin/restock/suppliers/${sup.body.id}`;
    const csrf = csrfFrom((await getPage(p.app, s.host, path, cookie)).text);
    const form = {
      _csrf: csrf,
      name: 'Acme Supply',
      email: '',
      leadTimeDays: '21',
      moq: '40',
      packSize: '12',
    };
    const saved = await postForm(p.app, s.host, path, form, { cookie });
    expect(saved.status).toBe(303);
    const row = await withTenant(p.deps.db, s.tenant.id, (trx) =>
      trx.selectFrom('suppliers').selectAll().where('id', '=', sup.body.id).executeTakeFirstOrThrow(),
    );
    expect(row).toMatchObject({ name: 'Acme Supply', lead_time_days: 21, moq: 40, pack_size: 12 });
    const page = await getPage(p.app, s.host, path, cookie);
    expect(page.text).toMatch(/name="leadTimeDays"[^>]*value="21"|value="21"[^>]*name="leadTimeDays"/);
    const plan = await request(p.app, 'GET', '/api/admin/restock/plan', opts);
    const item = plan.body.items.find((i: { variantId: string }) => i.variantId === v.variantId);
    expect(item.explanation).toContain('MOQ 40, packs of 12');
    expect(item.orderQuantity % 12).toBe(0);
    const bad = await postForm(p.app, s.host, path, { ...form, moq: '0', leadTimeDays: '5' }, { cookie });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('between 1 and 1000000');
    const after = await request(p.app, 'GET', '/api/admin/restock/suppliers', opts);
    expect(after.body.items[0]).toMatchObject({ leadTimeDays: 21, moq: 40, packSize: 12 });
  });
});
