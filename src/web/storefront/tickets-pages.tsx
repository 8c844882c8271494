/**
 * Support pages on a store host:
 *   GET/POST /contact                 open a ticket (signed in, or a guest with e-mail; ?order=N links an order)
 *   GET      /support/confirm?token=  a guest confirms their e-mail → the ticket goes live
 *   GET/POST /support/tickets/:id     the thread and a reply: the signed-in owner, or the
 *                                     holder of the e-mailed signed link (?token=, no sign-in)
 *   GET      /account/tickets         the signed-in shopper's tickets
 *   GET/POST /support/feedback/:id    the one-question satisfaction survey (signed link)
 */
import type { Context } from 'hono';
import { type LinkPurpose, verifyLink } from '../../lib/auth/signed-links.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import type { Ticket } from '../../modules/tickets/schemas.js';
import {
  answerCsat,
  confirmGuestTicket,
  getTicketForShopper,
  listMyTickets,
  openTicket,
  replyAsShopper,
  type TicketViewer,
} from '../../modules/tickets/service.js';
import { formFailure, readForm } from '../components/care-forms.js';
import { notFoundPage } from './catalog-pages.js';
import { Field, Notice } from './components.js';
import { pageContext, ShopPage } from './page.js';

type C = Context<AppEnv>;
const STATUS: Record<string, string> = {
  open: 'Open — we will answer soon',
  pending: 'Waiting for your answer',
  resolved: 'Resolved',
  closed: 'Closed',
};
const CARE_CSS = `.thread{list-style:none;padding:0}.thread li{border:1px solid var(--c-border);border-radius:.5rem;padding:.75rem 1rem;margin:0 0 .75rem;overflow-wrap:anywhere;white-space:pre-wrap}
.thread li.staff{background:var(--c-surface);border-left:4px solid var(--c-accent)}.thread .meta{font-size:.85rem;color:var(--c-muted);white-space:normal}
textarea{width:100%;min-height:8rem;box-sizing:border-box}.narrow{max-width:40rem}`;
const Css = () => <style dangerouslySetInnerHTML={{ __html: CARE_CSS }} />;

function TextArea(props: {
  id: string;
  label: string;
  value?: string;
  error?: string;
  max: number;
  optional?: boolean;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        name={props.id}
        maxlength={props.max}
        required={!props.optional}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      >
        {props.value ?? ''}
      </textarea>
      {props.error ? (
        <span class="error-text" id={`${props.id}-error`}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

async function contactView(
  c: C,
  state: { values: Record<string, string>; errors: Record<string, string>; message?: string },
  status: 200 | 400 | 403 | 404 | 409 | 429 = 200,
) {
  const ctx = await pageContext(c);
  const v = state.values;
  return c.html(
    <ShopPage ctx={ctx} title="Contact us" path="/contact">
      <Css />
      <section class="narrow">
        <h1>Contact us</h1>
        <p>Questions about an order, a product or a return? Write to us — we answer by e-mail.</p>
        {state.message ? <Notice kind="error">{state.message}</Notice> : null}
        <form method="post" action="/contact">
          {csrfInput(c)}
          {ctx.shopper ? null : (
            <Field
              id="email"
              name="email"
              label="Your e-mail"
              type="email"
              required
              autocomplete="email"
              value={v.email}
              error={state.errors.email}
              hint="We send you a link to confirm it before we answer."
            />
          )}
          <Field
            id="subject"
            name="subject"
            label="Subject"
            required
            value={v.subject}
            error={state.errors.subject}
          />
          <Field
            id="orderNumber"
            name="orderNumber"
            label="Order number (optional)"
            value={v.orderNumber}
            error={state.errors.orderNumber}
          />
          <TextArea id="message" label="Message" value={v.message} error={state.errors.message} max={10000} />
          <button class="btn" type="submit">
            Send
          </button>
        </form>
        {ctx.shopper ? (
          <p>
            <a href="/account/tickets">Your earlier conversations</a>
          </p>
        ) : null}
      </section>
    </ShopPage>,
    status,
  );
}

export function contactPage(c: C) {
  const order = c.req.query('order');
  return contactView(c, {
    values: { orderNumber: order && /^\d{1,9}$/.test(order) ? order : '' },
    errors: {},
  });
}

export async function contactAction(c: C) {
  const values = await readForm(c);
  const tenant = storeOf(c);
  const shopper = (await pageContext(c)).shopper;
  const orderNumber = values.orderNumber?.trim().replace(/^#/, '');
  if (orderNumber && !/^\d{1,9}$/.test(orderNumber)) {
    return contactView(
      c,
      {
        values,
        errors: { orderNumber: 'An order number is digits only' },
        message: 'Please check the highlighted fields.',
      },
      400,
    );
  }
  try {
    const t = await openTicket(c.get('deps'), tenant, {
      customerId: shopper?.customerId,
      ip: clientIp(c) ?? 'unknown',
      ticket: {
        email: shopper ? undefined : values.email?.trim() || undefined,
        subject: values.subject ?? '',
        message: values.message ?? '',
        orderNumber: orderNumber ? Number(orderNumber) : undefined,
      },
    });
    const ctx = await pageContext(c);
    return c.html(
      <ShopPage ctx={ctx} title="Message sent" path="/contact" noindex>
        <h1>Thank you!</h1>
        <p role="status" id="ticket-sent">
          {t.confirmed ? (
            <>
              Your message <strong>#{t.number}</strong> reached us. We answer by e-mail; you can follow it{' '}
              <a href={`/support/tickets/${t.id}`}>here</a>.
            </>
          ) : (
            <>
              Please check your inbox: we sent you a link to confirm your e-mail address. Once confirmed, your
              message #{t.number} reaches us.
            </>
          )}
        </p>
      </ShopPage>,
      201,
    );
  } catch (err) {
    const f = formFailure(c, err);
    return contactView(c, { values, errors: f.errors, message: f.message }, f.status);
  }
}

async function linkSubject(
  c: C,
  purpose: LinkPurpose,
  token: string | undefined,
): Promise<string | undefined> {
  return token ? verifyLink(c.get('deps').keys, storeOf(c).id, purpose, token) : undefined;
}

export async function confirmPage(c: C) {
  const ctx = await pageContext(c);
  const id = await linkSubject(c, 'ticket-confirm', c.req.query('token'));
  if (!id) return invalidLink(c);
  const t = await confirmGuestTicket(ctx.deps, storeOf(c), id);
  return c.html(
    <ShopPage ctx={ctx} title="E-mail confirmed" path="/support/confirm" noindex>
      <h1>Thank you — your e-mail is confirmed</h1>
      <p role="status">
        Your message #{t.number} has reached us. We will answer by e-mail; each answer has a link back to the
        conversation.
      </p>
    </ShopPage>,
  );
}

async function invalidLink(c: C) {
  const ctx = await pageContext(c);
  return c.html(
    <ShopPage ctx={ctx} title="Link expired" path={c.req.path} noindex>
      <h1>This link is not valid</h1>
      <p>
        It may have expired. <a href="/contact">Write to us again</a> and we will help.
      </p>
    </ShopPage>,
    404,
  );
}

async function viewerOf(c: C, id: string, token: string | undefined): Promise<TicketViewer | undefined> {
  if (token) {
    const sub = await linkSubject(c, 'ticket', token);
    return sub === id ? { linkTicketId: sub } : undefined;
  }
  const shopper = (await pageContext(c)).shopper;
  return shopper ? { customerId: shopper.customerId } : undefined;
}

function Thread(props: { t: Ticket }) {
  return (
    <ol class="thread" aria-label="Conversation">
      {props.t.messages.map((m) => (
        <li class={m.author === 'staff' ? 'staff' : ''}>
          <span class="meta">
            {m.author === 'staff' ? 'The store' : 'You'} ·{' '}
            <time datetime={m.createdAt}>{m.createdAt.slice(0, 16).replace('T', ' ')}</time>
          </span>
          {'\n'}
          {m.body}
        </li>
      ))}
    </ol>
  );
}

async function ticketView(
  c: C,
  id: string,
  token: string | undefined,
  state: { body?: string; error?: string; notice?: string } = {},
  status: 200 | 400 | 409 | 429 = 200,
) {
  const ctx = await pageContext(c);
  const viewer = await viewerOf(c, id, token);
  if (!viewer)
    return token
      ? invalidLink(c)
      : c.redirect(`/account/login?next=${encodeURIComponent(`/support/tickets/${id}`)}`, 303);
  let t: Ticket;
  try {
    t = await getTicketForShopper(ctx.deps.db, storeOf(c).id, id, viewer);
  } catch {
    return notFoundPage(c, ctx);
  }
  return c.html(
    <ShopPage ctx={ctx} title={`Request #${t.number}`} path={`/support/tickets/${t.id}`} noindex>
      <Css />
      <section class="narrow">
        <h1>{t.subject}</h1>
        <p>
          Request #{t.number} · <strong id="ticket-status">{STATUS[t.status]}</strong>
        </p>
        {state.notice ? <Notice>{state.notice}</Notice> : null}
        <Thread t={t} />
        {t.status === 'closed' ? (
          <p>
            This conversation is closed. <a href="/contact">Start a new one</a>.
          </p>
        ) : (
          <form method="post" action={`/support/tickets/${t.id}`}>
            {csrfInput(c)}
            {token ? <input type="hidden" name="token" value={token} /> : null}
            <TextArea id="body" label="Your answer" value={state.body} error={state.error} max={10000} />
            <button class="btn" type="submit">
              Send answer
            </button>
          </form>
        )}
      </section>
    </ShopPage>,
    status,
  );
}

export function ticketPage(c: C) {
  return ticketView(c, c.req.param('id') ?? '', c.req.query('token'));
}

export async function ticketReplyAction(c: C) {
  const values = await readForm(c);
  const id = c.req.param('id') ?? '';
  const viewer = await viewerOf(c, id, values.token || undefined);
  if (!viewer) return invalidLink(c);
  try {
    await replyAsShopper(c.get('deps').db, storeOf(c).id, id, viewer, { body: values.body ?? '' });
  } catch (err) {
    const f = formFailure(c, err);
    if (f.status === 404) return notFoundPage(c, await pageContext(c));
    return ticketView(
      c,
      id,
      values.token || undefined,
      { body: values.body, error: f.errors.body ?? f.message },
      f.status as 400,
    );
  }
  return ticketView(c, id, values.token || undefined, { notice: 'Sent. We will answer by e-mail.' });
}

export async function myTicketsPage(c: C) {
  const ctx = await pageContext(c);
  if (!ctx.shopper) return c.redirect('/account/login?next=%2Faccount%2Ftickets', 303);
  const items = await listMyTickets(ctx.deps.db, storeOf(c).id, ctx.shopper.customerId);
  return c.html(
    <ShopPage ctx={ctx} title="Your requests" path="/account/tickets" noindex>
      <h1>Your requests</h1>
      {items.length === 0 ? (
        <p>No conversations yet.</p>
      ) : (
        <ul>
          {items.map((t) => (
            <li>
              <a href={`/support/tickets/${t.id}`}>
                #{t.number} {t.subject}
              </a>{' '}
              — {STATUS[t.status]}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/contact">Contact us</a>
      </p>
    </ShopPage>,
  );
}

async function feedbackView(
  c: C,
  token: string,
  state: { done?: boolean; error?: string },
  status: 200 | 400 | 409 = 200,
) {
  const ctx = await pageContext(c);
  const id = c.req.param('id') ?? '';
  return c.html(
    <ShopPage ctx={ctx} title="How did we do?" path={`/support/feedback/${id}`} noindex>
      <section class="narrow">
        <h1>How did we do?</h1>
        {state.done ? (
          <p role="status" id="csat-thanks">
            {state.error ? 'We already have your answer — thank you!' : 'Thank you for your feedback!'}
          </p>
        ) : (
          <form method="post" action={`/support/feedback/${id}`}>
            {csrfInput(c)}
            <input type="hidden" name="token" value={token} />
            {state.error ? <Notice kind="error">{state.error}</Notice> : null}
            <fieldset class="group">
              <legend>How satisfied are you with our help? (1 = not at all, 5 = very)</legend>
              {[1, 2, 3, 4, 5].map((n) => (
                <label style="margin-right:1rem">
                  <input type="radio" name="rating" value={String(n)} required /> {n}
                </label>
              ))}
            </fieldset>
            <TextArea id="comment" label="Anything to add? (optional)" max={2000} optional />
            <button class="btn" type="submit">
              Send
            </button>
          </form>
        )}
      </section>
    </ShopPage>,
    status,
  );
}

export async function feedbackPage(c: C) {
  const token = c.req.query('token') ?? '';
  if ((await linkSubject(c, 'csat', token)) !== c.req.param('id')) return invalidLink(c);
  return feedbackView(c, token, {});
}

export async function feedbackAction(c: C) {
  const values = await readForm(c);
  const id = await linkSubject(c, 'csat', values.token);
  if (!id || id !== c.req.param('id')) return invalidLink(c);
  try {
    const r = await answerCsat(c.get('deps').db, storeOf(c).id, id, {
      rating: Number(values.rating ?? 0),
      comment: values.comment?.trim() || undefined,
    });
    return feedbackView(c, values.token ?? '', { done: true, error: r.recorded ? undefined : 'already' });
  } catch (err) {
    const f = formFailure(c, err);
    return feedbackView(
      c,
      values.token ?? '',
      { error: f.errors.rating ?? f.message },
      f.status === 409 ? 409 : 400,
    );
  }
}
