/**
 * `npm run stripe:setup` against the fake Stripe server: the first run
 * creates one product and monthly price per purchasable plan and the two
 * webhook endpoints; a second run finds them all (no duplicates); a changed
 * plan price makes a new price that takes over the lookup key. Then, with
 * the printed environment, a new store goes from signup to an active
 * subscription — the time is printed (a figure, not an assert).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { processStripeEvent, STRIPE_EVENT_HANDLERS } from '../../src/flows/stripe-events.js';
import { withTenant } from '../../src/lib/db/index.js';
import { stripeFor } from '../../src/lib/stripe.js';
import { purchasablePlans, runStripeSetup, setupStripe } from '../../src/modules/billing/stripe-setup.js';
import { signupBody } from '../signup/helpers.js';
import { deliverEvent, startFakeStripe } from '../support/fake-stripe.js';
import { request, storeHost, testPlatform } from '../support/platform.js';

const fake = await startFakeStripe();
afterAll(() => fake.close());
const EVENTS = Object.keys(STRIPE_EVENT_HANDLERS);
const { STRIPE_PRICE_STARTER: _s, STRIPE_PRICE_GROWTH: _g, STRIPE_PRICE_PRO: _p, ...keyOnly } = fake.env;

describe('stripe:setup', () => {
  it('creates products, prices and both webhook endpoints once; a second run finds them', async () => {
    const p = await testPlatform({ env: { ...keyOnly, PUBLIC_URL: 'https://storeloom.example' } });
    const first = await runStripeSetup(p.deps, EVENTS);
    expect(first.actions.filter((a) => a.startsWith('created product'))).toHaveLength(3);
    expect(first.actions.filter((a) => a.startsWith('created price'))).toHaveLength(3);
    expect(first.actions.filter((a) => a.includes('webhook endpoint'))).toEqual([
      expect.stringMatching(/^created platform webhook endpoint we_/),
      expect.stringMatching(/^created connected-account webhook endpoint we_/),
    ]);
    expect(Object.keys(first.env).sort()).toEqual([
      'STRIPE_PRICE_GROWTH',
      'STRIPE_PRICE_PRO',
      'STRIPE_PRICE_STARTER',
      'STRIPE_WEBHOOK_SECRET',
    ]);
    expect(first.env.STRIPE_WEBHOOK_SECRET!.split(',')).toHaveLength(2);
    const prices = [...fake.catalog.prices.values()];
    expect(
      prices.map((x) => [x.lookup_key, x.unit_amount, (x.recurring as { interval: string }).interval]).sort(),
    ).toEqual([
      ['storeloom_growth', 7900, 'month'],
      ['storeloom_pro', 29900, 'month'],
      ['storeloom_starter', 2900, 'month'],
    ]);
    const endpoints = [...fake.catalog.webhookEndpoints.values()];
    expect(endpoints.map((e) => e.url)).toEqual([
      'https://storeloom.example/webhooks/stripe',
      'https://storeloom.example/webhooks/stripe',
    ]);
    // Every handled event is subscribed, each on exactly one of the two endpoints.
    expect(endpoints.flatMap((e) => e.enabled_events as string[]).sort()).toEqual([...EVENTS].sort());
    expect(endpoints.find((e) => e.connect)!.enabled_events).toEqual(['account.updated', 'payout.paid']);

    const second = await runStripeSetup(p.deps, EVENTS);
    expect(second.actions.every((a) => a.startsWith('found'))).toBe(true);
    expect(second.actions).toHaveLength(8);
    expect(second.env).toEqual({
      STRIPE_PRICE_STARTER: first.env.STRIPE_PRICE_STARTER,
      STRIPE_PRICE_GROWTH: first.env.STRIPE_PRICE_GROWTH,
      STRIPE_PRICE_PRO: first.env.STRIPE_PRICE_PRO,
    });
    expect(fake.catalog.products.size).toBe(3);
    expect(fake.catalog.prices.size).toBe(3);
    expect(fake.catalog.webhookEndpoints.size).toBe(2);

    // A plan's price changed in the plans table: a new price takes the lookup key, the old one keeps none.
    const plans = (await purchasablePlans(p.deps.db)).map((x) =>
      x.id === 'pro' ? { ...x, monthlyPrice: 34900 } : x,
    );
    const third = await setupStripe(stripeFor(p.deps.config)!, {
      plans,
      webhookUrl: 'https://storeloom.example/webhooks/stripe',
      events: EVENTS,
    });
    expect(third.actions.filter((a) => a.startsWith('created'))).toEqual([
      expect.stringMatching(/^created price price_\w+ \(storeloom_pro, 34900 usd\/month\)$/),
    ]);
    expect(third.env.STRIPE_PRICE_PRO).not.toBe(first.env.STRIPE_PRICE_PRO);
    expect(fake.catalog.prices.get(first.env.STRIPE_PRICE_PRO!)!.lookup_key).toBeNull();
    expect(fake.catalog.products.size).toBe(3);
  });

  it('with the printed environment a new store reaches an active subscription (timed)', async () => {
    const setupStarted = performance.now();
    const boot = await testPlatform({ env: { ...keyOnly, PUBLIC_URL: 'https://storeloom-timed.example' } });
    const printed = await runStripeSetup(boot.deps, EVENTS);
    const setupMs = performance.now() - setupStarted;
    // The two endpoints' secrets: sign with the platform endpoint's, as Stripe would.
    const p = await testPlatform({ env: { ...keyOnly, ...printed.env } });
    const platformSecret = printed.env.STRIPE_WEBHOOK_SECRET!.split(',')[0]!;

    const started = performance.now();
    const body = signupBody();
    const signed = await request(p.app, 'POST', '/api/signup', { body });
    expect(signed.status).toBe(201);
    const tenantId = signed.body.store.id as string;
    const token = signed.body.accessToken as string;
    const checkout = await request(p.app, 'POST', '/api/admin/billing/checkout', {
      host: storeHost(body.handle),
      token,
      body: { plan: 'growth' },
    });
    expect(checkout.status).toBe(200);
    const session = [...fake.state.checkoutSessions.values()].find(
      (s) => s.client_reference_id === tenantId,
    )!;
    expect((session.line_items_input as { price: string }[])[0]!.price).toBe(printed.env.STRIPE_PRICE_GROWTH);
    const sub = fake.upsertSubscription({
      customer: session.customer as string,
      price: printed.env.STRIPE_PRICE_GROWTH!,
      status: 'active',
      tenantId,
    });
    const evt = fake.event(
      'checkout.session.completed',
      { ...session, subscription: sub.id, status: 'complete' },
      { secret: platformSecret },
    );
    expect((await deliverEvent(p.app, evt)).status).toBe(200);
    expect((await processStripeEvent(p.deps, evt.id))?.outcome).toBe('applied:active');
    const ms = performance.now() - started;
    const row = await withTenant(p.deps.db, tenantId, (trx) =>
      trx
        .selectFrom('subscriptions')
        .select(['status', 'plan'])
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ status: 'active', plan: 'growth' });
    process.stdout.write(
      `stripe:setup against the fake: ${setupMs.toFixed(0)} ms (boot + setup); signup → active subscription: ${ms.toFixed(0)} ms\n`,
    );
  });
});
