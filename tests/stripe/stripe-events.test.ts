/**
 * POST /webhooks/stripe: signature verification (raw body, 300 s tolerance),
 * validation of the event shape, deduplication under the event-id key (5
 * sequential and 50 concurrent deliveries → one stored event, one outbox row,
 * one effect), unhandled types acknowledged and ignored.
 */
import { QueueEvents } from 'bullmq';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { processStripeEvent } from '../../src/flows/stripe-events.js';
import { PLATFORM_TENANT_ID, withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { createQueueHub } from '../../src/lib/queue.js';
import { pruneStripeEvents } from '../../src/modules/stripe-events/process.js';
import { STRIPE_EVENTS_QUEUE, stripeEventsProcessor } from '../../workers/processors/stripe-events.js';
import { createTestStore } from '../support/factories.js';
import { deliverEvent, FAKE_WEBHOOK_SECRET, startFakeStripe } from '../support/fake-stripe.js';
import { testPlatform } from '../support/platform.js';

const fake = await startFakeStripe();
afterAll(() => fake.close());
const platform = testPlatform({ env: fake.env });
const webhookOnly = testPlatform({ env: { STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET } });

async function storedEvent(id: string) {
  const p = await platform;
  return withPlatformAccess(p.deps.db, async (trx) => ({
    events: await trx.selectFrom('stripe_events').selectAll().where('id', '=', id).execute(),
    outbox: await trx
      .selectFrom('outbox')
      .select(['topic', 'payload'])
      .where('tenant_id', '=', PLATFORM_TENANT_ID)
      .where('dedupe_key', '=', `stripe-event:${id}`)
      .execute(),
  }));
}

/** A store with a Stripe account whose account.updated events we can count effects of. */
async function storeWithAccount() {
  const p = await platform;
  const store = await createTestStore(p.deps);
  const acct = fake.state.accounts.size;
  const accountId = `acct_test${acct}${Date.now()}`;
  fake.state.accounts.set(accountId, {
    id: accountId,
    object: 'account',
    charges_enabled: false,
    payouts_enabled: false,
    details_submitted: false,
    requirements: { disabled_reason: null },
    metadata: { tenant_id: store.tenant.id },
  });
  await withTenant(p.deps.db, store.tenant.id, (trx) =>
    trx
      .insertInto('connected_accounts')
      .values({ tenant_id: store.tenant.id, account_id: accountId, updated_at: new Date() })
      .execute(),
  );
  return { store, accountId };
}

describe('webhook signature', () => {
  it('accepts a correctly signed event and stores it with an outbox row for the worker', async () => {
    const p = await platform;
    const evt = fake.event('customer.created', { id: 'cus_x', object: 'customer' });
    const res = await deliverEvent(p.app, evt);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    const s = await storedEvent(evt.id);
    expect(s.events).toHaveLength(1);
    expect(s.events[0]!.type).toBe('customer.created');
    expect(s.outbox).toHaveLength(1);
    expect(s.outbox[0]!.topic).toBe('stripe.event');
  });

  it('rejects a bad signature with 400 invalid_signature and stores nothing', async () => {
    const p = await platform;
    const evt = fake.event(
      'invoice.paid',
      { id: 'in_x', object: 'invoice' },
      { secret: 'whsec_wrong_secret' },
    );
    const res = await deliverEvent(p.app, evt);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('invalid_signature');
    expect((await storedEvent(evt.id)).events).toHaveLength(0);
  });

  it('rejects a body changed after signing', async () => {
    const p = await platform;
    const evt = fake.event('invoice.paid', { id: 'in_y', object: 'invoice', amount_paid: 100 });
    const tampered = { ...evt, body: evt.body.replace('"amount_paid":100', '"amount_paid":999') };
    const res = await deliverEvent(p.app, tampered);
    expect(res.status).toBe(400);
    expect((await storedEvent(evt.id)).events).toHaveLength(0);
  });

  it('rejects a missing signature header', async () => {
    const p = await platform;
    const evt = fake.event('invoice.paid', { id: 'in_z', object: 'invoice' });
    const res = await deliverEvent(p.app, { body: evt.body, signature: '' });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('invalid_signature');
  });

  it('rejects a timestamp older than 300 seconds (replay) and accepts one 299 s old', async () => {
    const p = await platform;
    const now = Math.floor(Date.now() / 1000);
    const old = fake.event('invoice.paid', { id: 'in_old', object: 'invoice' }, { timestamp: now - 301 });
    const res = await deliverEvent(p.app, old);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('invalid_signature');
    expect((await storedEvent(old.id)).events).toHaveLength(0);
    const recent = fake.event(
      'customer.created',
      { id: 'cus_recent', object: 'customer' },
      { timestamp: now - 299 },
    );
    expect((await deliverEvent(p.app, recent)).status).toBe(200);
  });

  it('answers 400 to a correctly signed body that is not a Stripe event', async () => {
    const p = await platform;
    for (const body of [
      '{"hello":"world"}',
      'not json at all',
      '{"id":"evt_1","object":"event","type":"x"}',
    ]) {
      const res = await deliverEvent(p.app, { body, signature: fake.sign(body) });
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('validation_failed');
    }
  });

  it('is only on the apex host', async () => {
    const p = await platform;
    const store = await createTestStore(p.deps);
    const evt = fake.event('customer.created', { id: 'cus_apex', object: 'customer' });
    const res = await p.app.request('http://x/webhooks/stripe', {
      method: 'POST',
      headers: { host: store.host, 'stripe-signature': evt.signature },
      body: evt.body,
    });
    expect(res.status).toBe(404);
  });
});

describe('webhook deduplication', () => {
  it('acknowledges an unhandled type with 200 and marks it ignored', async () => {
    const p = await platform;
    const evt = fake.event('customer.discount.created', { id: 'di_1', object: 'discount' });
    expect((await deliverEvent(p.app, evt)).status).toBe(200);
    const r = await processStripeEvent(p.deps, evt.id);
    expect(r?.outcome).toBe('ignored:unhandled_type');
    expect((await storedEvent(evt.id)).events[0]!.processed_at).not.toBeNull();
  });

  it('the same event delivered 5 times → stored once, one outbox row, one effect', async () => {
    const p = await platform;
    const { store, accountId } = await storeWithAccount();
    fake.enableAccount(accountId);
    const evt = fake.event('account.updated', fake.state.accounts.get(accountId)!, { account: accountId });
    const results = [];
    for (let i = 0; i < 5; i++) {
      results.push(await deliverEvent(p.app, evt));
      await processStripeEvent(p.deps, evt.id);
    }
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.map((r) => r.body.duplicate)).toEqual([false, true, true, true, true]);
    const s = await storedEvent(evt.id);
    expect(s.events).toHaveLength(1);
    expect(s.outbox).toHaveLength(1);
    expect(s.events[0]!.outcome).toBe('applied:charges_on');
    expect(s.events[0]!.store_id).toBe(store.tenant.id);
  });

  it('50 concurrent deliveries of one event → one stored event, one outbox row, one effect', async () => {
    const p = await platform;
    const { store, accountId } = await storeWithAccount();
    fake.enableAccount(accountId);
    const evt = fake.event('account.updated', fake.state.accounts.get(accountId)!, { account: accountId });
    const results = await Promise.all(Array.from({ length: 50 }, () => deliverEvent(p.app, evt)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    // Workers racing on the one event: only one runs the handler.
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => processStripeEvent(p.deps, evt.id)));
    expect(outcomes.filter((o) => o !== undefined)).toHaveLength(1);
    const s = await storedEvent(evt.id);
    expect(s.events).toHaveLength(1);
    expect(s.outbox).toHaveLength(1);
    const acct = await withTenant(p.deps.db, store.tenant.id, (trx) =>
      trx
        .selectFrom('connected_accounts')
        .selectAll()
        .where('tenant_id', '=', store.tenant.id)
        .executeTakeFirstOrThrow(),
    );
    expect(acct.charges_enabled).toBe(true);
  });

  it('verifies against STRIPE_WEBHOOK_SECRET even without an API key', async () => {
    const p = await webhookOnly;
    const evt = fake.event('customer.created', { id: 'cus_nokey', object: 'customer' });
    expect((await deliverEvent(p.app, evt)).status).toBe(200);
    const bad = fake.event(
      'customer.created',
      { id: 'cus_nokey2', object: 'customer' },
      { secret: 'whsec_other' },
    );
    expect((await deliverEvent(p.app, bad)).status).toBe(400);
  });
});

describe('stripe-events worker', () => {
  it('processes a relayed stripe.event job through BullMQ (own queue prefix) exactly once', async () => {
    const p = await platform;
    const hub = createQueueHub({ kind: 'redis', url: inject('redisUrl') }, `stripe-w-${Date.now()}`);
    try {
      const { store, accountId } = await storeWithAccount();
      fake.enableAccount(accountId);
      const evt = fake.event('account.updated', fake.state.accounts.get(accountId)!, { account: accountId });
      expect((await deliverEvent(p.app, evt)).status).toBe(200);
      const worker = stripeEventsProcessor.register({ ...p.deps, hub });
      const data = {
        outboxId: 1,
        tenantId: PLATFORM_TENANT_ID,
        topic: 'stripe.event',
        payload: { eventId: evt.id, type: evt.id },
      };
      const q = hub.queue(STRIPE_EVENTS_QUEUE);
      const events = new QueueEvents(STRIPE_EVENTS_QUEUE, {
        connection: { url: inject('redisUrl') },
        prefix: q.opts.prefix,
      });
      await events.waitUntilReady();
      const job = await q.add('stripe.event', data, { jobId: `ob-x-${evt.id}` });
      const result = await job.waitUntilFinished(events, 15_000);
      expect(result).toMatchObject({ outcome: 'applied:charges_on', tenantId: store.tenant.id });
      const dup = await q.add('stripe.event', data, { jobId: `ob-y-${evt.id}` });
      expect(await dup.waitUntilFinished(events, 15_000)).toEqual({ outcome: 'already_processed' });
      await events.close();
      await worker.close();
    } finally {
      await hub.close();
    }
  });
});

describe('the event ledger', () => {
  it('prunes processed events past the retention, never unprocessed ones', async () => {
    const p = await platform;
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const tag = `${Date.now()}`;
    const rows = [
      { id: `evt_prune_old_done_${tag}`, received_at: daysAgo(100), processed_at: daysAgo(100) },
      { id: `evt_prune_old_pending_${tag}`, received_at: daysAgo(100), processed_at: null },
      { id: `evt_prune_recent_done_${tag}`, received_at: daysAgo(10), processed_at: daysAgo(10) },
    ];
    await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .insertInto('stripe_events')
        .values(
          rows.map((r) => ({
            ...r,
            type: 'account.updated',
            event_created: Math.floor(r.received_at.getTime() / 1000),
            payload: JSON.stringify({ id: r.id }),
          })),
        )
        .execute(),
    );
    expect(await pruneStripeEvents(p.deps, now)).toBeGreaterThanOrEqual(1);
    const left = await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .selectFrom('stripe_events')
        .select('id')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute(),
    );
    expect(left.map((r) => r.id).sort()).toEqual([rows[1]!.id, rows[2]!.id].sort());
  });
});
