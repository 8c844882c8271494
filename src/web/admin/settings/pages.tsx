/**
 * Admin › Settings › Pages: the store's content pages (about, shipping,
 * returns…) — list, create, edit with a Markdown editor and a preview
 * rendered exactly as the storefront renders it (markdown-it, no raw HTML),
 * delete behind a confirmation.
 */
import { raw } from 'hono/html';
import { isUuid } from '../../../lib/db/index.js';
import { notFound } from '../../../lib/errors.js';
import { csrfInput } from '../../../lib/http/csrf.js';
import { storeOf } from '../../../lib/http/middleware.js';
import {
  createStorePage,
  deleteStorePage,
  getStorePage,
  listStorePages,
  updateStorePage,
} from '../../../modules/stores/admin-service.js';
import { renderMarkdown } from '../../../modules/stores/markdown.js';
import { type StorePageView, ZCreateStorePage } from '../../../modules/stores/schemas.js';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  ConfirmDialog,
  DataTable,
  EmptyState,
  Field,
  Textarea,
} from '../../components/ui.js';
import { noticeFrom, noticeQuery } from '../../notices.js';
import {
  actorOf,
  attempt,
  type Ctx,
  type Errors,
  errorsOf,
  formOf,
  settingsPage,
  type Typed,
} from './shell.js';

const NOTICES = { saved: 'Page saved.', deleted: 'Page deleted.' } as const;

export async function pagesList(c: Ctx): Promise<Response> {
  const pages = await listStorePages(c.get('deps').db, storeOf(c).id);
  return settingsPage(
    c,
    'pages',
    { title: 'Settings', notice: noticeFrom(c, NOTICES) },
    <Card title="Content pages" actions={<Button href="/admin/settings/pages/new">New page</Button>}>
      <DataTable
        caption="Content pages"
        rows={pages}
        columns={[
          {
            key: 'title',
            label: 'Title',
            render: (p) => <a href={`/admin/settings/pages/${p.id}`}>{p.title}</a>,
          },
          { key: 'slug', label: 'Address', render: (p) => `/pages/${p.slug}` },
          {
            key: 'published',
            label: 'Visible',
            render: (p) => (p.published ? <Badge tone="ok">Published</Badge> : <Badge>Hidden</Badge>),
          },
        ]}
        empty={
          <EmptyState
            title="No pages yet"
            body="Tell customers about your store, shipping and returns."
            action={{ href: '/admin/settings/pages/new', label: 'New page' }}
          />
        }
      />
    </Card>,
  );
}

function PageEditor(props: { c: Ctx; page?: StorePageView; typed: Typed; errors: Errors; preview?: string }) {
  const { page, typed, errors } = props;
  const action = page ? `/admin/settings/pages/${page.id}` : '/admin/settings/pages/new';
  const v = (k: 'title' | 'slug' | 'body', f = '') => typed[k] ?? page?.[k] ?? f;
  const published = typed.title !== undefined ? typed.published === 'on' : (page?.published ?? true);
  return (
    <div class="cards">
      <form method="post" action={action} class="card" novalidate>
        {csrfInput(props.c)}
        {errors._form ? <p class="error-text">{errors._form}</p> : null}
        <Field name="title" label="Title" required value={v('title')} error={errors.title} maxlength={200} />
        <Field
          name="slug"
          label="Address"
          required
          value={v('slug')}
          error={errors.slug}
          hint="Lower-case letters, digits and dashes: /pages/your-address"
          maxlength={80}
        />
        <Textarea
          name="body"
          label="Text"
          rows={14}
          value={v('body')}
          error={errors.body}
          hint="Markdown: ## heading, **bold**, *italic*, - lists, [link](https://…). HTML is shown as text."
        />
        <Checkbox name="published" label="Published (visible in your store)" checked={published} />
        <div class="form-actions">
          <Button variant="secondary" name="intent" value="preview">
            Preview
          </Button>
          <Button name="intent" value="save">
            Save page
          </Button>
        </div>
      </form>
      <section class="card" aria-labelledby="md-preview-h">
        <h2 id="md-preview-h">Preview</h2>
        <div class="prose">{raw(props.preview ?? renderMarkdown(v('body')))}</div>
      </section>
      {page ? (
        <div>
          <ConfirmDialog
            action={`/admin/settings/pages/${page.id}/delete`}
            csrf={csrfInput(props.c)}
            label="Delete page"
            message={`Delete "${page.title}"? Links to /pages/${page.slug} will stop working.`}
          />
        </div>
      ) : null}
    </div>
  );
}

async function pageOf(c: Ctx): Promise<StorePageView> {
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw notFound('Page');
  return getStorePage(c.get('deps').db, storeOf(c).id, id);
}

export async function pageEditor(
  c: Ctx,
  state: { typed?: Typed; errors?: Errors; isNew?: boolean } = {},
): Promise<Response> {
  const page = state.isNew ? undefined : await pageOf(c);
  const failed = state.errors && Object.keys(state.errors).length > 0;
  return settingsPage(
    c,
    'pages',
    {
      title: page ? `Page: ${page.title}` : 'New page',
      back: { href: '/admin/settings/pages', label: 'Pages' },
      notice: noticeFrom(c, NOTICES),
      error: failed ? 'Please fix the fields marked below.' : undefined,
      status: failed ? 400 : 200,
    },
    <PageEditor c={c} page={page} typed={state.typed ?? {}} errors={state.errors ?? {}} />,
  );
}

export const newPageForm = (c: Ctx) => pageEditor(c, { isNew: true });

export async function savePage(c: Ctx): Promise<Response> {
  const isNew = c.req.param('id') === undefined;
  const existing = isNew ? undefined : await pageOf(c);
  const typed = await formOf(c);
  const input = ZCreateStorePage.safeParse({
    title: typed.title ?? '',
    slug: typed.slug ?? '',
    body: typed.body ?? '',
    published: typed.published === 'on',
  });
  if (typed.intent === 'preview')
    return pageEditor(c, { typed, isNew, errors: input.success ? {} : errorsOf(input.error) });
  if (!input.success) return pageEditor(c, { typed, isNew, errors: errorsOf(input.error) });
  const db = c.get('deps').db;
  const t = storeOf(c).id;
  const res = await attempt(() =>
    existing
      ? updateStorePage(db, t, existing.id, input.data, actorOf(c))
      : createStorePage(db, t, input.data, actorOf(c)),
  );
  if ('errors' in res) {
    const errors = res.errors._form?.includes('/pages/') ? { slug: res.errors._form } : res.errors;
    return pageEditor(c, { typed, isNew, errors });
  }
  return c.redirect(`/admin/settings/pages/${res.ok.id}${noticeQuery(NOTICES, 'saved')}`, 303);
}

export async function removePage(c: Ctx): Promise<Response> {
  const page = await pageOf(c);
  await deleteStorePage(c.get('deps').db, storeOf(c).id, page.id, actorOf(c));
  return c.redirect(`/admin/settings/pages${noticeQuery(NOTICES, 'deleted')}`, 303);
}
