/**
 * A local fake of Stripe's HTTP API for the test suite. The REAL `stripe` SDK
 * talks to it (STRIPE_API_HOST/PORT/PROTOCOL), so request encoding, headers,
 * retries and error mapping are the SDK's own; only Stripe's servers are
 * replaced. It answers the calls Storeloom makes with objects shaped like
 * Stripe's (ids with the right prefixes, `object` fields, list envelopes,
 * error envelopes), keeps state in memory, honours Idempotency-Key, and
 * offers test controls (complete a payment, change a subscription, pay out a
 * connected account) plus signed webhook events built with the SDK's
 * `webhooks.generateTestHeaderString`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

type Obj = Record<string, unknown>;
/** A Stripe object as the fake returns it: always has an id. */
export type StripeObj = Obj & { id: string };

export const FAKE_SECRET_KEY = 'sk_test_fake_5ecretKeyNeverLogged0123456789';
export const FAKE_WEBHOOK_SECRET = 'whsec_fakeWebhookSecretNeverLogged0123456789';

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const nowSec = () => Math.floor(Date.now() / 1000);

/** Parses Stripe's form encoding (`a[b][0][c]=v`) into nested objects/arrays. */
export function parseForm(body: string): Obj {
  const out: Obj = {};
  if (!body) return out;
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const [rawK, rawV = ''] = pair.split('=');
    const key = decodeURIComponent(rawK!.replace(/\+/g, ' '));
    const value = decodeURIComponent(rawV.replace(/\+/g, ' '));
    const parts = key.replace(/\]/g, '').split('[');
    let cur: Obj = out;
    for (let i = 0; i < parts.length; i++) {
      const k = parts[i]!;
      const last = i === parts.length - 1;
      if (last) cur[k] = value;
      else {
        const nextIsIndex = /^\d+$/.test(parts[i + 1]!);
        cur[k] ??= nextIsIndex ? [] : {};
        cur = cur[k] as Obj;
      }
    }
  }
  return out;
}

class FakeError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

export interface FakeStripe {
  url: string;
  port: number;
  /** Environment for testPlatform({ env }) pointing the SDK at this fake. */
  env: Record<string, string>;
  state: {
    customers: Map<string, Obj>;
    checkoutSessions: Map<string, Obj>;
    subscriptions: Map<string, Obj>;
    accounts: Map<string, Obj>;
    paymentIntents: Map<string, Obj>;
    charges: Map<string, Obj>;
    refunds: Map<string, Obj>;
    payouts: Map<string, Obj>;
    balanceTransactions: Obj[];
  };
  /** Products, prices and webhook endpoints (what `npm run stripe:setup` creates). */
  catalog: FakeCatalog;
  /** Every request received: method, path, parsed params, Stripe-Account header. */
  requests: { method: string; path: string; params: Obj; account?: string }[];
  /** Makes a subscription exist (or change) in Stripe, as Checkout or a renewal would. */
  upsertSubscription(input: {
    id?: string;
    customer: string;
    price: string;
    status: string;
    tenantId?: string;
    currentPeriodEnd?: number;
  }): StripeObj;
  /** Marks an account as fully onboarded (charges and payouts enabled). */
  enableAccount(accountId: string): StripeObj;
  /** Confirms a PaymentIntent as Stripe.js would after the shopper entered a card. */
  succeedPaymentIntent(piId: string): StripeObj;
  failPaymentIntent(piId: string): StripeObj;
  /** Pays out everything in a connected account's balance not yet paid out. */
  createPayout(accountId: string): StripeObj;
  /** A signed webhook delivery: body + Stripe-Signature header. */
  event(
    type: string,
    object: Obj,
    opts?: { account?: string; created?: number; id?: string; timestamp?: number; secret?: string },
  ): { id: string; body: string; signature: string; created: number };
  sign(body: string, opts?: { timestamp?: number; secret?: string }): string;
  close(): Promise<void>;
}

const signer = new Stripe('sk_test_signer', { telemetry: false });

export interface FakeCatalog {
  products: Map<string, Obj>;
  prices: Map<string, Obj>;
  webhookEndpoints: Map<string, Obj>;
}

/**
 * Products, prices (lookup keys, transfer_lookup_key), webhook endpoints and
 * subscription cancellation; undefined when the request is not one of these.
 */
function routeCatalog(
  cat: FakeCatalog,
  subscriptions: Map<string, Obj>,
  method: string,
  seg: string[],
  params: Obj,
): Obj | undefined {
  const [, a, b] = seg;
  const list = (data: Obj[], url: string): Obj => ({ object: 'list', data, has_more: false, url });
  const missing = (what: string, key: string) =>
    new FakeError(404, `No such ${what}: '${key}'`, 'resource_missing', 'id');
  if (a === 'products') {
    if (method === 'POST' && !b) {
      const pid = (params.id as string | undefined) ?? id('prod');
      if (cat.products.has(pid))
        throw new FakeError(400, `Product already exists: ${pid}`, 'resource_already_exists');
      const o = {
        id: pid,
        object: 'product',
        name: params.name,
        active: true,
        metadata: params.metadata ?? {},
        created: nowSec(),
        livemode: false,
      };
      cat.products.set(pid, o);
      return o;
    }
    if (method === 'GET' && b)
      return (
        cat.products.get(b) ??
        (() => {
          throw missing('product', b);
        })()
      );
    if (method === 'GET' && !b) return list([...cat.products.values()], '/v1/products');
  }
  if (a === 'prices') {
    if (method === 'POST' && !b) {
      if (!cat.products.has(String(params.product))) throw missing('product', String(params.product));
      const key = params.lookup_key as string | undefined;
      const holder = key ? [...cat.prices.values()].find((p) => p.lookup_key === key) : undefined;
      if (holder && params.transfer_lookup_key !== 'true')
        throw new FakeError(400, `A price already uses lookup key ${key}`, 'lookup_key_exists');
      if (holder) holder.lookup_key = null;
      const o = {
        id: id('price'),
        object: 'price',
        product: params.product,
        unit_amount: Number(params.unit_amount),
        currency: params.currency,
        recurring: params.recurring ? { interval: (params.recurring as Obj).interval } : null,
        lookup_key: key ?? null,
        active: true,
        metadata: params.metadata ?? {},
        created: nowSec(),
        livemode: false,
      };
      cat.prices.set(o.id, o);
      return o;
    }
    if (method === 'GET' && !b) {
      const keys = params.lookup_keys as string[] | undefined;
      const data = [...cat.prices.values()].filter(
        (p) => (!keys || keys.includes(p.lookup_key as string)) && (params.active !== 'true' || p.active),
      );
      return list(data, '/v1/prices');
    }
  }
  if (a === 'webhook_endpoints') {
    if (method === 'POST' && !b) {
      const o = {
        id: id('we'),
        object: 'webhook_endpoint',
        url: params.url,
        enabled_events: params.enabled_events ?? [],
        connect: params.connect === 'true',
        application: null,
        description: params.description ?? null,
        status: 'enabled',
        created: nowSec(),
        livemode: false,
      };
      cat.webhookEndpoints.set(o.id, o);
      return { ...o, secret: `whsec_${randomBytes(16).toString('hex')}` };
    }
    if (method === 'GET' && !b) return list([...cat.webhookEndpoints.values()], '/v1/webhook_endpoints');
    if (method === 'POST' && b) {
      const o = cat.webhookEndpoints.get(b);
      if (!o) throw missing('webhook_endpoint', b);
      if (params.enabled_events) o.enabled_events = params.enabled_events;
      if (params.disabled !== undefined) o.status = params.disabled === 'true' ? 'disabled' : 'enabled';
      return o;
    }
  }
  if (a === 'subscriptions' && b && method === 'DELETE') {
    const sub = subscriptions.get(b);
    if (!sub) throw missing('subscription', b);
    sub.status = 'canceled';
    sub.canceled_at = nowSec();
    sub.ended_at = nowSec();
    return sub;
  }
  return undefined;
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const state: FakeStripe['state'] = {
    customers: new Map(),
    checkoutSessions: new Map(),
    subscriptions: new Map(),
    accounts: new Map(),
    paymentIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    payouts: new Map(),
    balanceTransactions: [],
  };
  const catalog: FakeCatalog = { products: new Map(), prices: new Map(), webhookEndpoints: new Map() };
  const requests: FakeStripe['requests'] = [];
  const idempotent = new Map<string, { status: number; body: string }>();

  const get = (m: Map<string, Obj>, key: string, what: string): Obj => {
    const o = m.get(key);
    if (!o) throw new FakeError(404, `No such ${what}: '${key}'`, 'resource_missing', 'id');
    return o;
  };

  const list = (data: Obj[], url: string): Obj => ({ object: 'list', data, has_more: false, url });

  function chargeFor(pi: Obj): Obj | undefined {
    return pi.latest_charge ? state.charges.get(pi.latest_charge as string) : undefined;
  }

  function route(method: string, path: string, params: Obj, account?: string): Obj {
    const seg = path.split('?')[0]!.split('/').filter(Boolean);
    const [v, a, b, c] = seg;
    if (v !== 'v1') throw new FakeError(404, `Unrecognized request URL (${method}: ${path})`);
    if (method === 'POST' && a === 'customers' && !b) {
      const o = {
        id: id('cus'),
        object: 'customer',
        email: params.email ?? null,
        name: params.name ?? null,
        metadata: params.metadata ?? {},
        created: nowSec(),
        livemode: false,
      };
      state.customers.set(o.id, o);
      return o;
    }
    if (method === 'GET' && a === 'customers' && b) return get(state.customers, b, 'customer');
    if (method === 'POST' && a === 'checkout' && b === 'sessions') {
      if (!params.customer && !params.customer_email)
        throw new FakeError(400, 'Missing customer', 'parameter_missing', 'customer');
      const items = (params.line_items as Obj[] | undefined) ?? [];
      if (params.mode === 'subscription' && !items.length)
        throw new FakeError(400, 'Missing required param: line_items.', 'parameter_missing', 'line_items');
      const sid = id('cs_test');
      const o = {
        id: sid,
        object: 'checkout.session',
        mode: params.mode,
        customer: params.customer ?? null,
        client_reference_id: params.client_reference_id ?? null,
        metadata: params.metadata ?? {},
        subscription: null,
        payment_status: 'unpaid',
        status: 'open',
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        line_items_input: items,
        subscription_data: params.subscription_data ?? null,
        url: `https://checkout.stripe.test/c/pay/${sid}`,
        created: nowSec(),
        livemode: false,
      };
      state.checkoutSessions.set(sid, o);
      return o;
    }
    if (method === 'GET' && a === 'checkout' && b === 'sessions' && c)
      return get(state.checkoutSessions, c, 'checkout.session');
    if (method === 'POST' && a === 'billing_portal' && b === 'sessions') {
      get(state.customers, String(params.customer), 'customer');
      const sid = id('bps');
      return {
        id: sid,
        object: 'billing_portal.session',
        customer: params.customer,
        return_url: params.return_url ?? null,
        url: `https://billing.stripe.test/p/session/${sid}`,
        created: nowSec(),
        livemode: false,
      };
    }
    if (method === 'GET' && a === 'subscriptions' && b) return get(state.subscriptions, b, 'subscription');
    if (method === 'POST' && a === 'accounts' && !b) {
      const o = {
        id: id('acct'),
        object: 'account',
        type: params.type ?? 'express',
        country: params.country ?? 'US',
        email: params.email ?? null,
        charges_enabled: false,
        payouts_enabled: false,
        details_submitted: false,
        metadata: params.metadata ?? {},
        capabilities: {},
        requirements: {
          currently_due: ['external_account', 'tos_acceptance.date'],
          disabled_reason: 'requirements.past_due',
        },
        created: nowSec(),
      };
      state.accounts.set(o.id, o);
      return o;
    }
    if (method === 'GET' && a === 'accounts' && b) return get(state.accounts, b, 'account');
    if (method === 'POST' && a === 'account_links') {
      get(state.accounts, String(params.account), 'account');
      return {
        object: 'account_link',
        url: `https://connect.stripe.test/setup/e/${params.account}/${randomBytes(6).toString('hex')}`,
        created: nowSec(),
        expires_at: nowSec() + 300,
      };
    }
    if (method === 'POST' && a === 'payment_intents' && !b) {
      const amount = Number(params.amount);
      if (!Number.isInteger(amount) || amount < 50)
        throw new FakeError(400, 'Amount must be at least 50 cents', 'amount_too_small', 'amount');
      const transfer = params.transfer_data as Obj | undefined;
      if (transfer?.destination) {
        const acct = get(state.accounts, String(transfer.destination), 'account');
        if (!acct.charges_enabled)
          throw new FakeError(400, 'The destination account cannot accept charges', 'account_invalid');
      }
      const piId = id('pi');
      const fee = params.application_fee_amount === undefined ? null : Number(params.application_fee_amount);
      const o = {
        id: piId,
        object: 'payment_intent',
        amount,
        amount_received: 0,
        currency: String(params.currency ?? 'usd').toLowerCase(),
        status: 'requires_payment_method',
        client_secret: `${piId}_secret_${randomBytes(8).toString('hex')}`,
        application_fee_amount: fee,
        transfer_data: transfer ? { destination: transfer.destination } : null,
        metadata: params.metadata ?? {},
        latest_charge: null,
        last_payment_error: null,
        created: nowSec(),
        livemode: false,
      };
      state.paymentIntents.set(piId, o);
      return o;
    }
    if (method === 'GET' && a === 'payment_intents' && b)
      return get(state.paymentIntents, b, 'payment_intent');
    if (method === 'POST' && a === 'refunds') {
      const pi = get(state.paymentIntents, String(params.payment_intent), 'payment_intent');
      const charge = chargeFor(pi);
      if (pi.status !== 'succeeded' || !charge)
        throw new FakeError(
          400,
          'This PaymentIntent does not have a successful charge to refund.',
          'charge_not_refundable',
        );
      const remaining = (charge.amount as number) - (charge.amount_refunded as number);
      const amount = params.amount === undefined ? remaining : Number(params.amount);
      if (amount <= 0 || amount > remaining)
        throw new FakeError(
          400,
          `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
          'amount_too_large',
          'amount',
        );
      const r = {
        id: id('re'),
        object: 'refund',
        amount,
        currency: pi.currency,
        charge: charge.id,
        payment_intent: pi.id,
        status: 'succeeded',
        reason: params.reason ?? null,
        metadata: params.metadata ?? {},
        created: nowSec(),
      };
      state.refunds.set(r.id, r);
      charge.amount_refunded = (charge.amount_refunded as number) + amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      const dest = (pi.transfer_data as Obj | null)?.destination as string | undefined;
      if (dest)
        state.balanceTransactions.push({
          id: id('txn'),
          object: 'balance_transaction',
          account: dest,
          amount: -amount,
          fee: 0,
          fee_details: [],
          net: -amount,
          currency: pi.currency,
          type: 'refund',
          source: r.id,
          payout: null,
          created: nowSec(),
        });
      return r;
    }
    if (method === 'GET' && a === 'payouts' && b) return get(state.payouts, b, 'payout');
    if (method === 'GET' && a === 'balance_transactions' && !b) {
      const payout = params.payout as string | undefined;
      const data = state.balanceTransactions.filter(
        (t) => (!account || t.account === account) && (!payout || t.payout === payout),
      );
      return list(data, '/v1/balance_transactions');
    }
    const catalogHit = routeCatalog(catalog, state.subscriptions, method, seg, params);
    if (catalogHit) return catalogHit;
    throw new FakeError(404, `Unrecognized request URL (${method}: ${path})`);
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = Buffer.concat(chunks).toString('utf8');
      const params = method === 'GET' ? parseForm(url.search.slice(1)) : parseForm(body);
      const account = (req.headers['stripe-account'] as string | undefined) ?? undefined;
      requests.push({ method, path: url.pathname, params, account });
      const send = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
        res.end(text);
      };
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer sk_')) {
        send(
          401,
          JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } }),
        );
        return;
      }
      const key = req.headers['idempotency-key'] as string | undefined;
      const cacheKey = key ? `${account ?? ''}:${url.pathname}:${key}` : undefined;
      if (method === 'POST' && cacheKey && idempotent.has(cacheKey)) {
        const hit = idempotent.get(cacheKey)!;
        send(hit.status, hit.body);
        return;
      }
      let status = 200;
      let text: string;
      try {
        text = JSON.stringify(route(method, url.pathname, params, account));
      } catch (err) {
        const e = err instanceof FakeError ? err : new FakeError(500, String(err));
        status = e.status;
        text = JSON.stringify({
          error: { type: 'invalid_request_error', message: e.message, code: e.code, param: e.param },
        });
      }
      if (method === 'POST' && cacheKey) idempotent.set(cacheKey, { status, body: text });
      send(status, text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const sign: FakeStripe['sign'] = (body, opts = {}) =>
    signer.webhooks.generateTestHeaderString({
      payload: body,
      secret: opts.secret ?? FAKE_WEBHOOK_SECRET,
      timestamp: opts.timestamp ?? nowSec(),
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    catalog,
    env: {
      STRIPE_SECRET_KEY: FAKE_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(port),
      STRIPE_API_PROTOCOL: 'http',
      STRIPE_PRICE_STARTER: 'price_starter_test',
      STRIPE_PRICE_GROWTH: 'price_growth_test',
      STRIPE_PRICE_PRO: 'price_pro_test',
    },
    state,
    requests,
    upsertSubscription(input) {
      const sid = input.id ?? id('sub');
      const existing = state.subscriptions.get(sid);
      const periodEnd = input.currentPeriodEnd ?? nowSec() + 30 * 86400;
      const o: Obj = {
        ...(existing ?? {}),
        id: sid,
        object: 'subscription',
        customer: input.customer,
        status: input.status,
        cancel_at_period_end: false,
        metadata: input.tenantId ? { tenant_id: input.tenantId } : ((existing?.metadata as Obj) ?? {}),
        items: {
          object: 'list',
          data: [
            {
              id: id('si'),
              object: 'subscription_item',
              price: {
                id: input.price,
                object: 'price',
                unit_amount: 0,
                currency: 'usd',
                recurring: { interval: 'month' },
              },
              quantity: 1,
              current_period_start: periodEnd - 30 * 86400,
              current_period_end: periodEnd,
            },
          ],
          has_more: false,
        },
        created: (existing?.created as number | undefined) ?? nowSec(),
        livemode: false,
      };
      state.subscriptions.set(sid, o);
      return o as StripeObj;
    },
    enableAccount(accountId) {
      const acct = state.accounts.get(accountId);
      if (!acct) throw new Error(`no account ${accountId}`);
      Object.assign(acct, {
        charges_enabled: true,
        payouts_enabled: true,
        details_submitted: true,
        requirements: { currently_due: [], disabled_reason: null },
      });
      return acct as StripeObj;
    },
    succeedPaymentIntent(piId) {
      const pi = state.paymentIntents.get(piId);
      if (!pi) throw new Error(`no payment intent ${piId}`);
      if (pi.status === 'succeeded') return pi as StripeObj;
      const amount = pi.amount as number;
      const fee = (pi.application_fee_amount as number | null) ?? 0;
      const stripeFee = Math.round(amount * 0.029) + 30;
      const ch = {
        id: id('ch'),
        object: 'charge',
        amount,
        amount_captured: amount,
        amount_refunded: 0,
        refunded: false,
        currency: pi.currency,
        payment_intent: pi.id,
        status: 'succeeded',
        paid: true,
        metadata: pi.metadata,
        application_fee_amount: fee,
        transfer_data: pi.transfer_data,
        created: nowSec(),
      };
      state.charges.set(ch.id, ch);
      Object.assign(pi, { status: 'succeeded', amount_received: amount, latest_charge: ch.id });
      const dest = (pi.transfer_data as Obj | null)?.destination as string | undefined;
      if (dest)
        state.balanceTransactions.push({
          id: id('txn'),
          object: 'balance_transaction',
          account: dest,
          amount,
          fee: stripeFee + fee,
          fee_details: [
            {
              type: 'stripe_fee',
              amount: stripeFee,
              currency: pi.currency,
              description: 'Stripe processing fees',
            },
            { type: 'application_fee', amount: fee, currency: pi.currency, description: 'Platform fee' },
          ],
          net: amount - stripeFee - fee,
          currency: pi.currency,
          type: 'payment',
          source: ch.id,
          payout: null,
          created: nowSec(),
        });
      return pi as StripeObj;
    },
    failPaymentIntent(piId) {
      const pi = state.paymentIntents.get(piId);
      if (!pi) throw new Error(`no payment intent ${piId}`);
      Object.assign(pi, {
        status: 'requires_payment_method',
        last_payment_error: { code: 'card_declined', message: 'Your card was declined.' },
      });
      return pi as StripeObj;
    },
    createPayout(accountId) {
      const txns = state.balanceTransactions.filter((t) => t.account === accountId && t.payout === null);
      const net = txns.reduce((s, t) => s + (t.net as number), 0);
      const po = {
        id: id('po'),
        object: 'payout',
        amount: net,
        currency: (txns[0]?.currency as string | undefined) ?? 'usd',
        status: 'paid',
        arrival_date: nowSec(),
        created: nowSec(),
        destination: id('ba'),
      };
      state.payouts.set(po.id, po);
      for (const t of txns) t.payout = po.id;
      state.balanceTransactions.push({
        id: id('txn'),
        object: 'balance_transaction',
        account: accountId,
        amount: -net,
        fee: 0,
        fee_details: [],
        net: -net,
        currency: po.currency,
        type: 'payout',
        source: po.id,
        payout: po.id,
        created: nowSec(),
      });
      return po;
    },
    event(type, object, opts = {}) {
      const created = opts.created ?? nowSec();
      const evt = {
        id: opts.id ?? id('evt'),
        object: 'event',
        api_version: '2026-10-28.endive',
        created,
        type,
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        ...(opts.account ? { account: opts.account } : {}),
        data: { object: structuredClone(object) },
      };
      const body = JSON.stringify(evt);
      return {
        id: evt.id,
        body,
        created,
        signature: sign(body, { timestamp: opts.timestamp, secret: opts.secret }),
      };
    },
    sign,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Posts a signed event to the app's webhook endpoint (apex host), as Stripe would. */
export async function deliverEvent(
  app: { request: (url: string, init: RequestInit) => Response | Promise<Response> },
  evt: { body: string; signature: string },
): Promise<{ status: number; body: { received?: boolean; duplicate?: boolean; error?: { code: string } } }> {
  const res = await app.request('http://localhost:3000/webhooks/stripe', {
    method: 'POST',
    headers: {
      host: 'localhost:3000',
      'content-type': 'application/json',
      'stripe-signature': evt.signature,
    },
    body: evt.body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}
