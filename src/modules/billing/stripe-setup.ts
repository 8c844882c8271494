/**
 * `npm run stripe:setup` (scripts/stripe-setup.ts): creates — or finds — what
 * Stripe needs for Storeloom's billing, idempotently, and says what it did:
 *  - one product per purchasable plan (id `storeloom_<plan>`), and a monthly
 *    price with lookup key `storeloom_<plan>` at the plans table's price (a
 *    changed price makes a new one that takes over the lookup key);
 *  - two webhook endpoints at `<PUBLIC_URL>/webhooks/stripe`: the platform's
 *    own events and connected accounts' events (Stripe signs each with its
 *    own secret; STRIPE_WEBHOOK_SECRET takes both, comma-separated).
 * Running it again changes nothing. Secrets are shown only when an endpoint
 * is created (Stripe never returns them again).
 */
import type Stripe from 'stripe';
import { type Db, withPlatformAccess } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { stripeFor } from '../../lib/stripe.js';
import { listPlans } from '../entitlements/repository.js';

export interface SetupPlan {
  id: string;
  name: string;
  monthlyPrice: number;
  currency: string;
}

export interface SetupResult {
  /** What happened, one line each ("created product storeloom_pro", "found price …"). */
  actions: string[];
  /** Environment lines to set (STRIPE_PRICE_*, and STRIPE_WEBHOOK_SECRET when endpoints were created). */
  env: Record<string, string>;
}

/** Events on the platform's own account vs on connected (Express) accounts. */
export const CONNECT_EVENTS = new Set(['account.updated', 'payout.paid']);

const isMissing = (err: unknown) => (err as { code?: string })?.code === 'resource_missing';

async function ensureProduct(stripe: Stripe, plan: SetupPlan, out: SetupResult): Promise<string> {
  const id = `storeloom_${plan.id}`;
  try {
    await stripe.products.retrieve(id);
    out.actions.push(`found product ${id}`);
  } catch (err) {
    if (!isMissing(err)) throw err;
    await stripe.products.create({
      id,
      name: `Storeloom ${plan.name}`,
      metadata: { storeloom_plan: plan.id },
    });
    out.actions.push(`created product ${id}`);
  }
  return id;
}

async function ensurePrice(stripe: Stripe, plan: SetupPlan, product: string, out: SetupResult) {
  const lookupKey = `storeloom_${plan.id}`;
  const currency = plan.currency.toLowerCase();
  const found = (await stripe.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 })).data[0];
  if (
    found &&
    found.unit_amount === plan.monthlyPrice &&
    found.currency === currency &&
    found.recurring?.interval === 'month'
  ) {
    out.actions.push(`found price ${found.id} (${lookupKey})`);
    return found.id;
  }
  const price = await stripe.prices.create({
    product,
    unit_amount: plan.monthlyPrice,
    currency,
    recurring: { interval: 'month' },
    lookup_key: lookupKey,
    transfer_lookup_key: true,
    metadata: { storeloom_plan: plan.id },
  });
  out.actions.push(`created price ${price.id} (${lookupKey}, ${plan.monthlyPrice} ${currency}/month)`);
  return price.id;
}

async function ensureEndpoint(
  stripe: Stripe,
  existing: Stripe.WebhookEndpoint[],
  spec: { url: string; connect: boolean; events: string[] },
  out: SetupResult,
): Promise<string | undefined> {
  const label = spec.connect ? 'connected-account webhook endpoint' : 'platform webhook endpoint';
  const want = [...spec.events].sort();
  const found = existing.find((e) => e.url === spec.url && isConnect(e) === spec.connect);
  if (found) {
    const have = [...found.enabled_events].sort();
    if (have.join(',') !== want.join(',') || found.status !== 'enabled') {
      await stripe.webhookEndpoints.update(found.id, { enabled_events: want as never, disabled: false });
      out.actions.push(`updated ${label} ${found.id} (events)`);
    } else out.actions.push(`found ${label} ${found.id}`);
    return undefined;
  }
  const created = await stripe.webhookEndpoints.create({
    url: spec.url,
    enabled_events: want as never,
    connect: spec.connect,
    description: `Storeloom ${spec.connect ? 'connected accounts' : 'platform'}`,
  });
  out.actions.push(`created ${label} ${created.id}`);
  return created.secret;
}

/** Whether an endpoint receives connected accounts' events (Stripe's `connect` flag; not in the SDK's type). */
const isConnect = (e: Stripe.WebhookEndpoint) => Boolean((e as unknown as { connect?: boolean }).connect);

export async function setupStripe(
  stripe: Stripe,
  input: { plans: readonly SetupPlan[]; webhookUrl: string; events: readonly string[] },
): Promise<SetupResult> {
  const out: SetupResult = { actions: [], env: {} };
  for (const plan of input.plans) {
    const product = await ensureProduct(stripe, plan, out);
    out.env[`STRIPE_PRICE_${plan.id.toUpperCase()}`] = await ensurePrice(stripe, plan, product, out);
  }
  const existing: Stripe.WebhookEndpoint[] = [];
  for await (const e of stripe.webhookEndpoints.list({ limit: 100 })) existing.push(e);
  const secrets = [
    await ensureEndpoint(
      stripe,
      existing,
      { url: input.webhookUrl, connect: false, events: input.events.filter((e) => !CONNECT_EVENTS.has(e)) },
      out,
    ),
    await ensureEndpoint(
      stripe,
      existing,
      { url: input.webhookUrl, connect: true, events: input.events.filter((e) => CONNECT_EVENTS.has(e)) },
      out,
    ),
  ].filter((s): s is string => Boolean(s));
  if (secrets.length) out.env.STRIPE_WEBHOOK_SECRET = secrets.join(',');
  return out;
}

/** The plans a store can buy (plans table, entitlements' catalog), as Stripe setup needs them. */
export async function purchasablePlans(db: Db): Promise<SetupPlan[]> {
  const rows = await withPlatformAccess(db, listPlans);
  return rows
    .filter((p) => p.purchasable)
    .map((p) => ({ id: p.id, name: p.name, monthlyPrice: p.monthly_price, currency: p.currency }));
}

/** Runs the setup with the configured secret key against this deployment's plans and PUBLIC_URL. */
export async function runStripeSetup(deps: Deps, events: readonly string[]): Promise<SetupResult> {
  const stripe = stripeFor(deps.config);
  if (!stripe)
    throw new AppError('not_configured', 'Set STRIPE_SECRET_KEY (sk_test_… first) to run stripe:setup');
  return setupStripe(stripe, {
    plans: await purchasablePlans(deps.db),
    webhookUrl: `${deps.config.PUBLIC_URL.replace(/\/$/, '')}/webhooks/stripe`,
    events,
  });
}
