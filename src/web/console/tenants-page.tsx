/** The console's tenants list: plan, status, GMV and last activity; search, filters (status, plan, creation dates) and keyset pages. */
import type { Context } from 'hono';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { z } from '../../lib/http/openapi.js';
import { formatMoney } from '../../lib/money.js';
import { listTenants, type TenantListItem } from '../../modules/console/service.js';
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

function TenantsTable({ items }: { items: TenantListItem[] }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">Tenants, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Store</th>
            <th scope="col">Handle</th>
            <th scope="col">Status</th>
            <th scope="col">Plan</th>
            <th scope="col" style="text-align:right">
              GMV
            </th>
            <th scope="col">Last activity</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <tr>
              <td>
                <a href={`/console/tenants/${t.id}`}>{t.name}</a>
              </td>
              <td>{t.handle}</td>
              <td>{t.status}</td>
              <td>{t.plan}</td>
              <td style="text-align:right">{formatMoney(t.gmv, t.currency)}</td>
              <td>
                {t.lastActivityAt ? <time datetime={t.lastActivityAt}>{when(t.lastActivityAt)}</time> : '—'}
              </td>
              <td>
                <time datetime={t.createdAt}>{t.createdAt.slice(0, 10)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export async function tenantsPage(c: Ctx) {
  const f = ZFilters.parse(blankToUndef(c.req.query()));
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
      {page.items.length === 0 ? (
        <p class="muted">No tenants match these filters.</p>
      ) : (
        <TenantsTable items={page.items} />
      )}
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
