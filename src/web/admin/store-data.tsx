/**
 * Admin "Store data" (owners; linked from Plan & billing): download the whole
 * store as a ZIP (a CSV and a JSON file per table, modules/stores/export-zip.ts)
 * or one JSON file (modules/stores/export.ts); both audited. Close the store
 * (flows/store-closing.ts): type the handle, optional reason → grace period
 * with a purge date, reversible from here and from the banner on every admin
 * page (store-closing-banner.tsx).
 */
import { type Context, Hono } from 'hono';
import { closeStore, getStoreClosing, reopenStore, type StoreClosing } from '../../flows/store-closing.js';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { onlyOn, storeOf } from '../../lib/http/middleware.js';
import { exportStoreData } from '../../modules/stores/export.js';
import { streamStoreZip } from '../../modules/stores/export-zip.js';
import { Button, Card } from '../components/ui.js';
import { Field, Textarea } from '../components/ui-form.js';
import { guardPage, MoneyNav } from './billing.js';
import { adminPage } from './layout.js';
import { closingDate } from './store-closing-banner.js';

type Ctx = Context<AppEnv>;

const userIdOf = (c: Ctx) => {
  const p = c.get('principal');
  return p?.kind === 'user' ? p.userId : null;
};

interface CloseFormState {
  confirm?: string;
  reason?: string;
  error?: string;
  status?: 200 | 400 | 409;
  notice?: string;
}

function ClosingCard(props: { c: Ctx; closing: StoreClosing }) {
  return (
    <Card title="Store closing">
      <p>
        Your store is <strong>closed</strong>: shoppers see a "closed" page and no orders are taken. All of
        its data will be deleted for good after <strong>{closingDate(props.closing.purgeAfter)}</strong>.
        Download it above before then, or reopen the store — everything is still here.
      </p>
      <form method="post" action="/admin/store-data/reopen" class="form-actions">
        {csrfInput(props.c)}
        <Button>Reopen store</Button>
      </form>
    </Card>
  );
}

function CloseCard(props: { c: Ctx; handle: string; s: CloseFormState }) {
  const days = props.c.get('deps').config.STORE_CLOSE_GRACE_DAYS;
  return (
    <Card title="Close store">
      <p>
        Closing takes the storefront offline at once (shoppers see a "closed" page, checkout stops) and
        cancels your Storeloom subscription. You then have <strong>{days} days</strong> to download your data
        or change your mind and reopen; after that every product, customer, order and setting is deleted for
        good and the address <strong>{props.handle}</strong> becomes free.
      </p>
      <form method="post" action="/admin/store-data/close" novalidate>
        {csrfInput(props.c)}
        <Field
          name="confirm"
          label={`Type ${props.handle} to confirm`}
          value={props.s.confirm}
          error={props.s.error}
          required
          autocomplete="off"
        />
        <Textarea
          name="reason"
          label="Why are you closing? (optional)"
          value={props.s.reason}
          rows={3}
          maxlength={500}
        />
        <div class="form-actions">
          <Button variant="danger">Close store</Button>
        </div>
      </form>
    </Card>
  );
}

async function renderStoreData(c: Ctx, s: CloseFormState = {}) {
  const t = storeOf(c);
  const closing = await getStoreClosing(c.get('deps'), t.id);
  return adminPage(
    c,
    { title: 'Store data', current: 'billing', status: s.status, notice: s.notice },
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
      {closing ? <ClosingCard c={c} closing={closing} /> : <CloseCard c={c} handle={t.handle} s={s} />}
    </>,
  );
}

async function storeDataPage(c: Ctx) {
  const denied = await guardPage(c, 'owner');
  if (denied) return denied;
  const done = c.req.query('done');
  const notice =
    done === 'closed'
      ? 'Your store is closed. We have e-mailed you the date its data will be deleted.'
      : done === 'reopened'
        ? 'Your store is open again.'
        : undefined;
  return renderStoreData(c, { notice });
}

async function closeSubmit(c: Ctx) {
  const denied = await guardPage(c, 'owner');
  if (denied) return denied;
  const form = await c.req.parseBody();
  const confirm = String(form.confirm ?? '').slice(0, 100);
  const reason = String(form.reason ?? '').slice(0, 500);
  try {
    await closeStore(
      c.get('deps'),
      storeOf(c).id,
      { kind: 'owner', userId: userIdOf(c) ?? '' },
      { confirm, reason },
    );
  } catch (err) {
    if (err instanceof AppError && (err.code === 'validation_failed' || err.code === 'invalid_state'))
      return renderStoreData(c, {
        confirm,
        reason,
        error: err.message,
        status: err.code === 'validation_failed' ? 400 : 409,
      });
    throw err;
  }
  return c.redirect('/admin/store-data?done=closed', 303);
}

async function reopenSubmit(c: Ctx) {
  const denied = await guardPage(c, 'owner');
  if (denied) return denied;
  await reopenStore(c.get('deps'), storeOf(c).id, { kind: 'owner', userId: userIdOf(c) ?? '' });
  return c.redirect('/admin/store-data?done=reopened', 303);
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
  .post('/admin/store-data/close', closeSubmit)
  .post('/admin/store-data/reopen', reopenSubmit)
  .get('/admin/store-data/export.json', storeDataDownload)
  .get('/admin/store-data/export.zip', storeDataZip);
