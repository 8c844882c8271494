/**
 * Customer pages of the store admin (mounted by src/web/routes.ts):
 *   GET  /admin/customers              list: search (email, name), sort, pages
 *   GET  /admin/customers/export.csv   every customer as CSV
 *   GET  /admin/customers/:id          profile, lifetime value, orders, notes
 *   POST /admin/customers/:id/notes    add a note (audited)
 * and, from customer-privacy.tsx, the customer's data download and erasure.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { formatMoney } from '../../lib/money.js';
import {
  addCustomerNote,
  type CustomerRow,
  type CustomerSort,
  exportCustomersCsv,
  getCustomerForAdmin,
  listCustomersForAdmin,
} from '../../modules/customers/admin-service.js';
import {
  Badge,
  Button,
  Card,
  type Column,
  DataTable,
  EmptyState,
  FilterBar,
  Pagination,
  type Query,
  Stat,
  StatusBadge,
  Textarea,
} from '../components/ui.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import { adminCustomerPrivacyPages, isErased, PRIVACY_NOTICES, PrivacyCard } from './customer-privacy.js';
import { pageParam, text } from './form-values.js';
import { adminGuard, adminPage } from './layout.js';

type Ctx = Context<AppEnv>;

const NOTICES = { note_added: 'Note added.', ...PRIVACY_NOTICES } as const;
const PAGE_SIZE = 25;
const SORTS: readonly CustomerSort[] = ['name', 'email', 'orders', 'spent', 'created'];

function columns(currency: string): Column<CustomerRow>[] {
  return [
    {
      key: 'name',
      label: 'Customer',
      sortable: true,
      long: true,
      render: (r) => (
        <>
          <a href={`/admin/customers/${r.id}`}>{r.name || r.email}</a>
          {r.name ? (
            <>
              <br />
              <span class="muted">{r.email}</span>
            </>
          ) : null}
        </>
      ),
    },
    {
      key: 'account',
      label: 'Account',
      render: (r) => (r.registered ? <Badge tone="info">Registered</Badge> : <Badge>Guest</Badge>),
    },
    { key: 'orders', label: 'Orders', sortable: true, num: true, render: (r) => r.orders },
    {
      key: 'spent',
      label: 'Lifetime value',
      sortable: true,
      num: true,
      render: (r) => formatMoney(r.spent, currency),
    },
    { key: 'created', label: 'Since', sortable: true, render: (r) => r.createdAt.slice(0, 10) },
  ];
}

async function listPage(c: Ctx) {
  const store = storeOf(c);
  const raw = c.req.query();
  const query: Query = { q: raw.q, sort: raw.sort, dir: raw.dir, page: raw.page };
  const sort = SORTS.find((s) => s === raw.sort) ?? 'created';
  const dir = raw.dir === 'asc' ? 'asc' : 'desc';
  const page = pageParam(raw.page);
  const { rows, total } = await listCustomersForAdmin(c.get('deps').db, store.id, {
    q: raw.q?.slice(0, 200),
    sort,
    dir,
    page,
    pageSize: PAGE_SIZE,
  });
  return adminPage(
    c,
    {
      title: 'Customers',
      current: 'customers',
      actions: (
        <Button variant="secondary" href="/admin/customers/export.csv">
          Export CSV
        </Button>
      ),
    },
    <>
      <FilterBar
        action="/admin/customers"
        q={raw.q}
        placeholder="Email or name"
        keep={{ sort: raw.sort, dir: raw.dir }}
      />
      <DataTable
        caption="Customers"
        columns={columns(store.currency)}
        rows={rows}
        sort={{ by: sort, dir }}
        path="/admin/customers"
        query={query}
        empty={
          raw.q ? (
            <EmptyState
              title="No customer matches"
              action={{ href: '/admin/customers', label: 'Show all' }}
            />
          ) : (
            <EmptyState
              title="No customers yet"
              body="Shoppers appear here after their first order or when they create an account."
            />
          )
        }
      />
      <Pagination
        path="/admin/customers"
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        shown={rows.length}
        total={total}
      />
    </>,
  );
}

async function detailPage(c: Ctx, typed?: { note: string; error: string }) {
  const store = storeOf(c);
  const d = await getCustomerForAdmin(c.get('deps').db, store.id, c.req.param('id') ?? '');
  const cu = d.customer;
  const aov = cu.orders ? Math.round(cu.spent / cu.orders) : 0;
  const erased = isErased(cu);
  return adminPage(
    c,
    {
      title: erased ? 'Deleted customer' : cu.name || cu.email,
      current: 'customers',
      back: { href: '/admin/customers', label: 'Customers' },
      notice: typed ? undefined : noticeFrom(c, NOTICES),
      status: typed ? 400 : 200,
    },
    <>
      <p class="muted">
        {erased ? 'data erased' : cu.email} · {cu.registered ? 'registered account' : 'guest checkout'} ·
        customer since {cu.createdAt.slice(0, 10)}
      </p>
      <div class="stats">
        <Stat label="Lifetime value" value={formatMoney(cu.spent, store.currency)} />
        <Stat label="Orders" value={String(cu.orders)} />
        <Stat label="Average order" value={formatMoney(aov, store.currency)} />
        <Stat label="Last order" value={cu.lastOrderAt ? cu.lastOrderAt.slice(0, 10) : '—'} />
      </div>
      <div class="cards">
        <Card title="Orders">
          {d.orders.length === 0 ? (
            <EmptyState title="No orders yet" />
          ) : (
            <ul class="checklist">
              {d.orders.map((o) => (
                <li>
                  <a href={`/admin/orders/${o.id}`}>#{o.number}</a>
                  <span class="muted">{o.placedAt.slice(0, 10)}</span>
                  <StatusBadge status={o.status} />
                  <span style="margin-left:auto">{formatMoney(o.total, store.currency)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Notes">
          <form method="post" action={`/admin/customers/${cu.id}/notes`}>
            {csrfInput(c)}
            <Textarea
              name="body"
              label="Add a note"
              value={typed?.note}
              error={typed?.error}
              rows={3}
              maxlength={5000}
              hint="Only your team sees notes."
            />
            <Button>Add note</Button>
          </form>
          {d.notes.map((n) => (
            <blockquote class="card" style="margin:.75rem 0 0;white-space:pre-wrap">
              {n.body}
              <br />
              <span class="muted">{n.createdAt.slice(0, 16).replace('T', ' ')}</span>
            </blockquote>
          ))}
        </Card>
        <PrivacyCard c={c} customerId={cu.id} email={cu.email} />
      </div>
    </>,
  );
}

async function noteSubmit(c: Ctx) {
  const form = await c.req.parseBody();
  const body = text(form, 'body', 6000);
  if (!body) return detailPage(c, { note: body, error: 'Write something first' });
  if (body.length > 5000) return detailPage(c, { note: body, error: 'Keep a note under 5,000 characters' });
  const p = c.get('principal');
  const id = c.req.param('id') ?? '';
  await addCustomerNote(c.get('deps').db, storeOf(c).id, id, p?.kind === 'user' ? p.userId : null, body);
  return c.redirect(`/admin/customers/${id}${noticeQuery(NOTICES, 'note_added')}`, 303);
}

async function exportCsv(c: Ctx) {
  const store = storeOf(c);
  return c.body(await exportCustomersCsv(c.get('deps').db, store.id), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="customers-${store.handle}.csv"`,
  });
}

const UUID = '{[0-9a-fA-F-]{36}}';
export const adminCustomerPages = new Hono<AppEnv>();
adminCustomerPages.get('/admin/customers', ...adminGuard('staff'), listPage);
adminCustomerPages.get('/admin/customers/export.csv', ...adminGuard('staff'), exportCsv);
adminCustomerPages.get(`/admin/customers/:id${UUID}`, ...adminGuard('staff'), (c) => detailPage(c));
adminCustomerPages.post(`/admin/customers/:id${UUID}/notes`, ...adminGuard('staff'), noteSubmit);
adminCustomerPages.route('/', adminCustomerPrivacyPages);
