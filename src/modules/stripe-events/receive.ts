/**
 * !!! SECURITY CHOKE POINT — Stripe webhook intake !!!
 *
 * 1. The signature is verified by the SDK (constructEventAsync) over the RAW
 *    body with STRIPE_WEBHOOK_SECRET and a 300 s tolerance. Anything that
 *    fails → 400 invalid_signature and nothing is stored. The setting may
 *    list two secrets separated by a comma — Stripe signs the platform's own
 *    events and its connected accounts' events through two endpoints, each
 *    with its own secret (`npm run stripe:setup` creates both); a body must
 *    verify against one of them.
 * 2. The body must be a Stripe event (id evt_…, type, created, data.object);
 *    otherwise → 400, nothing stored.
 * 3. The event id is inserted into `stripe_events` (primary key = dedup)
 *    together with an outbox row for the `stripe-events` queue, in ONE
 *    transaction and BEFORE any effect. A redelivery hits the key and is
 *    acknowledged with no second effect. Effects run in the worker, so
 *    Stripe gets its 2xx fast.
 */
import { z } from 'zod';
import { PLATFORM_TENANT_ID, withPlatformAccess } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../../lib/http/context.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { WEBHOOK_TOLERANCE_SECONDS, webhookVerifier } from '../../lib/stripe.js';
import { insertStripeEvent } from './repository.js';

export const STRIPE_EVENT_TOPIC = 'stripe.event';

const ZStripeEvent = z.object({
  id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/),
  object: z.literal('event'),
  type: z.string().min(1).max(200),
  created: z.number().int().positive(),
  account: z.string().max(255).optional(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

export interface ReceivedEvent {
  id: string;
  type: string;
  duplicate: boolean;
}

async function verifyWithAny(deps: Deps, rawBody: string, signature: string, secrets: string[]) {
  let last: unknown;
  for (const secret of secrets) {
    try {
      return await webhookVerifier(deps.config).webhooks.constructEventAsync(
        rawBody,
        signature,
        secret.trim(),
        WEBHOOK_TOLERANCE_SECONDS,
        undefined,
        deps.now().getTime(),
      );
    } catch (err) {
      if (err instanceof SyntaxError) throw err;
      last = err;
    }
  }
  throw last;
}

export async function receiveStripeWebhook(
  deps: Deps,
  rawBody: string,
  signature: string | undefined,
): Promise<ReceivedEvent> {
  const secret = deps.config.STRIPE_WEBHOOK_SECRET;
  if (!secret)
    throw new AppError('not_configured', 'Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)');
  if (!signature) throw new AppError('invalid_signature', 'The Stripe-Signature header is missing');
  let parsed: unknown;
  try {
    parsed = await verifyWithAny(deps, rawBody, signature, secret.split(','));
  } catch (err) {
    // A SyntaxError here means a correctly signed body that is not JSON.
    if (err instanceof SyntaxError)
      throw new AppError('validation_failed', 'The webhook body is not a Stripe event');
    throw new AppError('invalid_signature', 'The webhook signature is invalid or too old');
  }
  const event = ZStripeEvent.safeParse(parsed);
  if (!event.success) throw new AppError('validation_failed', 'The webhook body is not a Stripe event');
  const e = event.data;
  const inserted = await withPlatformAccess(deps.db, async (trx) => {
    const stored = await insertStripeEvent(trx, {
      id: e.id,
      type: e.type,
      account: e.account ?? null,
      created: e.created,
      payload: parsed,
    });
    if (!stored) return false;
    await enqueueOutbox(trx, PLATFORM_TENANT_ID, {
      topic: STRIPE_EVENT_TOPIC,
      payload: { eventId: e.id, type: e.type },
      dedupeKey: `stripe-event:${e.id}`,
    });
    return true;
  });
  return { id: e.id, type: e.type, duplicate: !inserted };
}
