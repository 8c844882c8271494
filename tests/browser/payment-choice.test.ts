/**
 * The payment choice in Chromium: a store with Stripe connected and manual
 * payment on shows "Card" / "Bank transfer" at checkout (1280 and 390 px, no
 * sideways scroll, no serious axe findings); choosing the transfer places a
 * manual order whose page shows the instructions and no card form.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processStripeEvent } from '../../src/flows/stripe-events.js';
import { withTenant } from '../../src/lib/db/index.js';
import { updateManualSettings } from '../../src/modules/payment-settings/service.js';
import { type Shop, seedShop } from '../storefront/fixture.js';
import {
  axeSerious,
  type BrowserHarness,
  horizontalOverflow,
  startBrowserHarness,
} from '../support/browser.js';
import { deliverEvent, type FakeStripe, startFakeStripe } from '../support/fake-stripe.js';
import { request } from '../support/platform.js';

const SHOTS = '/tmp/storefront-w4';
let fake: FakeStripe;
let b: BrowserHarness;
let shop: Shop;
let base: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  fake = await startFakeStripe();
  b = await startBrowserHarness({ env: { ...fake.env, STRIPE_PUBLISHABLE_KEY: 'pk_test_storeloom' } });
  shop = await seedShop(b.p.deps);
  const connect = await request(b.p.app, 'POST', '/api/admin/payments/connect', {
    host: shop.store.host,
    token: shop.store.owner.token,
  });
  const evt = fake.event('account.updated', fake.enableAccount(connect.body.accountId), {
    account: connect.body.accountId,
  });
  expect((await deliverEvent(b.p.app, evt)).status).toBe(200);
  await processStripeEvent(b.p.deps, evt.id);
  await updateManualSettings(
    b.p.deps.db,
    shop.store.tenant.id,
    { manual: { enabled: true, instructions: 'Transfer to IBAN DE00 1234 5678.', holdDays: 7 } },
    new Date(),
  );
  base = b.storeBase(shop.store.tenant.handle);
}, 60_000);

afterAll(async () => {
  await b?.close();
  await fake?.close();
});

describe('payment choice in a browser', () => {
  it('offers card or transfer and places the order the shopper chose', async () => {
    const page = await b.page();
    await page.goto(`${base}/products/${shop.mug.handle}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(/\/cart/);
    await page.goto(`${base}/checkout`);
    expect(await page.getByLabel('Card').isChecked()).toBe(true);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await axeSerious(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/payment-choice-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel('E-mail').fill('pat@example.test');
    await page.getByLabel('Full name').fill('Pat Payer');
    await page.getByLabel('Address', { exact: true }).fill('5 Market St');
    await page.getByLabel('Town or city').fill('Boston');
    await page.getByLabel('State').selectOption('MA');
    await page.getByLabel('ZIP code').fill('02108');
    await page.locator('#pay-manual').check();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}\/confirmation/);
    expect(await page.locator('main').textContent()).toContain('Transfer to IBAN DE00 1234 5678.');
    expect(await page.locator('script[src="https://js.stripe.com/v3/"]').count()).toBe(0);
    const orderId = /\/orders\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
    const row = await withTenant(b.p.deps.db, shop.store.tenant.id, (trx) =>
      trx.selectFrom('orders').select('payment_provider').where('id', '=', orderId).executeTakeFirstOrThrow(),
    );
    expect(row.payment_provider).toBe('manual');
  });
});
