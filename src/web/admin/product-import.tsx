/**
 * /admin/products/import — CSV import in two steps: upload (or paste) a file
 * → a preview of what will be created, updated (price changes listed) or left
 * unchanged, or the problems by line number; then "Import" applies exactly
 * that file (carried in the form) in one transaction. Upsert by handle/SKU;
 * format = the export's (src/modules/catalog/csv-format.ts).
 */
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { AppError } from '../../lib/errors.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { actorOf } from '../../modules/catalog/actor.js';
import { upsertProductsCsvForAdmin } from '../../modules/catalog/admin-service.js';
import type { CsvPlanItem } from '../../modules/catalog/csv-upsert.js';
import { Badge, Button, Card, type Column, DataTable, Field, Textarea } from '../components/ui.js';
import { noticeQuery } from '../notices.js';
import { adminGuard, adminPage } from './layout.js';
import { PRODUCT_NOTICES } from './products-list.js';

type Ctx = Context<AppEnv>;

const MAX_BYTES = 5 * 1024 * 1024;

const PLAN: Column<CsvPlanItem>[] = [
  { key: 'line', label: 'Line', num: true, render: (p) => p.line },
  {
    key: 'action',
    label: 'Action',
    render: (p) =>
      p.action === 'create' ? (
        <Badge tone="ok">Create</Badge>
      ) : p.action === 'update' ? (
        <Badge tone="info">Update</Badge>
      ) : (
        <Badge>No change</Badge>
      ),
  },
  { key: 'product', label: 'Product', render: (p) => (p.handle ? `${p.title} (${p.handle})` : p.title) },
  {
    key: 'changes',
    label: 'Changes',
    render: (p) =>
      p.changes.length ? (
        <ul>
          {p.changes.slice(0, 20).map((ch) => (
            <li>{ch}</li>
          ))}
        </ul>
      ) : (
        '—'
      ),
  },
];

function UploadForm(props: { c: Ctx; csv?: string; error?: string }) {
  return (
    <Card title="Choose a file">
      <p class="muted">
        Same columns as the export (<a href="/admin/products/export.csv">download your catalogue</a> to start
        from it). Rows whose handle already exists update that product — prices, compare-at, cost and
        thresholds by SKU; other rows create products. Nothing is written until you confirm the preview.
      </p>
      <form method="post" action="/admin/products/import" enctype="multipart/form-data">
        {csrfInput(props.c)}
        <Field name="file" type="file" label="CSV file" accept=".csv,text/csv" error={props.error} />
        <Textarea name="csv" label="…or paste CSV" value={props.csv} rows={6} />
        <Button name="intent" value="preview">
          Preview import
        </Button>
      </form>
    </Card>
  );
}

async function importPage(c: Ctx) {
  return adminPage(
    c,
    { title: 'Import products', current: 'products', back: { href: '/admin/products', label: 'Products' } },
    <UploadForm c={c} />,
  );
}

async function readCsv(form: Record<string, unknown>): Promise<string> {
  const file = form.file;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_BYTES) throw new AppError('validation_failed', 'The file is larger than 5 MB');
    return file.text();
  }
  const pasted = typeof form.csv === 'string' ? form.csv : '';
  if (pasted.length > MAX_BYTES) throw new AppError('validation_failed', 'The text is larger than 5 MB');
  return pasted;
}

function Problems(props: { err: AppError }) {
  const issues = props.err.issues ?? [];
  return (
    <div class="notice error" role="alert">
      <strong>Nothing was imported. Fix these lines and preview again:</strong>
      <ul>
        {issues.length === 0 ? <li>{props.err.message}</li> : null}
        {issues.map((i) => {
          const [, line, column] = i.path.split('.');
          return (
            <li>
              {line ? `Line ${line}${column ? `, ${column}` : ''}: ` : ''}
              {i.message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

async function importSubmit(c: Ctx) {
  const store = storeOf(c);
  const form = await c.req.parseBody();
  const apply = form.intent === 'apply';
  const page = (body: Child, status: 200 | 400 = 200) =>
    adminPage(
      c,
      {
        title: 'Import products',
        current: 'products',
        back: { href: '/admin/products', label: 'Products' },
        status,
      },
      body as never,
    );
  let csv: string;
  try {
    csv = await readCsv(form);
  } catch (err) {
    if (err instanceof AppError) return page(<UploadForm c={c} error={err.message} />, 400);
    throw err;
  }
  if (!csv.trim()) return page(<UploadForm c={c} error="Choose a CSV file or paste its text" />, 400);
  let plan: CsvPlanItem[];
  try {
    plan = await upsertProductsCsvForAdmin(c.get('deps').db, store.id, csv, {
      currency: store.currency,
      dryRun: !apply,
      actor: actorOf(c),
    });
  } catch (err) {
    if (err instanceof AppError && err.status < 500)
      return page(
        <>
          <Problems err={err} />
          <UploadForm c={c} csv={csv.length < 200_000 ? csv : undefined} />
        </>,
        400,
      );
    throw err;
  }
  if (apply) return c.redirect(`/admin/products${noticeQuery(PRODUCT_NOTICES, 'imported')}`, 303);
  const count = (a: CsvPlanItem['action']) => plan.filter((p) => p.action === a).length;
  return page(
    <>
      <p class="notice" role="status">
        Preview: {count('create')} to create, {count('update')} to update, {count('unchanged')} unchanged.
        Nothing is saved yet.
      </p>
      <DataTable columns={PLAN} rows={plan} caption="What the import will do" />
      <form method="post" action="/admin/products/import" class="form-actions" style="margin-top:1rem">
        {csrfInput(c)}
        <textarea name="csv" hidden aria-hidden="true">
          {csv}
        </textarea>
        <Button name="intent" value="apply">
          Import {plan.length} product{plan.length === 1 ? '' : 's'}
        </Button>
        <Button variant="secondary" href="/admin/products/import">
          Start over
        </Button>
      </form>
    </>,
  );
}

export const adminProductImportPages = new Hono<AppEnv>();
adminProductImportPages.get('/admin/products/import', ...adminGuard('admin'), importPage);
adminProductImportPages.post('/admin/products/import', ...adminGuard('admin'), importSubmit);
