/**
 * Admin pages for canned replies (store host, cookie session; staff read, admins change):
 *   GET  /admin/canned-replies             list, add form
 *   POST /admin/canned-replies             add (from this page or a ticket's page: `back`)
 *   GET  /admin/canned-replies/:id         edit form, delete behind a confirm step
 *   POST /admin/canned-replies/:id         save the edit
 *   POST /admin/canned-replies/:id/delete  delete (the confirm step's form)
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import {
  createCannedReply,
  deleteCannedReply,
  getCannedReply,
  listCannedReplies,
  updateCannedReply,
} from '../../modules/tickets/canned.js';
import { formFailure, readForm } from '../components/care-forms.js';
import { ConfirmDialog, EmptyState } from '../components/ui.js';
import { Field, Textarea } from '../components/ui-form.js';
import { CareNav, noticeOf } from './care-common.js';
import { adminGuard, adminPage } from './layout.js';

type C = Context<AppEnv>;
interface FormState {
  title?: string;
  body?: string;
  errors?: Record<string, string>;
  error?: string;
}

function CannedForm(props: { c: C; action: string; state: FormState; submit: string }) {
  const e = props.state.errors ?? {};
  return (
    <form class="care-form" method="post" action={props.action}>
      {csrfInput(props.c)}
      <Field name="title" label="Title" value={props.state.title} maxlength={100} required error={e.title} />
      <Textarea
        name="body"
        label="Text"
        value={props.state.body}
        maxlength={5000}
        rows={6}
        required
        error={e.body}
      />
      <button class="btn" type="submit">
        {props.submit}
      </button>
    </form>
  );
}

async function listPage(c: C, state: FormState = {}, status: 200 | 400 = 200) {
  const canned = await listCannedReplies(c.get('deps').db, storeOf(c).id);
  return adminPage(
    c,
    { title: 'Canned replies', current: 'care', notice: noticeOf(c), error: state.error, status },
    <>
      <CareNav current="/admin/canned-replies" />
      {canned.length === 0 ? (
        <EmptyState
          title="No canned replies yet"
          body="Save answers you send often; pick them in a ticket's reply."
        />
      ) : (
        <ul class="canned-list" id="canned">
          {canned.map((r) => (
            <li>
              <a href={`/admin/canned-replies/${r.id}`}>{r.title}</a>
              <span class="muted"> — {r.body.length > 120 ? `${r.body.slice(0, 120)}…` : r.body}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>Add a canned reply</h2>
      <CannedForm c={c} action="/admin/canned-replies" state={state} submit="Save canned reply" />
    </>,
  );
}

async function editPage(c: C, state?: FormState, status: 200 | 400 = 200) {
  const r = await getCannedReply(c.get('deps').db, storeOf(c).id, c.req.param('id') ?? '');
  const s = state ?? { title: r.title, body: r.body };
  return adminPage(
    c,
    {
      title: `Canned reply: ${r.title}`,
      current: 'care',
      notice: noticeOf(c),
      error: s.error,
      status,
      back: { href: '/admin/canned-replies', label: 'Canned replies' },
    },
    <>
      <CannedForm c={c} action={`/admin/canned-replies/${r.id}`} state={s} submit="Save changes" />
      <ConfirmDialog
        action={`/admin/canned-replies/${r.id}/delete`}
        csrf={csrfInput(c)}
        label="Delete canned reply"
        message={`Delete “${r.title}”? Staff can no longer pick it; replies already sent stay.`}
        confirmLabel="Yes, delete it"
      />
    </>,
  );
}

const fieldsOf = (v: Record<string, string>) => ({ title: v.title ?? '', body: v.body ?? '' });

async function createAction(c: C) {
  const v = await readForm(c);
  const fromTicket = /^[0-9a-f-]{36}$/.test(v.back ?? '') ? `/admin/tickets/${v.back}` : null;
  try {
    await createCannedReply(c.get('deps').db, storeOf(c).id, fieldsOf(v));
  } catch (err) {
    const f = formFailure(c, err);
    if (fromTicket) return c.redirect(fromTicket, 303);
    return listPage(c, { ...fieldsOf(v), errors: f.errors, error: f.message }, 400);
  }
  return c.redirect(`${fromTicket ?? '/admin/canned-replies'}?notice=canned`, 303);
}

async function updateAction(c: C) {
  const v = await readForm(c);
  const id = c.req.param('id') ?? '';
  try {
    await updateCannedReply(c.get('deps').db, storeOf(c).id, id, fieldsOf(v));
  } catch (err) {
    const f = formFailure(c, err);
    if (f.status === 404) throw err;
    return editPage(c, { ...fieldsOf(v), errors: f.errors, error: f.message }, 400);
  }
  return c.redirect(`/admin/canned-replies/${id}?notice=canned`, 303);
}

async function deleteAction(c: C) {
  await deleteCannedReply(c.get('deps').db, storeOf(c).id, c.req.param('id') ?? '');
  return c.redirect('/admin/canned-replies?notice=canned-deleted', 303);
}

export const careCannedAdminPages = new Hono<AppEnv>();
careCannedAdminPages.get('/admin/canned-replies', ...adminGuard('staff'), (c) => listPage(c));
careCannedAdminPages.post('/admin/canned-replies', ...adminGuard('admin'), createAction);
careCannedAdminPages.get('/admin/canned-replies/:id', ...adminGuard('staff'), (c) => editPage(c));
careCannedAdminPages.post('/admin/canned-replies/:id', ...adminGuard('admin'), updateAction);
careCannedAdminPages.post('/admin/canned-replies/:id/delete', ...adminGuard('admin'), deleteAction);
