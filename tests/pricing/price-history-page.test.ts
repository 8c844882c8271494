/**
 * The price history page (#12) in Chromium: a price edited in the product
 * editor reaches /admin/pricing/variants/:id through the catalog's
 * `catalog.prices_changed` event (pricing's listener), with its source named.
 * 1280 and 390 px, no overflow, no serious axe findings.
 */
import { describe, expect, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import { recordCatalogPriceChanges } from '../../src/modules/pricing/history.js';
import { checkPage, signIn } from '../browser/admin-ops-support.js';
import { keepShot } from '../promotion-rules/support.js';
import { useBrowserHarness } from '../support/browser.js';
import { createTestStore } from '../support/factories.js';
import { request } from '../support/platform.js';
import { insertVariant } from '../workers/fixtures/data.js';

const b = useBrowserHarness();

const keep = (name: string) => keepShot(b, name);

describe('price history page', () => {
  it('shows a product-editor price edit with its source', { timeout: 120_000 }, async () => {
    const store = await createTestStore(b.p.deps);
    const v = await insertVariant(b.p.deps, store.tenant.id, { price: 1500, cost: 500 });
    const edited = await request(b.p.app, 'PATCH', `/api/admin/products/${v.productId}`, {
      host: store.host,
      token: store.owner.token,
      body: { variants: [{ id: v.variantId, price: 1790 }] },
    });
    expect(edited.status).toBe(200);
    const row = await withPlatformAccess(b.p.deps.db, (trx) =>
      trx
        .selectFrom('outbox')
        .select(['id', 'payload'])
        .where('tenant_id', '=', store.tenant.id)
        .where('topic', '=', 'catalog.prices_changed')
        .executeTakeFirstOrThrow(),
    );
    // What the pricing queue's job does with the relayed event.
    const done = await recordCatalogPriceChanges(
      b.p.deps.db,
      store.tenant.id,
      row.id,
      row.payload as Parameters<typeof recordCatalogPriceChanges>[3],
      new Date(),
    );
    expect(done).toEqual({ recorded: 1 });

    const base = b.storeBase(store.tenant.handle);
    const page = await signIn(b, store);
    await page.goto(`${base}/admin/pricing/variants/${v.variantId}`);
    const table = (await page.textContent('main table')) ?? '';
    expect(table).toContain('Product editor');
    expect(table).toContain('manual edit');
    expect(table).toMatch(/15\.00[\s\S]*17\.90/);
    await checkPage(b, page, 'price-history-1280');
    keep('price-history-1280');
    const narrow = await signIn(b, store, { width: 390, height: 844 });
    await narrow.goto(`${base}/admin/pricing/variants/${v.variantId}`);
    await checkPage(b, narrow, 'price-history-390');
    keep('price-history-390');
  });
});
