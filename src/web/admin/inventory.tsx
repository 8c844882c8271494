/**
 * Inventory pages of the store admin (mounted by src/web/routes.ts):
 *   GET  /admin/inventory                  stock per variant: on hand, reserved, available,
 *                                          low/out filter, search, sort, pages; inline threshold
 *   GET  /admin/inventory/:variantId       one variant: level, adjust form, the ledger
 *   POST /admin/inventory/:variantId/adjust     adjust with a reason (ledger + audit)
 *   POST /admin/inventory/:variantId/threshold  low-stock threshold (audit)
 * Staff may do all of it, as in the API. A bad amount re-renders with the
 * message next to the field and the typed value kept.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { actorOf } from '../../modules/catalog/actor.js';
import {
  listStockTable,
  type StockFilter,
  type StockRow,
  type StockSort,
  setLowStockThreshold,
} from '../../modules/inventory/admin-service.js';
import { Button, type Column, StatusBadge } from '../components/ui.js';
import { noticeFrom } from '../notices.js';
import { parseWhole, text } from './form-values.js';
import { INVENTORY_NOTICES, variantPage, variantSubmit } from './inventory-variant.js';
import { adminGuard, adminPage } from './layout.js';
import { ListPage, readListParams } from './list-page.js';

type Ctx = Context<AppEnv>;

const PAGE_SIZE = 50;
const SORTS: readonly StockSort[] = ['product', 'sku', 'available', 'threshold'];
const FILTERS: readonly StockFilter[] = ['all', 'low', 'out'];

function ThresholdForm(props: { c: Ctx; row: StockRow; back: string }) {
  const id = `t-${props.row.variantId}`;
  return (
    <form method="post" action={`/admin/inventory/${props.row.variantId}/threshold`} class="inline-form">
      {csrfInput(props.c)}
      <input type="hidden" name="back" value={props.back} />
      <label class="visually-hidden" for={id}>
        Low-stock threshold of {props.row.sku}
      </label>
      <input id={id} name="threshold" inputmode="numeric" value={String(props.row.lowStockThreshold)} />
      <Button variant="secondary" size="sm">
        Set
      </Button>
    </form>
  );
}

function columns(c: Ctx, back: string): Column<StockRow>[] {
  return [
    {
      key: 'product',
      label: 'Product',
      sortable: true,
      render: (r) => (
        <>
          <a href={`/admin/inventory/${r.variantId}`}>
            {r.productTitle}
            {r.variantTitle ? ` — ${r.variantTitle}` : ''}
          </a>
          {r.productStatus !== 'active' ? (
            <>
              {' '}
              <StatusBadge status={r.productStatus} />
            </>
          ) : null}
        </>
      ),
    },
    { key: 'sku', label: 'SKU', sortable: true, long: true, render: (r) => r.sku },
    // On hand and reserved are on the variant's own page (the product link) too: they step aside on a tablet.
    { key: 'stock', label: 'On hand', num: true, minor: true, render: (r) => r.stock },
    { key: 'reserved', label: 'Reserved', num: true, minor: true, render: (r) => r.reserved },
    {
      key: 'available',
      label: 'Available',
      sortable: true,
      num: true,
      render: (r) => (
        <span
          class={
            r.available <= 0 ? 'badge danger' : r.available <= r.lowStockThreshold ? 'badge warn' : undefined
          }
        >
          {r.available}
        </span>
      ),
    },
    {
      key: 'threshold',
      label: 'Low at',
      sortable: true,
      render: (r) => <ThresholdForm c={c} row={r} back={back} />,
    },
    {
      key: 'adjust',
      label: <span class="visually-hidden">Actions</span>,
      render: (r) => (
        <a class="btn btn-secondary btn-sm" href={`/admin/inventory/${r.variantId}#adjust`}>
          Adjust
        </a>
      ),
    },
  ];
}

async function inventoryPage(c: Ctx) {
  const store = storeOf(c);
  const raw = c.req.query();
  const params = readListParams(raw, { filters: ['filter'], sorts: SORTS, sort: 'product', dir: 'asc' });
  const filter = FILTERS.find((f) => f === raw.filter) ?? 'all';
  const { rows, total } = await listStockTable(c.get('deps').db, store.id, {
    q: params.q,
    filter,
    sort: params.sort,
    dir: params.dir,
    page: params.page,
    pageSize: PAGE_SIZE,
  });
  const back = c.req.url.slice(c.req.url.indexOf('/admin/inventory'));
  return adminPage(
    c,
    { title: 'Inventory', current: 'inventory', notice: noticeFrom(c, INVENTORY_NOTICES) },
    <ListPage
      path="/admin/inventory"
      params={params}
      search={{ placeholder: 'Product, variant or SKU' }}
      selects={[
        {
          name: 'filter',
          label: 'Show',
          value: filter === 'all' ? '' : filter,
          options: [
            { value: '', label: 'All variants' },
            { value: 'low', label: 'Low stock (at or below threshold)' },
            { value: 'out', label: 'Out of stock' },
          ],
        },
      ]}
      caption="Stock per variant"
      columns={columns(c, back)}
      rows={rows}
      total={total}
      pageSize={PAGE_SIZE}
      empty={{
        filtered: Boolean(raw.q) || filter !== 'all',
        nothingMatches: {
          title: 'Nothing matches',
          body: 'No variant matches this search or filter.',
          action: { href: '/admin/inventory', label: 'Show all' },
        },
        none: {
          title: 'No stock to track yet',
          body: 'Variants appear here once you add products.',
          action: { href: '/admin/products/new', label: 'Add product' },
        },
      }}
    />,
  );
}

/** Only a path under /admin/inventory (never another host). */
function safeBack(raw: string, fallback: string): string {
  return /^\/admin\/inventory(?:[/?][^\s\\]*)?$/.test(raw) && !raw.startsWith('//') ? raw : fallback;
}

/** `back` with `?notice=<code>` set (a known code only). */
function withNotice(back: string, code: keyof typeof INVENTORY_NOTICES): string {
  const u = new URL(back, 'http://admin.invalid');
  u.searchParams.set('notice', code);
  return `${u.pathname}${u.search}`;
}

async function thresholdSubmit(c: Ctx) {
  const form = await c.req.parseBody();
  const id = c.req.param('id') ?? '';
  const back = safeBack(text(form, 'back', 500), `/admin/inventory/${id}`);
  const parsed = parseWhole(text(form, 'threshold'));
  if (!parsed.ok || parsed.value === null) return c.redirect(withNotice(back, 'threshold_invalid'), 303);
  await setLowStockThreshold(c.get('deps').db, storeOf(c).id, id, parsed.value, actorOf(c));
  return c.redirect(withNotice(back, 'threshold_saved'), 303);
}

export const adminInventoryPages = new Hono<AppEnv>();
const UUID = '{[0-9a-fA-F-]{36}}';
adminInventoryPages.get('/admin/inventory', ...adminGuard('staff'), inventoryPage);
adminInventoryPages.get(`/admin/inventory/:id${UUID}`, ...adminGuard('staff'), (c) => variantPage(c));
adminInventoryPages.post(`/admin/inventory/:id${UUID}/adjust`, ...adminGuard('staff'), variantSubmit);
adminInventoryPages.post(`/admin/inventory/:id${UUID}/threshold`, ...adminGuard('staff'), thresholdSubmit);
