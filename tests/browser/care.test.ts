/**
 * Customer care in headless Chromium over a real port (tests/support/browser.ts):
 *  1. a shopper writes a review (store holds reviews), the merchant publishes
 *     it in /admin/reviews, the shopper sees it on the product page;
 *  2. a guest opens a ticket on /contact, confirms by the e-mailed link, the
 *     merchant replies in /admin/tickets, the shopper answers from the e-mailed
 *     link without signing in;
 *  3. a return from the order page to the refund with restock.
 * Database checked after each; screenshots at 1280 and 390 px; no console
 * errors, no horizontal overflow at 390 px, no serious axe violations.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueCustomerToken } from '../../src/lib/auth/tokens.js';
import { withTenant } from '../../src/lib/db/index.js';
import { DEFAULT_CARE_SETTINGS, updateCareSettings } from '../../src/modules/care-settings/service.js';
import { variantLevels } from '../checkout/support.js';
import { horizontalOverflow, useBrowserHarness } from '../support/browser.js';
import { paidOrder } from '../support/care.js';
import { createTestProduct, createTestStore, type TestStore } from '../support/factories.js';
import { careBrowser } from './care-support.js';

// Shoppers register here; the per-IP sign-up limit (20 an hour, counted in the shared Redis for
// 127.0.0.1 across every test run on this machine) is not what these journeys test.
const b = useBrowserHarness({ env: { RATE_SIGNUPS_PER_IP: '100000' } });

let errorsOf: ReturnType<typeof careBrowser>['errorsOf'];
let check: ReturnType<typeof careBrowser>['check'];
let merchant: ReturnType<typeof careBrowser>['merchant'];
let shopper: ReturnType<typeof careBrowser>['shopper'];
beforeAll(() => {
  ({ errorsOf, check, merchant, shopper } = careBrowser(b));
});

async function lastMail(store: TestStore, to: string): Promise<string> {
  const rows = await withTenant(b.p.deps.db, store.tenant.id, (trx) =>
    trx
      .selectFrom('outbox')
      .select('payload')
      .where('tenant_id', '=', store.tenant.id)
      .where('topic', '=', 'email.send')
      .orderBy('id', 'desc')
      .execute(),
  );
  const mail = rows.map((r) => r.payload as { to: string; text: string }).find((m) => m.to === to);
  return /(https?:\/\/\S+token=\S+)/.exec(mail!.text)![1]!;
}

describe('customer care in a real browser', { timeout: 180_000 }, () => {
  it('a shopper writes a review and sees it after the merchant approves it', async () => {
    const store = await createTestStore(b.p.deps);
    await updateCareSettings(b.p.deps.db, store.tenant.id, {
      ...DEFAULT_CARE_SETTINGS,
      reviewModeration: 'hold',
    });
    const product = await createTestProduct(b.p.deps, store.tenant.id, { title: 'Linen Shirt' });
    const { page } = await shopper(store);
    const url = `${b.storeBase(store.tenant.handle)}/products/${product.handle}`;
    await page.goto(url);
    await page.check('input[name=rating][value="4"]');
    await page.fill('#review-title', 'Soft <b>and</b> cool');
    await page.fill('#review-body', 'Wore it all summer. <script>x</script>');
    await Promise.all([
      page.waitForURL(/notice=review_pending/),
      page.click('#write-review button[type=submit]'),
    ]);
    await expect(page.textContent('#reviews')).resolves.toContain('once the store has approved it');
    await check(page, 'review-pending');

    const admin = await merchant(store);
    await admin.goto(`${b.storeBase(store.tenant.handle)}/admin/reviews?status=pending`);
    await check(admin, 'admin-reviews');
    await Promise.all([
      admin.waitForURL(/notice=published/),
      admin.click('.review-card button:has-text("Publish")'),
    ]);

    await page.goto(url);
    const section = (await page.textContent('#reviews')) ?? '';
    expect(section).toContain('Soft <b>and</b> cool');
    expect(section).toContain('Ada L.');
    expect(await page.textContent('#review-count')).toContain('1 review');
    await check(page, 'product-reviews');
    const reviews = await withTenant(b.p.deps.db, store.tenant.id, (trx) =>
      sql<{ status: string; rating: number }>`select status, rating from reviews`.execute(trx),
    );
    expect(reviews.rows).toEqual([{ status: 'published', rating: 4 }]);
  });

  it('a guest opens a ticket, the merchant replies, the shopper answers from the e-mail link', async () => {
    const store = await createTestStore(b.p.deps);
    const guest = await b.page();
    const base = b.storeBase(store.tenant.handle);
    await guest.goto(`${base}/contact`);
    await check(guest, 'contact');
    await guest.fill('#email', 'guest@example.test');
    await guest.fill('#subject', 'Gift wrapping?');
    await guest.fill('#message', 'Can you wrap my order as a gift?');
    await guest.click('main button[type=submit]');
    await expect(guest.textContent('#ticket-sent')).resolves.toContain('confirm your e-mail');
    await guest.goto(await lastMail(store, 'guest@example.test'));
    await expect(guest.textContent('main')).resolves.toContain('your e-mail is confirmed');

    const admin = await merchant(store);
    await admin.goto(`${base}/admin/tickets`);
    await check(admin, 'admin-tickets');
    await Promise.all([admin.waitForURL(/\/admin\/tickets\/[0-9a-f-]{36}$/), admin.click('#tickets a')]);
    await admin.fill('#body', 'Of course — free of charge.');
    await Promise.all([admin.waitForURL(/notice=replied/), admin.click('form[action$="/messages"] button')]);
    await check(admin, 'admin-ticket');

    const fresh = await b.page({ width: 390, height: 844 });
    await fresh.goto(await lastMail(store, 'guest@example.test'));
    await expect(fresh.textContent('.thread')).resolves.toContain('free of charge');
    await fresh.fill('#body', 'Thank you!');
    await fresh.click('main form button[type=submit]');
    await expect(fresh.textContent('.thread')).resolves.toContain('Thank you!');
    expect(await horizontalOverflow(fresh)).toBe(0);
    await b.shot(fresh, 'ticket-from-link-390');
    expect(errorsOf(fresh)).toEqual([]);
    const messages = await withTenant(b.p.deps.db, store.tenant.id, (trx) =>
      sql<{ kind: string }>`select kind from ticket_messages order by id`.execute(trx),
    );
    expect(messages.rows.map((m) => m.kind)).toEqual(['customer', 'staff', 'customer']);
  });

  it('a return goes from the order page to a refund with restock', async () => {
    const store = await createTestStore(b.p.deps);
    const { page, email } = await shopper(store);
    const customer = await withTenant(b.p.deps.db, store.tenant.id, (trx) =>
      trx.selectFrom('customers').select('id').where('email', '=', email).executeTakeFirstOrThrow(),
    );
    const token = (await issueCustomerToken(b.p.deps.keys, store.tenant.id, customer.id, 900)).accessToken;
    const o = await paidOrder(b.p, store, {
      quantity: 3,
      price: 2500,
      stock: 10,
      customer: { id: customer.id, email, token },
    });
    const base = b.storeBase(store.tenant.handle);
    await page.goto(`${base}/orders/${o.orderId}/confirmation`);
    await Promise.all([page.waitForURL(/\/returns$/), page.click('a:has-text("Return items")')]);
    await page.selectOption('#qty0', '2');
    await page.selectOption('#reason0', 'too_small');
    await check(page, 'return-form');
    await Promise.all([page.waitForURL(/confirmation/), page.click('main form button[type=submit]')]);
    await expect(page.textContent('#order-returns')).resolves.toContain('Requested');

    const before = await variantLevels(b.p, store.tenant.id, o.variantId);
    const admin = await merchant(store);
    await admin.goto(`${base}/admin/returns`);
    await check(admin, 'admin-returns');
    await Promise.all([admin.waitForURL(/notice=approved/), admin.click('button:has-text("Approve")')]);
    await Promise.all([admin.waitForURL(/notice=received/), admin.click('button:has-text("Mark received")')]);
    await Promise.all([admin.waitForURL(/notice=refunded/), admin.click('button:has-text("Refund")')]);
    const after = await variantLevels(b.p, store.tenant.id, o.variantId);
    expect(after.stock - before.stock).toBe(2);
    const order = await withTenant(b.p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('orders')
        .select(['refunded_total', 'status'])
        .where('id', '=', o.orderId)
        .executeTakeFirstOrThrow(),
    );
    expect(order).toEqual({ refunded_total: 5000, status: 'partially_refunded' });
    await page.reload();
    await expect(page.textContent('#order-returns')).resolves.toContain('Refunded');
    await check(page, 'order-after-refund');
  });
});
