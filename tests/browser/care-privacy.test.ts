/**
 * Headless Chromium over a real port: canned replies (list, add, edit, delete
 * behind the confirm step), the shopper's /account/privacy (download the
 * data, deletion refused without the confirmation box, then done) and the
 * merchant's "Privacy & data" card on the admin customer page (download,
 * erase). Database checked after each; screenshots at 1280 and 390 px
 * (copied to /tmp/care-w4/); no console errors, no horizontal overflow at
 * 390 px, no serious axe violations.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueCustomerToken } from '../../src/lib/auth/tokens.js';
import { withTenant } from '../../src/lib/db/index.js';
import { useBrowserHarness } from '../support/browser.js';
import { paidOrder } from '../support/care.js';
import { createTestStore, type TestStore } from '../support/factories.js';
import { careBrowser } from './care-support.js';

const SHOTS = '/tmp/care-w4';
// Shoppers register here; the per-IP sign-up limit (20 an hour, counted in the shared Redis for
// 127.0.0.1 across every test run on this machine) is not what these journeys test.
const b = useBrowserHarness({ env: { RATE_SIGNUPS_PER_IP: '100000' } });

let check: ReturnType<typeof careBrowser>['check'];
let merchant: ReturnType<typeof careBrowser>['merchant'];
let shopper: ReturnType<typeof careBrowser>['shopper'];
beforeAll(() => {
  // The forms sent with bad input answer 400 on purpose.
  ({ check, merchant, shopper } = careBrowser(b, {
    copyShotsTo: SHOTS,
    ignoreErrors: /status of 400 .*\/(admin\/canned-replies|account\/privacy\/delete)\)$/,
  }));
});

async function registeredShopper(store: TestStore) {
  const { page, email } = await shopper(store);
  const { id } = await withTenant(b.p.deps.db, store.tenant.id, (trx) =>
    trx.selectFrom('customers').select('id').where('email', '=', email).executeTakeFirstOrThrow(),
  );
  const token = (await issueCustomerToken(b.p.deps.keys, store.tenant.id, id, 900)).accessToken;
  const order = await paidOrder(b.p, store, { quantity: 1, customer: { id, email, token } });
  return { page, email, id, order };
}

const emailOf = (store: TestStore, id: string) =>
  withTenant(b.p.deps.db, store.tenant.id, (trx) =>
    sql<{ email: string }>`select email::text as email from customers where id = ${id}`.execute(trx),
  ).then((r) => r.rows[0]!.email);

describe('canned replies and privacy in a real browser', { timeout: 180_000 }, () => {
  it('the merchant adds, edits and deletes a canned reply', async () => {
    const store = await createTestStore(b.p.deps);
    const admin = await merchant(store);
    const base = b.storeBase(store.tenant.handle);
    await admin.goto(`${base}/admin/canned-replies`);
    await check(admin, 'canned-empty');
    await admin.click('main form button[type=submit]');
    // The browser's own required check stops an empty form; the server's message shows for a blank title.
    await admin.fill('#f-title', '   ');
    await admin.fill('#f-body', 'It ships in 2 days.');
    await admin.click('main form button[type=submit]');
    await expect(admin.textContent('#f-title-error')).resolves.toContain('title');
    await expect(admin.inputValue('#f-body')).resolves.toBe('It ships in 2 days.');
    await admin.fill('#f-title', 'Shipping');
    await Promise.all([admin.waitForURL(/notice=canned/), admin.click('main form button[type=submit]')]);
    await check(admin, 'canned-list');
    await Promise.all([admin.waitForURL(/canned-replies\/[0-9a-f-]{36}$/), admin.click('#canned a')]);
    await admin.fill('#f-body', 'It ships the next day.');
    await Promise.all([admin.waitForURL(/notice=canned/), admin.click('main form.care-form button')]);
    await admin.click('summary:has-text("Delete canned reply")');
    await check(admin, 'canned-edit-confirm');
    const rows = () =>
      withTenant(b.p.deps.db, store.tenant.id, (trx) =>
        sql<{ body: string }>`select body from canned_replies`.execute(trx),
      ).then((r) => r.rows.map((x) => x.body));
    expect(await rows()).toEqual(['It ships the next day.']);
    await Promise.all([admin.waitForURL(/notice=canned-deleted/), admin.click('button[data-confirm]')]);
    await expect(admin.textContent('main')).resolves.toContain('No canned replies yet');
    expect(await rows()).toEqual([]);
  });

  it('a shopper downloads their data and deletes their account from /account/privacy', async () => {
    const store = await createTestStore(b.p.deps);
    const { page, email, id, order } = await registeredShopper(store);
    const base = b.storeBase(store.tenant.handle);
    await page.goto(`${base}/account/privacy`);
    await check(page, 'privacy');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#privacy-export')]);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data.profile).toMatchObject({ id, email, name: 'Ada Lovelace' });
    expect(data.orders.map((o: { number: number }) => o.number)).toEqual([order.number]);
    // Without the confirmation box: a message next to it, nothing erased.
    await page.click('#privacy-delete');
    await expect(page.textContent('#privacy-confirm-error')).resolves.toContain('Tick the box');
    await check(page, 'privacy-error');
    expect(await emailOf(store, id)).toBe(email);
    await page.check('#privacy-confirm');
    await Promise.all([page.waitForURL(/deleted=1/), page.click('#privacy-delete')]);
    await expect(page.textContent('#privacy-deleted')).resolves.toContain('confirmation e-mail');
    await check(page, 'privacy-deleted');
    expect(await emailOf(store, id)).toBe(`erased-${id}@erased.invalid`);
    // Signed out: the account page asks to sign in again.
    await page.goto(`${base}/account`);
    expect(page.url()).toContain('/account/login');
  });

  it('the merchant downloads and erases a customer’s data from the customer page', async () => {
    const store = await createTestStore(b.p.deps);
    const { id, email } = await registeredShopper(store);
    const admin = await merchant(store);
    await admin.goto(`${b.storeBase(store.tenant.handle)}/admin/customers/${id}`);
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.click('a:has-text("Download data")'),
    ]);
    expect(JSON.parse(readFileSync((await download.path())!, 'utf8')).profile.email).toBe(email);
    await check(admin, 'admin-customer-privacy');
    await admin.click('summary:has-text("Erase customer data")');
    await check(admin, 'admin-customer-confirm');
    await Promise.all([admin.waitForURL(/notice=erased/), admin.click('button[data-confirm]')]);
    await expect(admin.textContent('#privacy')).resolves.toContain('Data erased');
    await check(admin, 'admin-customer-erased');
    expect(await emailOf(store, id)).toBe(`erased-${id}@erased.invalid`);
  });
});
