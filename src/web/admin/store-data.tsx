/**
 * Admin "Store data" (owners; linked from Plan & billing): download the whole
 * store — products, customers, orders and settings — as one JSON file
 * (modules/stores/export.ts; audited). Closing the store is done by the
 * platform's support for now (see the page).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, storeOf } from '../../lib/http/middleware.js';
import { exportStoreData } from '../../modules/stores/export.js';
import { streamStoreZip } from '../../modules/stores/export-zip.js';
import { Card } from '../components/ui.js';
import { guardPage, MoneyNav } from './billing.js';
import { adminPage } from './layout.js';

type Ctx = Context<AppEnv>;

const userIdOf = (c: Ctx) => {
  const p = c.get('principal');
  return p?.kind === 'user' ? p.userId : null;
};

async function storeDataPage(c: Ctx) {
  const denied = await guardPage(c, 'owner');
  if (denied) return denied;
  return adminPage(
    c,
    { title: 'Store data', current: 'billing' },
    <>
      <MoneyNav current="billing" />
      <Card title="Export store data">
        <p>
          Everything your store holds: products (with variants, categories and images), customers (with
          addresses), orders (with their lines and history) and settings (shipping, taxes, discount codes,
          pages, domain). The ZIP holds one CSV file (for spreadsheets) and one JSON file per table; the JSON
          download is the same data in a single file. Passwords and tokens are left out. Amounts are in minor
          units (cents).
        </p>
        <p class="actions">
          <a class="btn" href="/admin/store-data/export.zip" download>
            Download store data (ZIP: CSV + JSON)
          </a>{' '}
          <a class="btn btn-secondary" href="/admin/store-data/export.json" download>
            Single JSON file
          </a>
        </p>
      </Card>
      <Card title="Close store">
        <p>
          To close {storeOf(c).name} and have its data deleted, export your data first, then write to support
          from the e-mail of the store's owner. Closing cancels your subscription.
        </p>
      </Card>
    </>,
  );
}

async function storeDataZip(c: Ctx) {
  const denied = await guardPage(c, 'owner');
  if (denied) return denied;
  const z = await streamStoreZip(c.get('deps'), storeOf(c).id, {
    type: 'user',
    id: userIdOf(c),
    via: 'admin',
  });
  return zipResponse(z);
}

/** The ZIP download's response (admin and console). */
export function zipResponse(z: { filename: string; stream: ReadableStream<Uint8Array> }): Response {
  return new Response(z.stream, {
    status: 200,
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${z.filename}"`,
      'cache-control': 'no-store',
    },
  });
}

async function storeDataDownload(c: Ctx) {
  const denied = await guardPage(c, 'owner');
  if (denied) return denied;
  const t = storeOf(c);
  const data = await exportStoreData(c.get('deps'), t.id, { type: 'user', id: userIdOf(c), via: 'admin' });
  return c.body(JSON.stringify(data, null, 1), 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="storeloom-${t.handle}-${data.exportedAt.slice(0, 10)}.json"`,
    'cache-control': 'no-store',
  });
}

/** Mounted by src/web/routes.ts. */
export const adminStoreDataPages = new Hono<AppEnv>()
  .use('/admin/store-data', onlyOn('store'))
  .use('/admin/store-data/*', onlyOn('store'))
  .get('/admin/store-data', storeDataPage)
  .get('/admin/store-data/export.json', storeDataDownload)
  .get('/admin/store-data/export.zip', storeDataZip);
