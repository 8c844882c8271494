/** The console's tenants list (on the UI kit's DataTable): plan, status (and closing date), GMV and last activity; search, filters (status, plan, creation dates) and keyset pages. */
import type { Context } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { z } from '../../lib/http/openapi.js';
import { formatMoney } from '../../lib/money.js';
import { listTenants, type TenantListItem } from '../../modules/console/service.js';
import { Badge, EmptyState, FilterBar, StatusBadge } from '../components/ui.js';
import { type Column, DataTable } from '../components/ui-table.js';
import { blankToUndef, ConsoleLayout, when, ymd } from './layout.js';

type Ctx = Context<AppEnv>;

const ZFilters = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(['active', 'suspended', 'deleted']).optional().catch(undefined),
  plan: z.string().trim().max(50).optional().catch(undefined),
  createdFrom: z.coerce.date().optional().catch(undefined),
  createdTo: z.coerce.date().optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});

type Filters = z.infer<typeof ZFilters>;

function TenantFilters({ f }: { f: Filters }) {
  return (
    <FilterBar
      action="/console"
      label="Filter tenants"
      q={f.q}
      searchLabel="Search handle or name"
      selects={[
        {
          name: 'status',
          label: 'Status',
          options: [
            { value: '', label: 'Any' },
            ...['active', 'suspended', 'deleted'].map((v) => ({ value: v, label: v })),
          ],
          value: f.status,
        },
      ]}
      inputs={[
        { name: 'plan', label: 'Plan', value: f.plan, size: 10 },
        { name: 'createdFrom', label: 'Created from', type: 'date', value: ymd(f.createdFrom) },
        { name: 'createdTo', label: 'Created before', type: 'date', value: ymd(f.createdTo) },
      ]}
      submitLabel="Filter"
    />
  );
}

const COLUMNS: readonly Column<TenantListItem>[] = [
  { key: 'name', label: 'Store', render: (t) => <a href={`/console/tenants/${t.id}`}>{t.name}</a> },
  { key: 'handle', label: 'Handle', render: (t) => t.handle },
  {
    key: 'status',
    label: 'Status',
    render: (t) =>
      t.closing ? (
        <>
          <Badge tone="danger">Closing</Badge>{' '}
          <span class="muted">
            purge <time datetime={t.closing.purgeAfter}>{t.closing.purgeAfter.slice(0, 10)}</time>
          </span>
        </>
      ) : (
        <StatusBadge status={t.status} />
      ),
  },
  { key: 'plan', label: 'Plan', render: (t) => t.plan },
  { key: 'gmv', label: 'GMV', num: true, render: (t) => formatMoney(t.gmv, t.currency) },
  {
    key: 'lastActivity',
    label: 'Last activity',
    render: (t) =>
      t.lastActivityAt ? <time datetime={t.lastActivityAt}>{when(t.lastActivityAt)}</time> : '—',
  },
  {
    key: 'created',
    label: 'Created',
    render: (t) => <time datetime={t.createdAt}>{t.createdAt.slice(0, 10)}</time>,
  },
];

export async function tenantsPage(c: Ctx) {
  const f = ZFilters.parse(blankToUndef(c.req.query()));
  // The handle just purged (a store handle: letters, digits, hyphens — anything else is not shown).
  const purged = /^[a-z0-9-]{3,40}$/.exec(c.req.query('purged') ?? '')?.[0];
  const page = await listTenants(c.get('deps').db, { ...f, limit: 50 }).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'validation_failed')
      return listTenants(c.get('deps').db, { ...f, cursor: undefined, limit: 50 });
    throw err;
  });
  const params = new URLSearchParams(
    blankToUndef({
      q: f.q ?? '',
      status: f.status ?? '',
      plan: f.plan ?? '',
      createdFrom: ymd(f.createdFrom),
      createdTo: ymd(f.createdTo),
    }),
  );
  return c.html(
    <ConsoleLayout title="Tenants" current="tenants">
      <TenantFilters f={f} />
      {purged ? (
        <p class="notice" role="status">
          {`The store ${purged} was purged; its address is free again.`}
        </p>
      ) : null}
      <DataTable
        columns={COLUMNS}
        rows={page.items}
        caption="Tenants, newest first"
        empty={
          <EmptyState title="No tenants match these filters" body="Clear a filter to see more stores." />
        }
      />
      {page.nextCursor ? (
        <p>
          <a
            href={`/console?${params.toString()}${params.size ? '&' : ''}cursor=${encodeURIComponent(page.nextCursor)}`}
          >
            Next page
          </a>
        </p>
      ) : null}
    </ConsoleLayout>,
  );
}
