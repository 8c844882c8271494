/**
 * The platform console pages (apex, /console…): tenants list with search and
 * filters, tenant detail with suspend (reason required) / reactivate, and the
 * audit log. Signed in through the apex cookie session (/login); every page
 * requires a platform admin (403 for anyone else). Forms carry the CSRF field.
 */
import { type Context, Hono } from 'hono';
import { requirePageUser } from '../../http/session.js';
import { storeUrl } from '../../lib/config.js';
import { AppError, notFound } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { onlyOn, requirePlatformAdmin } from '../../lib/http/middleware.js';
import { z } from '../../lib/http/openapi.js';
import { getTenantDetail, setTenantSuspended } from '../../modules/console/service.js';
import { auditPage } from './audit-page.js';
import { ConsoleLayout } from './layout.js';
import { tenantsPage } from './tenants-page.js';

type Ctx = Context<AppEnv>;

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
