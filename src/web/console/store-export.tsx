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
import { streamStoreZip } from '../../modules/stores/export-zip.js';
import { zipResponse } from '../admin/store-data.js';

/** The store asked for (404 for a malformed id) and the platform admin exporting it (audited as them). */
function exportRequest(c: Context<AppEnv>) {
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw notFound('Tenant');
  const p = c.get('principal');
  return {
    id,
    actor: { type: 'user' as const, id: p?.kind === 'user' ? p.userId : null, via: 'console' as const },
  };
}

async function consoleStoreExport(c: Context<AppEnv>) {
  const { id, actor } = exportRequest(c);
  const data = await exportStoreData(c.get('deps'), id, actor);
  return c.body(JSON.stringify(data, null, 1), 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="storeloom-${data.store.handle}-${data.exportedAt.slice(0, 10)}.json"`,
    'cache-control': 'no-store',
  });
}

async function consoleStoreZip(c: Context<AppEnv>) {
  const { id, actor } = exportRequest(c);
  return zipResponse(await streamStoreZip(c.get('deps'), id, actor));
}

const guard = [onlyOn('apex'), requirePageUser('/login'), requirePlatformAdmin()] as const;

/** Mounted by src/web/routes.ts. */
export const consoleStoreExportPages = new Hono<AppEnv>()
  .get('/console/tenants/:id/export.json', ...guard, consoleStoreExport)
  .get('/console/tenants/:id/export.zip', ...guard, consoleStoreZip);
