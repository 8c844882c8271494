/**
 * Admin › Orders: the list (search by number, e-mail or name; status,
 * payment and fulfilment filters; a placed-on date range; sortable by date
 * and total; pages) and its CSV export with the same filters. Both call the
 * orders service the JSON API uses.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../../lib/http/context.js';
import { storeOf } from '../../../lib/http/middleware.js';
import { formatMoney } from '../../../lib/money.js';
import { exportOrdersCsv } from '../../../modules/orders/export.js';
import type { OrderSummary } from '../../../modules/orders/schemas.js';
import { ZListOrdersQuery } from '../../../modules/orders/schemas.js';
import { listOrders, type OrderListQuery } from '../../../modules/orders/service.js';
import {
  Button,
  type Column,
  DataTable,
  EmptyState,
  Pagination,
  type Query,
  StatusBadge,
} from '../../components/ui.js';
import { adminPage } from '../layout.js';

type Ctx = Context<AppEnv>;
const PAGE_SIZE = 25;

const STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  { value: 'pending_payment', label: 'Awaiting payment' },
  { value: 'paid', label: 'Paid' },
  { value: 'fulfilled', label: 'Fulfilled' },
  { value: 'completed', label: 'Completed' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'partially_refunded', label: 'Partially refunded' },
  { value: 'refunded', label: 'Refunded' },
];
const PAYMENT_OPTIONS = [
  { value: '', label: 'Any payment' },
  { value: 'unpaid', label: 'Unpaid' },
  { value: 'paid', label: 'Paid' },
  { value: 'partially_refunded', label: 'Partially refunded' },
  { value: 'refunded', label: 'Refunded' },
];
const FULFILMENT_OPTIONS = [
  { value: '', label: 'Any fulfilment' },
  { value: 'unfulfilled', label: 'Unfulfilled' },
  { value: 'partial', label: 'Partly shipped' },
  { value: 'fulfilled', label: 'Shipped' },
];

/** The page's query (table sort `sort=placed|total&dir=…`) as the service's list query; bad values are dropped. */
export function listQueryOf(c: Ctx): { query: Query; list: OrderListQuery; errors: Record<string, string> } {
  const raw = c.req.query();
  const query: Query = {};
  for (const k of ['q', 'status', 'payment', 'fulfilment', 'from', 'to', 'sort', 'dir', 'page']) {
    if (raw[k]) query[k] = raw[k];
  }
  const sort =
    query.sort === 'total'
      ? query.dir === 'asc'
        ? 'total_asc'
        : 'total_desc'
      : query.dir === 'asc'
        ? 'oldest'
        : 'newest';
  const candidate = { ...query, sort, dir: undefined, page: query.page };
  delete candidate.dir;
  const parsed = ZListOrdersQuery.safeParse(candidate);
  const errors: Record<string, string> = {};
  if (parsed.success) return { query, list: { ...parsed.data, limit: PAGE_SIZE }, errors };
  for (const issue of parsed.error.issues) errors[String(issue.path[0])] = issue.message;
  const clean = Object.fromEntries(Object.entries(candidate).filter(([k]) => !(k in errors)));
  const retry = ZListOrdersQuery.safeParse(clean);
  return { query, list: { ...(retry.success ? retry.data : {}), limit: PAGE_SIZE }, errors };
}

function OrderFilters(props: { query: Query; errors: Record<string, string> }) {
  const q = props.query;
  const sel = (name: string, label: string, options: { value: string; label: string }[]) => (
    <div class="fb-item">
      <label for={`fb-${name}`}>{label}</label>
      <select id={`fb-${name}`} name={name}>
        {options.map((o) => (
          <option value={o.value} selected={o.value === (q[name] ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const date = (name: 'from' | 'to', label: string) => (
    <div class="fb-item">
      <label for={`fb-${name}`}>{label}</label>
      <input
        id={`fb-${name}`}
        type="date"
        name={name}
        value={q[name] ?? ''}
        aria-invalid={props.errors[name] ? 'true' : undefined}
      />
      {props.errors[name] ? <span class="error-text">Use a date like 2026-03-01</span> : null}
    </div>
  );
  return (
    <form class="filter-bar" method="get" action="/admin/orders" role="search">
      <div class="fb-item fb-search">
        <label for="fb-q">Search</label>
        <input
          id="fb-q"
          type="search"
          name="q"
          value={q.q ?? ''}
          placeholder="Order number, e-mail or name"
        />
      </div>
      {sel('status', 'Status', STATUS_OPTIONS)}
      {sel('payment', 'Payment', PAYMENT_OPTIONS)}
      {sel('fulfilment', 'Fulfilment', FULFILMENT_OPTIONS)}
      {date('from', 'Placed from')}
      {date('to', 'Placed to')}
      {q.sort ? <input type="hidden" name="sort" value={q.sort} /> : null}
      {q.dir ? <input type="hidden" name="dir" value={q.dir} /> : null}
      <button type="submit" class="btn btn-secondary">
        Apply
      </button>
    </form>
  );
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

const COLUMNS: Column<OrderSummary>[] = [
  { key: 'number', label: 'Order', render: (o) => <a href={`/admin/orders/${o.id}`}>#{o.number}</a> },
  { key: 'placed', label: 'Placed (UTC)', sortable: true, render: (o) => when(o.placedAt) },
  {
    key: 'customer',
    label: 'Customer',
    render: (o) => (
      <>
        {o.shippingName || '—'}
        <br />
        <span class="muted">{o.email}</span>
      </>
    ),
  },
  {
    key: 'status',
    label: 'Status',
    render: (o) => <StatusBadge status={o.status} label={statusLabel(o.status)} />,
  },
  {
    key: 'fulfilment',
    label: 'Fulfilment',
    render: (o) => (
      <StatusBadge
        status={o.fulfilmentStatus === 'partial' ? 'partially_fulfilled' : o.fulfilmentStatus}
        label={fulfilmentLabel(o.fulfilmentStatus)}
      />
    ),
  },
  {
    key: 'total',
    label: 'Total',
    sortable: true,
    num: true,
    render: (o) => formatMoney(o.total, o.currency),
  },
];

export function statusLabel(status: string): string {
  return STATUS_OPTIONS.find((o) => o.value === status)?.label ?? status;
}

export function fulfilmentLabel(f: string): string {
  return FULFILMENT_OPTIONS.find((o) => o.value === f)?.label ?? f;
}

export async function ordersListPage(c: Ctx): Promise<Response> {
  const { query, list, errors } = listQueryOf(c);
  const page = await listOrders(c.get('deps').db, storeOf(c).id, list);
  const filtered = Object.keys(query).some((k) => !['sort', 'dir', 'page'].includes(k));
  const exportHref = `/admin/orders/export.csv${new URL(c.req.url).search}`;
  return adminPage(
    c,
    {
      title: 'Orders',
      current: 'orders',
      actions: (
        <Button variant="secondary" href={exportHref}>
          Export CSV
        </Button>
      ),
    },
    <>
      <OrderFilters query={query} errors={errors} />
      <DataTable
        columns={COLUMNS}
        rows={page.items}
        caption="Orders"
        sort={{ by: query.sort === 'total' ? 'total' : 'placed', dir: query.dir === 'asc' ? 'asc' : 'desc' }}
        path="/admin/orders"
        query={query}
        empty={
          filtered ? (
            <EmptyState
              title="No orders match"
              body="Try another search or clear the filters."
              action={{ href: '/admin/orders', label: 'Clear filters' }}
            />
          ) : (
            <EmptyState
              title="No orders yet"
              body="Orders placed in your store appear here, newest first."
              action={{ href: '/', label: 'View your store' }}
            />
          )
        }
      />
      <Pagination
        path="/admin/orders"
        query={query}
        page={list.page ?? 1}
        pageSize={PAGE_SIZE}
        shown={page.items.length}
        total={page.total}
      />
    </>,
  );
}

export async function ordersCsv(c: Ctx): Promise<Response> {
  const { list } = listQueryOf(c);
  const csv = await exportOrdersCsv(c.get('deps').db, storeOf(c).id, list);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header(
    'content-disposition',
    `attachment; filename="orders-${new Date().toISOString().slice(0, 10)}.csv"`,
  );
  return c.body(csv);
}
