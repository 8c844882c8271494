/**
 * Console: download a store's data as JSON (platform admins; audited in the
 * store's log) — the same export its owner gets at /admin/store-data.
 */
import { type Context, Hono } from 'hono';
import { requirePageUser } from '../../http/session.js';
import { isUuid } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, requirePlatformAdmin } from '../../lib/http/middleware.js';
import { exportStoreData } from '../../modules/stores/export.js';

async function consoleStoreExport(c: Context<AppEnv>) {
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw notFound('Tenant');
  const p = c.get('principal');
  const data = await exportStoreData(c.get('deps'), id, {
    type: 'user',
    id: p?.kind === 'user' ? p.userId : null,
    via: 'console',
  });
  return c.body(JSON.stringify(data, null, 1), 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="storeloom-${data.store.handle}-${data.exportedAt.slice(0, 10)}.json"`,
    'cache-control': 'no-store',
  });
}

/** Mounted by src/web/routes.ts. */
export const consoleStoreExportPages = new Hono<AppEnv>().get(
  '/console/tenants/:id/export.json',
  onlyOn('apex'),
  requirePageUser('/login'),
  requirePlatformAdmin(),
  consoleStoreExport,
);
