/** The console's tenants list (on the UI kit's DataTable): plan, status (and closing date), GMV and last activity; search, filters (status, plan, creation dates) and keyset pages. */
import type { Context } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { z } from '../../lib/http/openapi.js';
import { formatMoney } from '../../lib/money.js';
import { listTenants, type TenantListItem } from '../../modules/console/service.js';
import { Badge, EmptyState, StatusBadge } from '../components/ui.js';
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
    <form method="get" action="/console" role="search" aria-label="Filter tenants" class="filters">
      <div class="field">
        <label for="q">Search handle or name</label>
        <input id="q" name="q" type="search" value={f.q ?? ''} />
      </div>
      <div class="field">
        <label for="status">Status</label>
        <select id="status" name="status">
          <option value="">Any</option>
          {(['active', 'suspended', 'deleted'] as const).map((s) => (
            <option value={s} selected={f.status === s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="plan">Plan</label>
        <input id="plan" name="plan" value={f.plan ?? ''} size={10} />
      </div>
      <div class="field">
        <label for="createdFrom">Created from</label>
        <input id="createdFrom" name="createdFrom" type="date" value={ymd(f.createdFrom)} />
      </div>
      <div class="field">
        <label for="createdTo">Created before</label>
        <input id="createdTo" name="createdTo" type="date" value={ymd(f.createdTo)} />
      </div>
      <div class="field">
        <button class="btn" type="submit">
          Filter
        </button>
      </div>
    </form>
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
