/**
 * The platform console pages (apex, /console…): tenants list, tenant detail
 * with its operations (src/web/console/tenant-page.tsx), and the audit log.
 * Signed in through the apex cookie session (/login); every page requires a
 * platform admin (403 for anyone else). Forms carry the CSRF field; a form
 * error re-renders the page with the message next to that form and what was typed.
 */
import { type Context, Hono } from 'hono';
import { closeStore, reopenStore } from '../../flows/store-closing.js';
import { purgeClosedStore } from '../../flows/store-purge.js';
import { requirePageUser } from '../../http/session.js';
import { AppError, notFound } from '../../lib/errors.js';
import { clientIp } from '../../lib/http/client-ip.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, requirePlatformAdmin } from '../../lib/http/middleware.js';
import { z } from '../../lib/http/openapi.js';
import { startImpersonation } from '../../modules/console/impersonation.js';
import { getTenantDetail, setTenantSuspended } from '../../modules/console/service.js';
import {
  assertConfirmed,
  extendTrial,
  overridePlan,
  requireReason,
} from '../../modules/console/tenant-ops.js';
import { listPlanCatalog } from '../../modules/entitlements/service.js';
import { auditPage } from './audit-page.js';
import { renderTenantPage, type TenantPageState } from './tenant-page.js';
import { tenantsPage } from './tenants-page.js';

type Ctx = Context<AppEnv>;

const ZId = z.uuid();

const DONE: Record<string, string> = {
  suspended: 'The store is suspended.',
  reactivated: 'The store is active again.',
  deleted: 'The store is closed: its data is purged after the grace period, or now with “Purge now”.',
  plan: 'The plan was changed.',
  trial: 'The trial was extended.',
  'impersonation-ended': 'The support session has ended.',
  'closing-cancelled': 'Closing cancelled: the store is open again.',
};

/** Form → its `done` notice key. */
const DONE_KEY: Record<string, string> = {
  suspend: 'suspended',
  reactivate: 'reactivated',
  delete: 'deleted',
  'cancel-closing': 'closing-cancelled',
};

function tenantId(c: Ctx): string {
  const id = ZId.safeParse(c.req.param('id'));
  if (!id.success) throw notFound('Tenant');
  return id.data;
}

function actor(c: Ctx) {
  const p = c.get('principal');
  if (p?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in');
  return { userId: p.userId, ip: clientIp(c) };
}

async function tenantPage(c: Ctx, s: TenantPageState = {}) {
  const deps = c.get('deps');
  const [t, plans] = await Promise.all([
    getTenantDetail(deps.db, tenantId(c), deps.now()),
    listPlanCatalog(deps.db),
  ]);
  return renderTenantPage(c, t, plans, s);
}

/** Runs a console operation from a form; a 4xx AppError re-renders the page next to that form. */
function formAction(form: string, run: (c: Ctx, id: string, v: Record<string, string>) => Promise<unknown>) {
  return async (c: Ctx) => {
    const id = tenantId(c);
    const body = await c.req.parseBody();
    const values = Object.fromEntries(
      Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v.slice(0, 600)]] : [])),
    );
    try {
      const to = await run(c, id, values);
      if (typeof to === 'string') return c.redirect(to, 303);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'validation_failed' || err.code === 'invalid_state'))
        return tenantPage(c, {
          form,
          values,
          error: err.issues?.[0]?.message ?? err.message,
          field: err.issues?.[0]?.path,
          status: err.code === 'invalid_state' ? 409 : 400,
        });
      throw err;
    }
    return c.redirect(`/console/tenants/${id}?done=${DONE_KEY[form] ?? form}`, 303);
  };
}

/** "Purge now" names the store again (the typed handle), checked before anything is removed. */
async function assertPurgeConfirmed(c: Ctx, id: string, confirm: string): Promise<void> {
  const t = await getTenantDetail(c.get('deps').db, id, c.get('deps').now());
  assertConfirmed(t.handle, confirm);
}

export const consolePages = new Hono<AppEnv>();
const guard = [onlyOn('apex'), requirePageUser('/login'), requirePlatformAdmin()] as const;
consolePages.use('/console', ...guard);
consolePages.use('/console/*', ...guard);
consolePages.get('/console', tenantsPage);
consolePages.get('/console/tenants/:id', (c) => tenantPage(c, { notice: DONE[c.req.query('done') ?? ''] }));
consolePages.post(
  '/console/tenants/:id/suspend',
  formAction('suspend', (c, id, v) =>
    setTenantSuspended(c.get('deps'), id, true, actor(c), requireReason(v.reason ?? ''), {
      handle: v.confirm ?? '',
    }),
  ),
);
consolePages.post(
  '/console/tenants/:id/reactivate',
  formAction('reactivate', (c, id) => setTenantSuspended(c.get('deps'), id, false, actor(c))),
);
consolePages.post(
  '/console/tenants/:id/delete',
  // The one way a store is removed: it starts closing (the same closing and purge as its owner's).
  formAction('delete', (c, id, v) =>
    closeStore(
      c.get('deps'),
      id,
      { kind: 'platform', ...actor(c) },
      { reason: v.reason ?? '', confirm: v.confirm ?? '' },
    ),
  ),
);
consolePages.post(
  '/console/tenants/:id/plan',
  formAction('plan', (c, id, v) =>
    overridePlan(c.get('deps'), id, actor(c), { plan: v.plan ?? '', reason: v.reason ?? '' }),
  ),
);
consolePages.post(
  '/console/tenants/:id/trial',
  formAction('trial', (c, id, v) =>
    extendTrial(c.get('deps'), id, actor(c), { days: Number(v.days), reason: v.reason ?? '' }),
  ),
);
consolePages.post(
  '/console/tenants/:id/impersonate',
  formAction('impersonate', async (c, id, v) => {
    const r = await startImpersonation(c.get('deps'), id, actor(c), {
      reason: v.reason ?? '',
      minutes: Number(v.minutes) || 30,
    });
    return r.url;
  }),
);
consolePages.post(
  '/console/tenants/:id/cancel-closing',
  formAction('cancel-closing', (c, id, v) =>
    reopenStore(c.get('deps'), id, { kind: 'platform', ...actor(c), reason: v.reason ?? '' }),
  ),
);
consolePages.post(
  '/console/tenants/:id/purge',
  formAction('purge', async (c, id, v) => {
    await assertPurgeConfirmed(c, id, v.confirm ?? '');
    const r = await purgeClosedStore(c.get('deps'), id, { ...actor(c), reason: v.reason ?? '' });
    return `/console?purged=${encodeURIComponent(r?.handle ?? '')}`;
  }),
);
consolePages.get('/console/audit', auditPage);
