/**
 * /admin/products — the product list: search (title, handle, SKU), status
 * and category filters, sortable columns, stock with low-stock warnings,
 * pages of 25, and bulk publish/archive/draft through checkboxes (a form the
 * row checkboxes join by `form=`). Staff see the list; admins act on it.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { listCategoriesForAdmin } from '../../modules/catalog/admin-service.js';
import {
  type AdminProductRow,
  type AdminProductSort,
  listProductTable,
} from '../../modules/catalog/admin-table-service.js';
import { Button, type Column, StatusBadge } from '../components/ui.js';
import { noticeFrom } from '../notices.js';
import { adminPage, roleAtLeast } from './layout.js';
import { ListPage, readListParams } from './list-page.js';
import { moneyText } from './money-text.js';

type Ctx = Context<AppEnv>;

export const PRODUCT_NOTICES = {
  created: 'Product created.',
  saved: 'Product saved.',
  bulk_active: 'Selected products are now active on the storefront.',
  bulk_archived: 'Selected products were archived.',
  bulk_draft: 'Selected products were moved back to draft.',
  bulk_none: 'Nothing changed: select products first (or they already had that status).',
  imported: 'Import finished.',
  image_added: 'Image added.',
  image_saved: 'Alt text saved.',
  image_moved: 'Image moved.',
  image_deleted: 'Image deleted.',
} as const;
export type ImageNotice = 'image_added' | 'image_saved' | 'image_moved' | 'image_deleted';

const PAGE_SIZE = 25;
const SORTS: readonly AdminProductSort[] = ['title', 'price', 'stock', 'updated', 'created'];
const STATUSES = ['draft', 'active', 'archived'] as const;

function columns(currency: string): Column<AdminProductRow>[] {
  return [
    {
      key: 'image',
      label: <span class="visually-hidden">Image</span>,
      render: (r) =>
        r.imageUrl ? <img class="thumb" src={r.imageUrl} alt="" loading="lazy" /> : <span class="thumb" />,
    },
    {
      key: 'title',
      label: 'Product',
      sortable: true,
      render: (r) => (
        <>
          <a href={`/admin/products/${r.id}`}>{r.title}</a>
          <br />
          <span class="muted">
            {r.variantCount} variant{r.variantCount === 1 ? '' : 's'}
            {r.categoryName ? ` · ${r.categoryName}` : ''}
          </span>
        </>
      ),
    },
    { key: 'status', label: 'Status', render: (r) => <StatusBadge status={r.status} /> },
    {
      key: 'stock',
      label: 'Stock',
      sortable: true,
      num: true,
      render: (r) => (
        <>
          {r.available} available
          {r.lowVariants > 0 ? (
            <>
              <br />
              <a href={`/admin/inventory?q=${encodeURIComponent(r.handle)}`} class="badge warn">
                {r.lowVariants} low
              </a>
            </>
          ) : null}
        </>
      ),
    },
    {
      key: 'price',
      label: 'Price',
      sortable: true,
      num: true,
      render: (r) =>
        r.minPrice === r.maxPrice
          ? moneyText(r.minPrice, currency)
          : `${moneyText(r.minPrice, currency)} – ${moneyText(r.maxPrice, currency)}`,
    },
    {
      key: 'updated',
      label: 'Updated',
      sortable: true,
      render: (r) => r.updatedAt.slice(0, 10),
    },
  ];
}

function BulkBar(props: { c: Ctx }) {
  return (
    <form id="bulk" method="post" action="/admin/products/bulk" class="row" style="margin:0 0 .75rem">
      {csrfInput(props.c)}
      <span class="muted">With selected:</span>
      <Button variant="secondary" size="sm" name="status" value="active">
        Publish
      </Button>
      <Button variant="secondary" size="sm" name="status" value="draft">
        Move to draft
      </Button>
      <Button variant="secondary" size="sm" name="status" value="archived">
        Archive
      </Button>
    </form>
  );
}

export async function productsListPage(c: Ctx) {
  const store = storeOf(c);
  const deps = c.get('deps');
  const params = readListParams(c.req.query(), {
    filters: ['status', 'category'],
    sorts: SORTS,
    sort: 'updated',
    dir: 'desc',
  });
  const { query } = params;
  const status = STATUSES.find((s) => s === query.status);
  const canEdit = roleAtLeast(c, 'admin');
  const [{ rows, total }, cats] = await Promise.all([
    listProductTable(deps.db, store.id, {
      q: params.q,
      status,
      category: query.category?.slice(0, 100) || undefined,
      sort: params.sort,
      dir: params.dir,
      page: params.page,
      pageSize: PAGE_SIZE,
    }),
    listCategoriesForAdmin(deps.db, store.id),
  ]);
  return adminPage(
    c,
    {
      title: 'Products',
      current: 'products',
      notice: noticeFrom(c, PRODUCT_NOTICES),
      actions: (
        <>
          <Button variant="secondary" href="/admin/products/export.csv">
            Export CSV
          </Button>
          {canEdit ? (
            <>
              <Button variant="secondary" href="/admin/products/import">
                Import CSV
              </Button>
              <Button href="/admin/products/new">Add product</Button>
            </>
          ) : null}
        </>
      ),
    },
    <ListPage
      path="/admin/products"
      params={params}
      search={{ placeholder: 'Title, handle or SKU' }}
      selects={[
        {
          name: 'status',
          label: 'Status',
          value: status ?? '',
          options: [{ value: '', label: 'Any status' }, ...STATUSES.map((s) => ({ value: s, label: s }))],
        },
        {
          name: 'category',
          label: 'Category',
          value: query.category ?? '',
          options: [
            { value: '', label: 'Any category' },
            ...cats.items.map((k) => ({ value: k.handle, label: k.name })),
          ],
        },
      ]}
      bar={canEdit && rows.length > 0 ? <BulkBar c={c} /> : null}
      caption="Products"
      columns={columns(store.currency)}
      rows={rows}
      total={total}
      pageSize={PAGE_SIZE}
      lead={
        canEdit
          ? {
              header: (
                <input type="checkbox" form="bulk" data-select-all="ids" aria-label="Select all products" />
              ),
              cell: (r) => (
                <input type="checkbox" form="bulk" name="ids" value={r.id} aria-label={`Select ${r.title}`} />
              ),
            }
          : undefined
      }
      empty={{
        filtered: Boolean(query.q || status || query.category),
        nothingMatches: {
          title: 'No products match',
          body: 'Try another search or clear the filters.',
          action: { href: '/admin/products', label: 'Clear filters' },
        },
        none: {
          title: 'No products yet',
          body: 'Add your first product, or import a CSV of your catalogue.',
          action: canEdit ? { href: '/admin/products/new', label: 'Add product' } : undefined,
        },
      }}
    />,
  );
}
