/**
 * Admin › Orders: the list (search by number, e-mail or name; status,
 * payment and fulfilment filters; a placed-on date range; sortable by date
 * and total; pages) on the admin list shell (../list-page.tsx, as products
 * and inventory), and its CSV export with the same filters. Both call the
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
import { Button, type Column, type Query, StatusBadge } from '../../components/ui.js';
import { adminPage } from '../layout.js';
import { ListPage, type ListParams, readListParams } from '../list-page.js';

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

const FILTERS = ['status', 'payment', 'fulfilment', 'from', 'to'] as const;
type OrderColumnSort = 'placed' | 'total';

/**
 * The page's query (the list shell's `q`, filters, `sort=placed|total`, `dir`,
 * `page`) as the service's list query; bad values are dropped and named in
 * `errors` (the date fields show theirs).
 */
export function listQueryOf(c: Ctx): {
  params: ListParams<OrderColumnSort>;
  list: OrderListQuery;
  errors: Record<string, string>;
} {
  const params = readListParams<OrderColumnSort>(c.req.query(), {
    filters: FILTERS,
    sorts: ['placed', 'total'],
    sort: 'placed',
    dir: 'desc',
  });
  const { query } = params;
  const asc = params.dir === 'asc';
  const candidate: Record<string, string> = {
    sort: params.sort === 'total' ? (asc ? 'total_asc' : 'total_desc') : asc ? 'oldest' : 'newest',
  };
  for (const k of ['q', ...FILTERS, 'page']) {
    const v = query[k];
    if (v) candidate[k] = v;
  }
  const parsed = ZListOrdersQuery.safeParse(candidate);
  const errors: Record<string, string> = {};
  let list: OrderListQuery = { limit: PAGE_SIZE };
  if (parsed.success) list = { ...parsed.data, limit: PAGE_SIZE };
  else {
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] = issue.message;
    const clean = Object.fromEntries(Object.entries(candidate).filter(([k]) => !(k in errors)));
    const retry = ZListOrdersQuery.safeParse(clean);
    if (retry.success) list = { ...retry.data, limit: PAGE_SIZE };
  }
  // The page the service was asked for is the page the links count from.
  return { params: { ...params, page: list.page ?? 1 }, list, errors };
}

const selectOf = (
  query: Query,
  name: string,
  label: string,
  options: { value: string; label: string }[],
) => ({
  name,
  label,
  options,
  value: query[name] ?? '',
});

/** The placed-on date range (the filter bar's fields beyond its selects). */
function DateRange(props: { query: Query; errors: Record<string, string> }) {
  const date = (name: 'from' | 'to', label: string) => (
    <div class="fb-item">
      <label for={`fb-${name}`}>{label}</label>
      <input
        id={`fb-${name}`}
        type="date"
        name={name}
        value={props.query[name] ?? ''}
        aria-invalid={props.errors[name] ? 'true' : undefined}
      />
      {props.errors[name] ? <span class="error-text">Use a date like 2026-03-01</span> : null}
    </div>
  );
  return (
    <>
      {date('from', 'Placed from')}
      {date('to', 'Placed to')}
    </>
  );
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

const COLUMNS: Column<OrderSummary>[] = [
  { key: 'number', label: 'Order', render: (o) => <a href={`/admin/orders/${o.id}`}>#{o.number}</a> },
  { key: 'placed', label: 'Placed (UTC)', sortable: true, render: (o) => when(o.placedAt) },
  {
    key: 'customer',
    label: 'Customer',
    long: true,
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
  const { params, list, errors } = listQueryOf(c);
  const page = await listOrders(c.get('deps').db, storeOf(c).id, list);
  const { query } = params;
  const filtered = ['q', ...FILTERS].some((k) => Boolean(query[k]));
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
    <ListPage
      path="/admin/orders"
      params={params}
      search={{ placeholder: 'Order number, e-mail or name' }}
      selects={[
        selectOf(query, 'status', 'Status', STATUS_OPTIONS),
        selectOf(query, 'payment', 'Payment', PAYMENT_OPTIONS),
        selectOf(query, 'fulfilment', 'Fulfilment', FULFILMENT_OPTIONS),
      ]}
      fields={<DateRange query={query} errors={errors} />}
      caption="Orders"
      columns={COLUMNS}
      rows={page.items}
      total={page.total}
      pageSize={PAGE_SIZE}
      empty={{
        filtered,
        nothingMatches: {
          title: 'No orders match',
          body: 'Try another search or clear the filters.',
          action: { href: '/admin/orders', label: 'Clear filters' },
        },
        none: {
          title: 'No orders yet',
          body: 'Orders placed in your store appear here, newest first.',
          action: { href: '/', label: 'View your store' },
        },
      }}
    />,
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
