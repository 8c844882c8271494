/**
 * The Stripe client: one per configuration, or `undefined` when
 * STRIPE_SECRET_KEY is unset (the platform then runs without billing and with
 * the manual payment provider only).
 *
 * STRIPE_API_HOST/PORT/PROTOCOL point the real SDK at another server; the test
 * suite uses them to talk to tests/support/fake-stripe.ts. The SDK is never
 * mocked.
 *
 * !!! SECRETS !!! The secret key and webhook secret live only in the config
 * object and inside the SDK; never log the config, the client or its options.
 */
import Stripe from 'stripe';
import type { Config } from './config.js';

export type { Stripe };

/** The tolerance Stripe recommends for webhook timestamps (seconds). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const clients = new WeakMap<Config, Stripe | null>();

/** Builds a client from the configuration; `undefined` without a secret key. */
export function createStripe(config: Config): Stripe | undefined {
  if (!config.STRIPE_SECRET_KEY) return undefined;
  return new Stripe(config.STRIPE_SECRET_KEY, {
    ...(config.STRIPE_API_HOST ? { host: config.STRIPE_API_HOST } : {}),
    ...(config.STRIPE_API_PORT ? { port: config.STRIPE_API_PORT } : {}),
    ...(config.STRIPE_API_PROTOCOL ? { protocol: config.STRIPE_API_PROTOCOL } : {}),
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'storeloom' },
  });
}

/** The process-wide client for this configuration (created once, lazily). */
export function stripeFor(config: Config): Stripe | undefined {
  let c = clients.get(config);
  if (c === undefined) {
    c = createStripe(config) ?? null;
    clients.set(config, c);
  }
  return c ?? undefined;
}

/**
 * A client only for webhook signature checks: they need no API key, so the
 * endpoint works with STRIPE_WEBHOOK_SECRET alone.
 */
let verifier: Stripe | undefined;
export function webhookVerifier(config: Config): Stripe {
  const c = stripeFor(config);
  if (c) return c;
  verifier ??= new Stripe('sk_test_signature_only', { telemetry: false });
  return verifier;
}

/** Whether merchant billing (plans through Stripe Checkout) is available. */
export function billingConfigured(config: Config): boolean {
  return Boolean(config.STRIPE_SECRET_KEY);
}
