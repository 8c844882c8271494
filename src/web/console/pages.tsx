/**
 * The platform console pages (apex, /console…): tenants list with search and
 * filters, tenant detail with suspend (reason required) / reactivate, and the
 * audit log. Signed in through the apex cookie session (/login); every page
 * requires a platform admin (403 for anyone else). Forms carry the CSRF field.
 */
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { requirePageUser } from '../../http/session.js';
import { storeUrl } from '../../lib/config.js';
import { AppError, notFound } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { onlyOn, requirePlatformAdmin } from '../../lib/http/middleware.js';
import { z } from '../../lib/http/openapi.js';
import { listAuditPlatform } from '../../modules/audit/service.js';
import { getTenantDetail, listTenants, setTenantSuspended } from '../../modules/console/service.js';
import { PlatformLayout } from '../platform/layout.js';

type Ctx = Context<AppEnv>;

const CONSOLE_NAV = [
  { key: 'tenants', href: '/console', label: 'Tenants' },
  { key: 'audit', href: '/console/audit', label: 'Audit log' },
  { key: 'billing', href: '/console/billing', label: 'Revenue' },
  { key: 'jobs', href: '/console/jobs', label: 'Jobs' },
];

/** The console's page frame (other console pages may use it: current = 'billing' | 'jobs'). */
export function ConsoleLayout(props: {
  title: string;
  current: string;
  notice?: string;
  error?: string;
  children?: Child;
}) {
  return (
    <PlatformLayout title={`${props.title} · Console`} current="console" wide>
      <nav aria-label="Console" class="nav" style="margin:.5rem 0 1rem">
        <ul>
          {CONSOLE_NAV.map((n) => (
            <li>
              <a href={n.href} aria-current={n.key === props.current ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{props.title}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.children}
    </PlatformLayout>
  );
}

const ZFilters = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(['active', 'suspended', 'deleted']).optional().catch(undefined),
  plan: z.string().trim().max(50).optional().catch(undefined),
  createdFrom: z.coerce.date().optional().catch(undefined),
  createdTo: z.coerce.date().optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});

const blankToUndef = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ''));
const ymd = (d?: Date) => (d && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : '');

async function tenantsPage(c: Ctx) {
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
      <form
        method="get"
        action="/console"
        role="search"
        aria-label="Filter tenants"
        style="display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end"
      >
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
      <table class="table">
        <caption class="visually-hidden">Tenants, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Store</th>
            <th scope="col">Handle</th>
            <th scope="col">Status</th>
            <th scope="col">Plan</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((t) => (
            <tr>
              <td>
                <a href={`/console/tenants/${t.id}`}>{t.name}</a>
              </td>
              <td>{t.handle}</td>
              <td>{t.status}</td>
              <td>{t.plan}</td>
              <td>
                <time datetime={t.createdAt}>{t.createdAt.slice(0, 10)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.items.length === 0 ? <p class="muted">No tenants match.</p> : null}
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

const ZId = z.uuid();

async function tenantPage(c: Ctx, opts: { notice?: string; error?: string; status?: 200 | 400 | 409 } = {}) {
  const id = ZId.safeParse(c.req.param('id'));
  if (!id.success) throw notFound('Tenant');
  const deps = c.get('deps');
  const t = await getTenantDetail(deps.db, id.data);
  return c.html(
    <ConsoleLayout title={t.name} current="tenants" notice={opts.notice} error={opts.error}>
      <dl>
        <dt>Handle</dt>
        <dd>
          <a href={storeUrl(deps.config, t.handle)}>{t.handle}</a>
        </dd>
        <dt>Status</dt>
        <dd>
          {t.status}
          {t.suspendedReason ? ` — ${t.suspendedReason}` : ''}
          {t.suspendedAt ? ` (since ${t.suspendedAt.slice(0, 16).replace('T', ' ')} UTC)` : ''}
        </dd>
        <dt>Plan</dt>
        <dd>{t.plan}</dd>
        <dt>Currency</dt>
        <dd>{t.currency}</dd>
        <dt>Created</dt>
        <dd>{t.createdAt.slice(0, 10)}</dd>
        <dt>Owners</dt>
        <dd>{t.owners.map((o) => o.email).join(', ') || '—'}</dd>
        <dt>Counts</dt>
        <dd>
          {t.counts.members} members · {t.counts.products} products · {t.counts.orders} orders ·{' '}
          {t.counts.customers} customers
        </dd>
      </dl>
      {t.status === 'active' ? (
        <form method="post" action={`/console/tenants/${t.id}/suspend`} class="card">
          <h2>Suspend this store</h2>
          <p>
            The storefront will show “store unavailable” and the store API will refuse requests. The admin
            stays reachable.
          </p>
          {csrfInput(c)}
          <div class="field">
            <label for="reason">Reason (kept in the audit log)</label>
            <textarea id="reason" name="reason" required minlength={3} maxlength={500} rows={3} />
          </div>
          <button class="btn" type="submit">
            Suspend
          </button>
        </form>
      ) : t.status === 'suspended' ? (
        <form method="post" action={`/console/tenants/${t.id}/reactivate`} class="card">
          <h2>Reactivate this store</h2>
          {csrfInput(c)}
          <button class="btn" type="submit">
            Reactivate
          </button>
        </form>
      ) : null}
      <p>
        <a href={`/console/audit?tenantId=${t.id}`}>Audit log of this store</a>
      </p>
    </ConsoleLayout>,
    opts.status ?? 200,
  );
}

async function suspendSubmit(c: Ctx, suspend: boolean) {
  const id = ZId.safeParse(c.req.param('id'));
  if (!id.success) throw notFound('Tenant');
  const p = c.get('principal');
  if (p?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in');
  const reason = suspend ? String((await c.req.parseBody()).reason ?? '').trim() : undefined;
  if (suspend && (!reason || reason.length < 3 || reason.length > 500))
    return tenantPage(c, { error: 'Give a reason of 3 to 500 characters.', status: 400 });
  try {
    await setTenantSuspended(c.get('deps'), id.data, suspend, { userId: p.userId, ip: clientIp(c) }, reason);
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_state')
      return tenantPage(c, { error: err.message, status: 409 });
    throw err;
  }
  return c.redirect(`/console/tenants/${id.data}?done=${suspend ? 'suspended' : 'reactivated'}`, 303);
}

const ZAuditFilters = z.object({
  tenantId: z.uuid().optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  cursor: z.coerce.number().int().positive().optional().catch(undefined),
});

async function auditPage(c: Ctx) {
  const f = ZAuditFilters.parse(blankToUndef(c.req.query()));
  const page = await listAuditPlatform(c.get('deps').db, {
    tenantId: f.tenantId,
    action: f.action,
    beforeId: f.cursor,
    limit: 100,
  });
  const params = new URLSearchParams(blankToUndef({ tenantId: f.tenantId ?? '', action: f.action ?? '' }));
  return c.html(
    <ConsoleLayout title="Audit log" current="audit">
      <form
        method="get"
        action="/console/audit"
        role="search"
        aria-label="Filter the audit log"
        style="display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end"
      >
        <div class="field">
          <label for="tenantId">Tenant id</label>
          <input id="tenantId" name="tenantId" value={f.tenantId ?? ''} size={38} />
        </div>
        <div class="field">
          <label for="action">Action</label>
          <input id="action" name="action" value={f.action ?? ''} placeholder="e.g. auth.login_failed" />
        </div>
        <div class="field">
          <button class="btn" type="submit">
            Filter
          </button>
        </div>
      </form>
      <table class="table">
        <caption class="visually-hidden">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Target</th>
            <th scope="col">Store</th>
            <th scope="col">IP</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((e) => (
            <tr>
              <td>
                <time datetime={e.createdAt}>{e.createdAt.slice(0, 19).replace('T', ' ')}</time>
              </td>
              <td>{e.action}</td>
              <td>
                {e.actorType}
                {e.actorEmail ? ` · ${e.actorEmail}` : ''}
              </td>
              <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
              <td>
                {e.tenantId ? (
                  <a href={`/console/tenants/${e.tenantId}`}>{e.tenantId.slice(0, 8)}</a>
                ) : (
                  'platform'
                )}
              </td>
              <td>{e.ip ?? '—'}</td>
              <td>
                <code>{Object.keys(e.data).length ? JSON.stringify(e.data) : ''}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.items.length === 0 ? <p class="muted">No entries.</p> : null}
      {page.nextBeforeId ? (
        <p>
          <a href={`/console/audit?${params.toString()}${params.size ? '&' : ''}cursor=${page.nextBeforeId}`}>
            Older entries
          </a>
        </p>
      ) : null}
    </ConsoleLayout>,
  );
}

export const consolePages = new Hono<AppEnv>();
const guard = [onlyOn('apex'), requirePageUser('/login'), requirePlatformAdmin()] as const;
consolePages.use('/console', ...guard);
consolePages.use('/console/*', ...guard);
consolePages.get('/console', tenantsPage);
consolePages.get('/console/tenants/:id', (c) => {
  const done = c.req.query('done');
  return tenantPage(c, {
    notice:
      done === 'suspended'
        ? 'The store is suspended.'
        : done === 'reactivated'
          ? 'The store is active again.'
          : undefined,
  });
});
consolePages.post('/console/tenants/:id/suspend', (c) => suspendSubmit(c, true));
consolePages.post('/console/tenants/:id/reactivate', (c) => suspendSubmit(c, false));
consolePages.get('/console/audit', auditPage);
