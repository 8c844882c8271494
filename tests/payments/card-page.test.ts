/**
 * The storefront's card step: a pending card order's confirmation page carries
 * Stripe.js, the publishable key and the PaymentIntent's client secret (re-read
 * from Stripe); no card field is ever posted to us. Paid or manual orders show
 * no card form.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { processStripeEvent } from '../../src/flows/stripe-events.js';
import { createTestCustomer, createTestProduct, createTestStore } from '../support/factories.js';
import { deliverEvent, startFakeStripe } from '../support/fake-stripe.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

const fake = await startFakeStripe();
afterAll(() => fake.close());
const platform = testPlatform({ env: { ...fake.env, STRIPE_PUBLISHABLE_KEY: 'pk_test_storeloom' } });

async function send(
  p: TestPlatform,
  type: string,
  object: Record<string, unknown>,
  opts: { account?: string } = {},
) {
  const evt = fake.event(type, object, opts);
  expect((await deliverEvent(p.app, evt)).status).toBe(200);
  return processStripeEvent(p.deps, evt.id);
}

async function placeOrder(p: TestPlatform, connected: boolean) {
  const store = await createTestStore(p.deps);
  if (connected) {
    const connect = await request(p.app, 'POST', '/api/admin/payments/connect', {
      host: store.host,
      token: store.owner.token,
    });
    await send(p, 'account.updated', fake.enableAccount(connect.body.accountId), {
      account: connect.body.accountId,
    });
  }
  const shopper = await createTestCustomer(p.deps, store.tenant.id);
  const product = await createTestProduct(p.deps, store.tenant.id);
  const auth = { host: store.host, token: shopper.token };
  const cart = await request(p.app, 'POST', '/api/store/carts', auth);
  await request(p.app, 'POST', `/api/store/carts/${cart.body.id}/items`, {
    ...auth,
    body: { variantId: product.variants[0]!.id, quantity: 1 },
  });
  const res = await request(p.app, 'POST', `/api/store/carts/${cart.body.id}/checkout`, {
    ...auth,
    headers: { 'idempotency-key': `k-${cart.body.id}` },
    body: {
      email: shopper.email,
      shippingAddress: {
        name: 'Ada',
        line1: '1 Main St',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
    },
  });
  expect(res.status).toBe(201);
  const page = () =>
    request(p.app, 'GET', `/orders/${res.body.order.id}/confirmation`, {
      ...auth,
      headers: { accept: 'text/html' },
    });
  return { res, page };
}

describe('card payment on the order page', () => {
  it('shows Stripe.js with the client secret while the card order is pending, and not once paid', async () => {
    const p = await platform;
    const { res, page } = await placeOrder(p, true);
    expect(res.body.payment.provider).toBe('stripe');
    const pending = await page();
    expect(pending.status).toBe(200);
    expect(pending.text).toContain('https://js.stripe.com/v3/');
    expect(pending.text).toContain('data-publishable-key="pk_test_storeloom"');
    expect(pending.text).toContain(`data-client-secret="${res.body.payment.clientSecret}"`);
    expect(pending.text).not.toMatch(/name="(card|number|cvc)/i);

    const piId = String(res.body.payment.clientSecret).split('_secret_')[0]!;
    await send(p, 'payment_intent.succeeded', fake.succeedPaymentIntent(piId));
    const paid = await page();
    expect(paid.status).toBe(200);
    expect(paid.text).not.toContain('card-form');
  });

  it('shows no card form for a manual-payment order', async () => {
    const p = await platform;
    const { res, page } = await placeOrder(p, false);
    expect(res.body.payment.provider).toBe('manual');
    const html = await page();
    expect(html.status).toBe(200);
    expect(html.text).not.toContain('card-form');
  });
});
