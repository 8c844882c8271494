/**
 * POST /webhooks/stripe (apex host). Reads the RAW body (`c.req.text()`) —
 * the signature covers the exact bytes, so nothing may parse it first — and
 * hands it to `receiveStripeWebhook` (verification, dedup, outbox). Answers
 * 200 fast; effects happen in the stripe-events worker.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, requestLog } from '../../lib/http/middleware.js';
import { receiveStripeWebhook } from './receive.js';

export const stripeWebhookRoutes = new Hono<AppEnv>().post('/webhooks/stripe', onlyOn('apex'), async (c) => {
  const raw = await c.req.text();
  const r = await receiveStripeWebhook(c.get('deps'), raw, c.req.header('stripe-signature'));
  if (r.duplicate) requestLog(c).info({ eventId: r.id, type: r.type }, 'duplicate stripe event acknowledged');
  return c.json({ received: true, duplicate: r.duplicate }, 200);
});
