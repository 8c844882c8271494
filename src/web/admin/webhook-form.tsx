/**
 * Shared parts of the webhook pages: the endpoint form's schema and event
 * checkboxes, reading a posted form into field errors (SSRF guard included),
 * the notices, and the one-time display of a signing secret.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { WEBHOOK_EVENTS, type WebhookEndpoint } from '../../modules/webhooks/service.js';
import { assertWebhookTargetAllowed } from '../../modules/webhooks/target.js';
import { Button, Card } from '../components/ui.js';
import { fieldErrors, formStrings } from './form-errors.js';

type Ctx = Context<AppEnv>;

export const WEBHOOK_NOTICES = {
  saved: 'Endpoint saved.',
  deleted: 'Endpoint deleted.',
  enabled: 'Endpoint enabled: new events are delivered again.',
  paused: 'Endpoint paused: no new events are sent to it.',
  redelivered: 'Delivery queued: it is sent again within seconds.',
} as const;

export const EVENT_LABELS: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  'order.placed': 'Order placed',
  'order.paid': 'Order paid',
  'order.fulfilled': 'Order fulfilled',
  'order.completed': 'Order completed',
  'order.cancelled': 'Order cancelled',
  'order.expired': 'Order expired',
  'order.refunded': 'Order refunded',
  'stock.low': 'Stock low',
  'product.created': 'Product created',
  'product.updated': 'Product updated',
  'customer.created': 'Customer created',
  'review.created': 'Review posted',
  'ticket.created': 'Support ticket opened',
  'ticket.replied': 'Support ticket answered by the shopper',
  'return.requested': 'Return requested',
  'return.refunded': 'Return refunded',
};

export const ZEndpointForm = z.object({
  url: z
    .string()
    .trim()
    .min(1, 'Enter the URL that receives the events')
    .max(2000, 'At most 2000 characters')
    .pipe(z.url({ protocol: /^https?$/, error: 'Enter a full http:// or https:// URL' })),
  events: z.array(z.enum(WEBHOOK_EVENTS, { error: 'Unknown event type' })),
});

/** The headings of the event groups, by the event names' prefix (`order.placed` → Orders). */
const EVENT_GROUPS: Record<string, string> = {
  order: 'Orders',
  stock: 'Stock',
  product: 'Products',
  customer: 'Customers',
  review: 'Reviews',
  ticket: 'Support tickets',
  return: 'Returns',
};

/** The events grouped by domain: EVENT_GROUPS' order (orders first), a domain not named there last. */
export function groupedEvents(): {
  domain: string;
  title: string;
  events: (typeof WEBHOOK_EVENTS)[number][];
}[] {
  const groups = new Map<string, (typeof WEBHOOK_EVENTS)[number][]>(
    Object.keys(EVENT_GROUPS).map((d) => [d, []]),
  );
  for (const e of WEBHOOK_EVENTS) {
    const domain = e.slice(0, e.indexOf('.'));
    groups.set(domain, [...(groups.get(domain) ?? []), e]);
  }
  return [...groups]
    .filter(([, events]) => events.length > 0)
    .map(([domain, events]) => ({ domain, title: EVENT_GROUPS[domain] ?? domain, events }));
}

/** The event checkboxes (none ticked = every event), one column per domain in a grid of equal cells. */
export function EventChoices({ selected, error }: { selected: readonly string[]; error?: string }) {
  return (
    <fieldset class="field">
      <legend>Events</legend>
      <span class="hint">Tick none to receive every event.</span>
      <div class="event-groups">
        {groupedEvents().map((g) => (
          <fieldset class="event-group" data-domain={g.domain}>
            <legend>{g.title}</legend>
            {g.events.map((e) => (
              <label class="check">
                <input type="checkbox" name="events" value={e} checked={selected.includes(e)} />
                <span>
                  {EVENT_LABELS[e]}
                  <code class="muted">{e}</code>
                </span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      {error ? <span class="error-text">{error}</span> : null}
    </fieldset>
  );
}

/** Parses and checks an endpoint form (including the SSRF guard); field errors instead of a throw. */
export async function readEndpointForm(c: Ctx) {
  const { values, lists } = await formStrings(c.req);
  const typed = { url: values.url ?? '', events: lists.events ?? [] };
  const parsed = ZEndpointForm.safeParse(typed);
  if (!parsed.success)
    return { ok: false as const, form: { values: typed, errors: fieldErrors(parsed.error) } };
  try {
    await assertWebhookTargetAllowed(c.get('deps').config, parsed.data.url);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return {
      ok: false as const,
      form: { values: typed, errors: { url: 'This URL must point to a public internet address' } },
    };
  }
  return { ok: true as const, input: parsed.data };
}

/** A signing secret, shown on this page only (after creation or rotation). */
export function SecretOnce({ ep }: { ep: WebhookEndpoint & { secret: string } }) {
  return (
    <Card title="Signing secret">
      <p>
        Copy this secret now: it is shown <strong>only once</strong>. Your receiver uses it to check the{' '}
        <code>Storeloom-Signature</code> header of every delivery to <code>{ep.url}</code>.
      </p>
      <p>
        <code class="secret" id="webhook-secret">
          {ep.secret}
        </code>
      </p>
      <Button href={`/admin/webhooks/${ep.id}`}>Continue to the endpoint</Button>
    </Card>
  );
}
