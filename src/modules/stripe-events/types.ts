/** What a Stripe event handler reports: an outcome label and the store it concerned. */
import type Stripe from 'stripe';
import type { Deps } from '../../lib/http/context.js';

export interface EventOutcome {
  outcome: string;
  tenantId?: string;
}

export type StripeEventHandler = (deps: Deps, event: Stripe.Event, now: Date) => Promise<EventOutcome>;
