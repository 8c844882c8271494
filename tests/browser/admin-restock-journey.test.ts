/**
 * Journey (issue #12): draft, send and receive a purchase order in Chromium —
 * add a supplier (a field error first), link the variant by SKU, draft from
 * the plan, send (email to the supplier in the outbox), receive part, then
 * the rest (stock through the inventory ledger). Screens at 1280 and 390 px.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { useBrowserHarness } from '../support/browser.js';
import { createTestProduct, createTestStore } from '../support/factories.js';
import { checkPage, signIn } from './admin-ops-support.js';

const b = useBrowserHarness();

const DAY = 86_400_000;

describe('purchase order journey', () => {
  it('supplier → link → draft → send → receive part → receive rest', async () => {
    const store = await createTestStore(b.p.deps);
    const t = store.tenant.id;
    const base = b.storeBase(store.tenant.handle);
    const product = await createTestProduct(b.p.deps, t, {
      title: 'Stoneware bowl',
      variants: [{ sku: 'BOWL-1', price: 2400, stock: 2, lowStockThreshold: 5 }],
    });
    const variantId = product.variants[0]!.id;
    // 120 days of imported sales at 3 a day, the variant as old as that history.
    await withTenant(b.p.deps.db, t, async (trx) => {
      await trx
        .updateTable('variants')
        .set({ created_at: new Date(Date.now() - 130 * DAY) } as never)
        .where('tenant_id', '=', t)
        .execute();
      await sql`
        insert into restock_sales_history (tenant_id, sku, day, quantity)
        select ${t}::uuid, 'BOWL-1', current_date - g, 3 from generate_series(1, 120) g`.execute(trx);
    });

    const page = await signIn(b, store);
    await page.goto(`${base}/admin/restock`);
    expect(await page.textContent('#plan')).toContain('no supplier linked');
    await page.click('text=Add supplier');
    await page.fill('#f-name', 'Kiln & Co');
    await page.fill('#f-email', 'not-an-email');
    await page.click('text=Save supplier');
    expect(await page.textContent('#f-email-error')).toContain('email address');
    expect(await page.inputValue('#f-name')).toBe('Kiln & Co');
    await page.fill('#f-email', 'orders@kiln.example');
    await page.fill('#f-leadTimeDays', '10');
    await Promise.all([page.waitForURL(/notice=saved/), page.click('text=Save supplier')]);
    await page.fill('#l-sku', 'BOWL-1');
    await page.fill('#l-unitCost', '9.50');
    await page.fill('#l-packSize', '6');
    await Promise.all([page.waitForURL(/notice=linked/), page.click('text=Link variant')]);
    await checkPage(b, page, 'supplier-1280', { expect400: true });

    await page.goto(`${base}/admin/restock`);
    await checkPage(b, page, 'restock-1280', { expect400: true });
    await Promise.all([page.waitForURL(/notice=drafts_created/), page.click('text=Draft purchase orders')]);
    await page.click('#purchase-orders a:has-text("Kiln & Co")');
    await page.waitForURL(/purchase-orders\//);
    const poId = page.url().split('/').pop()!.split('?')[0]!;
    const qty = Number(await page.inputValue('#f-q0'));
    expect(qty).toBeGreaterThan(0);
    expect(qty % 6).toBe(0);
    await checkPage(b, page, 'po-draft-1280', { expect400: true });
    await Promise.all([page.waitForURL(/notice=sent/), page.click('text=Send to orders@kiln.example')]);
    await page.fill('#f-q0', '6');
    await Promise.all([page.waitForURL(/notice=received/), page.click('button:has-text("Receive stock")')]);
    expect(await page.textContent('main')).toContain('Partly received');
    const narrow = await signIn(b, store, { width: 390, height: 844 });
    await narrow.goto(`${base}/admin/restock/purchase-orders/${poId}`);
    await checkPage(b, narrow, 'po-ordered-390');
    await narrow.goto(`${base}/admin/restock`);
    await checkPage(b, narrow, 'restock-390');
    await page.fill('#f-q0', String(qty));
    await page.click('button:has-text("Receive stock")');
    expect(await page.textContent('main')).toContain(`Only ${qty - 6} of BOWL-1 are outstanding`);
    await page.fill('#f-q0', String(qty - 6));
    await Promise.all([page.waitForURL(/notice=received/), page.click('button:has-text("Receive stock")')]);
    expect(await page.textContent('main')).toContain('Received');

    const db = await withTenant(b.p.deps.db, t, async (trx) => ({
      stock: (
        await trx
          .selectFrom('variants')
          .select('stock')
          .where('tenant_id', '=', t)
          .where('id', '=', variantId)
          .executeTakeFirstOrThrow()
      ).stock,
      ledger: await trx
        .selectFrom('inventory_adjustments')
        .select(['delta', 'reference'])
        .where('tenant_id', '=', t)
        .where('reason', '=', 'purchase_order')
        .orderBy('id')
        .execute(),
      mail: await trx
        .selectFrom('outbox')
        .select('payload')
        .where('tenant_id', '=', t)
        .where('topic', '=', 'email.send')
        .execute(),
      po: await trx
        .selectFrom('purchase_orders')
        .select(['status', 'sent_to'])
        .where('tenant_id', '=', t)
        .where('id', '=', poId)
        .executeTakeFirstOrThrow(),
    }));
    expect(db.stock).toBe(2 + qty);
    expect(db.ledger).toEqual([
      { delta: 6, reference: `purchase_order:${poId}` },
      { delta: qty - 6, reference: `purchase_order:${poId}` },
    ]);
    expect(db.po).toEqual({ status: 'received', sent_to: 'orders@kiln.example' });
    const toSupplier = db.mail.filter((m) => m.payload.to === 'orders@kiln.example');
    expect(toSupplier).toHaveLength(1);
    expect(String(toSupplier[0]!.payload.text)).toContain(`BOWL-1: ${qty} ×`);
  }, 300_000);
});
