/**
 * Admin pages for support tickets (store host, cookie session, staff+):
 *   GET  /admin/tickets              inbox: filters status / assignee (me, unassigned, a member) / overdue; SLA badges
 * The ticket's own page is care-ticket-thread.tsx, canned replies care-canned.tsx; both are mounted here.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { listStaff } from '../../modules/staff/service.js';
import { listInbox } from '../../modules/tickets/inbox.js';
import { EmptyState } from '../components/ui.js';
import { careCannedAdminPages } from './care-canned.js';
import {
  CareNav,
  FilterSelect,
  memberOptions,
  noticeOf,
  SlaBadge,
  shortTime,
  statusOptions,
  TICKET_STATUSES,
  userIdOf,
} from './care-common.js';
import { careTicketAdminPages } from './care-ticket-thread.js';
import { adminGuard, adminPage } from './layout.js';

type C = Context<AppEnv>;
const STATUSES = TICKET_STATUSES;

async function inboxPage(c: C) {
  const deps = c.get('deps');
  const t = storeOf(c);
  const q = c.req.query();
  const status = STATUSES.find((s) => s === q.status);
  const assignee = q.assignee && /^(me|none|[0-9a-f-]{36})$/.test(q.assignee) ? q.assignee : undefined;
  const [page, staff] = await Promise.all([
    listInbox(deps, t.id, userIdOf(c), { status, assignee, overdue: q.overdue === '1' }),
    listStaff(deps, t.id),
  ]);
  const who = new Map(staff.members.map((m) => [m.userId, m.name || m.email]));
  return adminPage(
    c,
    { title: 'Support tickets', current: 'care', notice: noticeOf(c) },
    <>
      <CareNav current="/admin/tickets" />
      <form class="filters" method="get" action="/admin/tickets">
        <FilterSelect
          label="Status"
          name="status"
          value={status}
          options={[{ value: '', label: 'Any' }, ...statusOptions]}
        />
        <FilterSelect
          label="Assignee"
          name="assignee"
          value={assignee}
          options={[
            { value: '', label: 'Anyone' },
            { value: 'me', label: 'Me' },
            { value: 'none', label: 'Unassigned' },
            ...memberOptions(staff.members),
          ]}
        />
        <label>
          <span>
            <input type="checkbox" name="overdue" value="1" checked={q.overdue === '1'} /> Overdue only
          </span>
        </label>
        <button class="btn" type="submit">
          Filter
        </button>
      </form>
      {page.items.length === 0 ? (
        <EmptyState
          title="No tickets match"
          body="Messages from the contact page and from order pages appear here."
        />
      ) : (
        <div class="table-wrap">
          <table class="table" id="tickets">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Subject</th>
                <th scope="col">From</th>
                <th scope="col">Status</th>
                <th scope="col">Assignee</th>
                <th scope="col">SLA</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((x) => (
                <tr>
                  <td>{x.number}</td>
                  <td>
                    <a href={`/admin/tickets/${x.id}`}>{x.subject}</a>
                  </td>
                  <td>{x.email}</td>
                  <td>{x.status}</td>
                  <td>{x.assigneeId ? (who.get(x.assigneeId) ?? '—') : 'Unassigned'}</td>
                  <td>
                    <SlaBadge label="Reply" value={x.sla.firstResponse} />{' '}
                    <SlaBadge label="Resolve" value={x.sla.resolution} />
                  </td>
                  <td>{shortTime(x.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>,
  );
}

export const careTicketsAdminPages = new Hono<AppEnv>();
careTicketsAdminPages.get('/admin/tickets', ...adminGuard('staff'), inboxPage);
careTicketsAdminPages.route('/', careTicketAdminPages);
careTicketsAdminPages.route('/', careCannedAdminPages);
