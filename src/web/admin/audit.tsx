/**
 * Admin › Audit log (owners only): who did what, when, in this store —
 * filtered by person, action and date, newest first, paged by "older".
 * Entries read as sentences (the `summary` merchant actions write through
 * auditStoreAction, else a sentence built from the action); no ids or JSON.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { type AuditItem, listStoreAudit } from '../../modules/audit/service.js';
import { listStaff, type StaffMember } from '../../modules/staff/service.js';
import { type Column, DataTable, EmptyState, hrefWith, type Query } from '../components/ui.js';
import { adminGuard, adminPage } from './layout.js';

type Ctx = Context<AppEnv>;
const PAGE_SIZE = 50;

const ACTION_LABELS: Record<string, string> = {
  'store.created': 'Store created',
  'staff.invited': 'Invited a team member',
  'staff.joined': 'Joined the team',
  'staff.role_changed': 'Changed a role',
  'staff.removed': 'Removed a team member',
  'order.marked_paid': 'Marked an order paid',
  'order.fulfilled': 'Shipped an order',
  'order.completed': 'Completed an order',
  'order.cancelled': 'Cancelled an order',
  'order.refunded': 'Refunded an order',
  'order.note_added': 'Added an order note',
  'order.confirmation_resent': 'Resent an order confirmation',
  'settings.updated': 'Changed store settings',
  'customer.registered': 'A customer registered',
  'customer.login': 'A customer signed in',
  'customer.login_failed': 'A customer sign-in failed',
  'customer.password_reset': 'A customer reset their password',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action.replace(/[._]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

function sentence(i: AuditItem): string {
  const d = i.data as Record<string, unknown>;
  if (typeof d.summary === 'string') return d.summary;
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  switch (i.action) {
    case 'staff.invited':
      return `Invited ${str('email')} as ${str('role')}`;
    case 'staff.role_changed':
      return `Changed a member's role from ${str('from')} to ${str('to')}`;
    case 'staff.removed':
      return `Removed a ${str('role')} from the team`;
    case 'staff.joined':
      return `Joined the team as ${str('role')}`;
    default:
      return actionLabel(i.action);
  }
}

function who(i: AuditItem, people: Map<string, StaffMember>): string {
  if (i.actorType === 'customer') return 'A customer';
  if (i.actorType === 'platform_admin') return 'Storeloom support';
  if (i.actorType === 'system' || !i.actorId) return 'Storeloom';
  const m = people.get(i.actorId);
  return m ? (m.name ? `${m.name} (${m.email})` : m.email) : 'A former team member';
}

function dayOf(s: string | undefined): Date | undefined {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

async function auditPage(c: Ctx): Promise<Response> {
  const raw = c.req.query();
  const query: Query = {};
  for (const k of ['actor', 'action', 'from', 'to']) if (raw[k]) query[k] = raw[k]?.slice(0, 100);
  const store = storeOf(c);
  const { members } = await listStaff(c.get('deps'), store.id);
  const people = new Map(members.map((m) => [m.userId, m]));
  const to = dayOf(query.to);
  const before = /^\d{1,15}$/.test(raw.before ?? '') ? Number(raw.before) : undefined;
  const actorId = query.actor && people.has(query.actor) ? query.actor : undefined;
  const page = await listStoreAudit(c.get('deps').db, store.id, {
    action: query.action,
    actorId,
    from: dayOf(query.from),
    to: to ? new Date(to.getTime() + 86_400_000) : undefined,
    beforeId: before,
    limit: PAGE_SIZE,
  });
  const columns: Column<AuditItem>[] = [
    { key: 'when', label: 'When (UTC)', render: (i) => i.createdAt.slice(0, 16).replace('T', ' ') },
    { key: 'who', label: 'Who', render: (i) => who(i, people) },
    { key: 'what', label: 'What', render: (i) => sentence(i) },
  ];
  const filtered = Object.keys(query).length > 0;
  const sel = (name: string, label: string, options: { value: string; label: string }[]) => (
    <div class="fb-item">
      <label for={`fb-${name}`}>{label}</label>
      <select id={`fb-${name}`} name={name}>
        {options.map((o) => (
          <option value={o.value} selected={o.value === (query[name] ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return adminPage(
    c,
    { title: 'Audit log', current: 'audit' },
    <>
      <p class="muted">Every change to orders, money, settings and your team, newest first.</p>
      <form class="filter-bar" method="get" action="/admin/audit" role="search">
        {sel('actor', 'Person', [
          { value: '', label: 'Anyone' },
          ...members.map((m) => ({ value: m.userId, label: m.name ?? m.email })),
        ])}
        {sel('action', 'Action', [
          { value: '', label: 'Any action' },
          ...page.actions.map((a) => ({ value: a, label: actionLabel(a) })),
        ])}
        <div class="fb-item">
          <label for="fb-from">From</label>
          <input id="fb-from" type="date" name="from" value={query.from ?? ''} />
        </div>
        <div class="fb-item">
          <label for="fb-to">To</label>
          <input id="fb-to" type="date" name="to" value={query.to ?? ''} />
        </div>
        <button type="submit" class="btn btn-secondary">
          Apply
        </button>
      </form>
      <DataTable
        columns={columns}
        rows={page.items}
        caption="Audit log"
        empty={
          filtered ? (
            <EmptyState
              title="Nothing matches"
              body="Try another person, action or date."
              action={{ href: '/admin/audit', label: 'Clear filters' }}
            />
          ) : (
            <EmptyState title="Nothing recorded yet" body="Changes your team makes will be listed here." />
          )
        }
      />
      {page.nextBeforeId ? (
        <nav class="pagination" aria-label="Pages">
          <span />
          <a
            class="btn btn-secondary btn-sm"
            rel="next"
            href={hrefWith('/admin/audit', { ...query, before: String(page.nextBeforeId) })}
          >
            Older entries →
          </a>
        </nav>
      ) : null}
    </>,
  );
}

export const adminAuditPages = new Hono<AppEnv>();
adminAuditPages.get('/admin/audit', ...adminGuard('owner'), auditPage);
