import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import type { Ticket } from '../../modules/tickets/schemas.js';
import {
  getTicketForShopper,
  listMyTickets,
  replyAsShopper,
  type TicketViewer,
} from '../../modules/tickets/service.js';
import { formFailure, readForm } from '../components/care-forms.js';
import { notFoundPage } from './catalog-pages.js';
import { Notice } from './components.js';
import { pageContext, ShopPage } from './page.js';
import { type C, Css, invalidLink, linkSubject, STATUS, TextArea } from './tickets-common.js';

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
