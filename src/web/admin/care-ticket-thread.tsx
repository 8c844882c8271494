/**
 * Admin pages for one support ticket (store host, cookie session, staff+):
 *   GET  /admin/tickets/:id          thread with internal notes, reply (or note) with canned replies, status, assignment
 *   POST /admin/tickets/:id/messages reply (e-mailed) or internal note
 *   POST /admin/tickets/:id          status and assignee
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { listStaff } from '../../modules/staff/service.js';
import { listCannedReplies } from '../../modules/tickets/canned.js';
import { addStaffMessage, getAdminTicket, updateAdminTicket } from '../../modules/tickets/inbox.js';
import type { AdminTicket } from '../../modules/tickets/schemas.js';
import { formFailure, readForm } from '../components/care-forms.js';
import {
  CareNav,
  FilterSelect,
  memberOptions,
  noticeOf,
  SlaBadge,
  TICKET_STATUSES as STATUSES,
  shortTime,
  statusOptions,
  userIdOf,
} from './care-common.js';
import { adminGuard, adminPage } from './layout.js';

type C = Context<AppEnv>;

function TicketThread(props: { t: AdminTicket; who: Map<string, string> }) {
  return (
    <ol class="thread">
      {props.t.messages.map((m) => (
        <li class={m.author}>
          <span class="meta">
            {m.author === 'customer' ? props.t.email : m.author === 'note' ? 'Internal note' : 'Reply'} ·{' '}
            {shortTime(m.createdAt)}
          </span>
          {m.body}
        </li>
      ))}
    </ol>
  );
}

async function ticketPage(
  c: C,
  state: { body?: string; error?: string } = {},
  status: 200 | 400 | 409 = 200,
) {
  const deps = c.get('deps');
  const t = storeOf(c);
  const id = c.req.param('id') ?? '';
  const [ticket, staff, canned] = await Promise.all([
    getAdminTicket(deps, t.id, id),
    listStaff(deps, t.id),
    listCannedReplies(deps.db, t.id),
  ]);
  const who = new Map(staff.members.map((m) => [m.userId, m.name || m.email]));
  return adminPage(
    c,
    { title: `Ticket #${ticket.number}`, current: 'care', notice: noticeOf(c), error: state.error, status },
    <>
      <CareNav current="/admin/tickets" />
      <h2>{ticket.subject}</h2>
      <p>
        From {ticket.email} · status <strong id="ticket-status">{ticket.status}</strong>
        {ticket.orderId ? (
          <>
            {' '}
            · <a href={`/admin/orders/${ticket.orderId}`}>linked order</a>
          </>
        ) : null}{' '}
        · <SlaBadge label="Reply" value={ticket.sla.firstResponse} />{' '}
        <SlaBadge label="Resolve" value={ticket.sla.resolution} />
      </p>
      <TicketThread t={ticket} who={who} />
      <form class="care-form" method="post" action={`/admin/tickets/${ticket.id}/messages`}>
        {csrfInput(c)}
        <label for="body">Reply</label>
        <textarea id="body" name="body" maxlength={10000}>
          {state.body ?? ''}
        </textarea>
        {canned.length ? (
          <p>
            <label for="canned">or send a canned reply </label>
            <select id="canned" name="canned">
              <option value="">—</option>
              {canned.map((r) => (
                <option value={r.id}>{r.title}</option>
              ))}
            </select>
          </p>
        ) : null}
        <p>
          <label>
            <input type="checkbox" name="internal" value="1" /> Internal note (the shopper never sees it)
          </label>
        </p>
        <button class="btn" type="submit">
          Send
        </button>
      </form>
      <form class="filters" method="post" action={`/admin/tickets/${ticket.id}`}>
        {csrfInput(c)}
        <FilterSelect label="Status" name="status" value={ticket.status} options={statusOptions} />
        <FilterSelect
          label="Assignee"
          name="assigneeId"
          value={ticket.assigneeId}
          options={[{ value: '', label: 'Unassigned' }, ...memberOptions(staff.members)]}
        />
        <button class="btn" type="submit">
          Update
        </button>
      </form>
      <details>
        <summary>Canned replies</summary>
        <p>
          <a href="/admin/canned-replies">Manage canned replies</a> (edit, delete)
        </p>
        <ul>
          {canned.map((r) => (
            <li>
              <strong>{r.title}</strong>: {r.body}
            </li>
          ))}
        </ul>
        <form class="care-form" method="post" action="/admin/canned-replies">
          {csrfInput(c)}
          <input type="hidden" name="back" value={ticket.id} />
          <label for="canned-title">Title</label>{' '}
          <input id="canned-title" name="title" maxlength={100} required />
          <label for="canned-body">Text</label>
          <textarea id="canned-body" name="body" maxlength={5000} required />
          <button class="btn" type="submit">
            Save canned reply
          </button>
        </form>
      </details>
    </>,
  );
}

async function messageAction(c: C) {
  const v = await readForm(c);
  const t = storeOf(c);
  const id = c.req.param('id') ?? '';
  let body = v.body ?? '';
  if (!body.trim() && v.canned)
    body = (await listCannedReplies(c.get('deps').db, t.id)).find((r) => r.id === v.canned)?.body ?? '';
  try {
    await addStaffMessage(c.get('deps'), t, id, { userId: userIdOf(c), body, note: v.internal === '1' });
  } catch (err) {
    const f = formFailure(c, err);
    if (f.status === 404) throw err;
    return ticketPage(c, { body: v.body, error: f.errors.body ?? f.message }, 400);
  }
  return c.redirect(`/admin/tickets/${id}?notice=${v.internal === '1' ? 'noted' : 'replied'}`, 303);
}

async function updateAction(c: C) {
  const v = await readForm(c);
  const t = storeOf(c);
  const id = c.req.param('id') ?? '';
  const staff = await listStaff(c.get('deps'), t.id);
  try {
    await updateAdminTicket(
      c.get('deps'),
      t,
      id,
      {
        status: STATUSES.find((s) => s === v.status),
        assigneeId: v.assigneeId ? v.assigneeId : null,
      },
      staff.members.map((m) => m.userId),
    );
  } catch (err) {
    const f = formFailure(c, err);
    if (f.status === 404) throw err;
    return ticketPage(c, { error: f.message }, f.status === 409 ? 409 : 400);
  }
  return c.redirect(`/admin/tickets/${id}?notice=updated`, 303);
}

export const careTicketAdminPages = new Hono<AppEnv>();
careTicketAdminPages.get('/admin/tickets/:id', ...adminGuard('staff'), (c) => ticketPage(c));
careTicketAdminPages.post('/admin/tickets/:id/messages', ...adminGuard('staff'), messageAction);
careTicketAdminPages.post('/admin/tickets/:id', ...adminGuard('staff'), updateAction);
