/**
 * Admin page /admin/webhooks/:id (admins): edit the URL and events, pause or
 * enable, rotate the signing secret (shown once), delete (with
 * confirmation), and the delivery log — status, response code, attempts,
 * next retry — with a redeliver button per delivery.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { actorOf } from '../../modules/catalog/actor.js';
import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  MAX_ATTEMPTS,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../modules/webhooks/service.js';
import {
  Badge,
  Button,
  Card,
  type Column,
  ConfirmDialog,
  DataTable,
  EmptyState,
  Field,
  StatusBadge,
} from '../components/ui.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import type { FieldErrors } from './form-errors.js';
import { adminGuard, adminPage } from './layout.js';
import { EventChoices, readEndpointForm, SecretOnce, WEBHOOK_NOTICES } from './webhook-form.js';

type Ctx = Context<AppEnv>;
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

function deliveryColumns(c: Ctx, ep: WebhookEndpoint): Column<WebhookDelivery>[] {
  return [
    {
      key: 'created',
      label: 'Created',
      render: (d) => <time datetime={d.createdAt}>{when(d.createdAt)}</time>,
    },
    { key: 'topic', label: 'Event', render: (d) => <code>{d.topic}</code> },
    {
      key: 'status',
      label: 'Status',
      render: (d) =>
        d.status === 'pending' && d.attempts > 0 ? (
          <Badge tone="warn">Retrying</Badge>
        ) : (
          <StatusBadge status={d.status} />
        ),
    },
    { key: 'code', label: 'Response', num: true, render: (d) => d.responseStatus ?? '—' },
    { key: 'attempts', label: 'Attempts', num: true, render: (d) => `${d.attempts}/${MAX_ATTEMPTS}` },
    {
      key: 'next',
      label: 'Next try / error',
      render: (d) => (
        <span>
          {d.nextAttemptAt ? `retry ${when(d.nextAttemptAt)} UTC` : ''}
          {d.lastError && d.status !== 'delivered' ? <span class="muted"> {d.lastError}</span> : null}
        </span>
      ),
    },
    {
      key: 'actions',
      label: 'Actions',
      render: (d) =>
        ep.active ? (
          <form
            method="post"
            action={`/admin/webhooks/${ep.id}/deliveries/${d.id}/redeliver`}
            class="inline-form"
          >
            {csrfInput(c)}
            <Button variant="secondary" size="sm">
              Redeliver
            </Button>
          </form>
        ) : null,
    },
  ];
}

function StateCard({ c, ep }: { c: Ctx; ep: WebhookEndpoint }) {
  const toggle = (active: boolean, label: string) => (
    <form
      method="post"
      action={`/admin/webhooks/${ep.id}/${active ? 'enable' : 'pause'}`}
      class="inline-form"
    >
      {csrfInput(c)}
      <Button variant={active ? 'primary' : 'secondary'}>{label}</Button>
    </form>
  );
  return (
    <Card title="Status">
      {ep.disabledAt ? (
        <p class="notice error" role="alert">
          Disabled on {when(ep.disabledAt)} UTC: {ep.disabledReason}. Fix the receiver, then enable it and
          redeliver what was missed.
        </p>
      ) : ep.active && ep.consecutiveFailures > 0 ? (
        <p class="notice error">
          The last {ep.consecutiveFailures} attempt(s) failed; they are retried for up to 3 days.
        </p>
      ) : null}
      <div class="row">
        {ep.active ? toggle(false, 'Pause') : toggle(true, 'Enable')}
        <ConfirmDialog
          action={`/admin/webhooks/${ep.id}/rotate-secret`}
          csrf={csrfInput(c)}
          label="Rotate secret"
          variant="secondary"
          confirmLabel="Rotate now"
          message="A new signing secret replaces the current one at once; your receiver must use the new one."
        />
        <ConfirmDialog
          action={`/admin/webhooks/${ep.id}/delete`}
          csrf={csrfInput(c)}
          label="Delete"
          message="Delete this endpoint and its delivery log? This cannot be undone."
        />
      </div>
    </Card>
  );
}

async function endpointPage(
  c: Ctx,
  form?: { values: { url?: string; events?: string[] }; errors: FieldErrors },
) {
  const db = c.get('deps').db;
  const t = storeOf(c);
  const ep = await getWebhookEndpoint(db, t.id, c.req.param('id') ?? '');
  const deliveries = await listWebhookDeliveries(db, t.id, ep.id);
  const values = form?.values ?? { url: ep.url, events: ep.events };
  return adminPage(
    c,
    {
      title: ep.url,
      current: 'webhooks',
      back: { href: '/admin/webhooks', label: 'Webhooks' },
      notice: noticeFrom(c, WEBHOOK_NOTICES),
      status: form ? 400 : undefined,
    },
    <>
      <StateCard c={c} ep={ep} />
      <Card title="Settings">
        <form method="post" action={`/admin/webhooks/${ep.id}`} novalidate>
          {csrfInput(c)}
          <Field
            name="url"
            label="Endpoint URL"
            type="url"
            value={values.url}
            error={form?.errors.url}
            required
          />
          <EventChoices selected={values.events ?? []} error={form?.errors.events} />
          <div class="form-actions">
            <Button>Save</Button>
          </div>
        </form>
      </Card>
      <Card title="Deliveries">
        <DataTable
          caption="Recent deliveries"
          columns={deliveryColumns(c, ep)}
          rows={deliveries}
          empty={
            <EmptyState
              title="No deliveries yet"
              body="Events this endpoint subscribes to appear here as they happen."
            />
          }
        />
      </Card>
    </>,
  );
}

const back = (id: string, code: keyof typeof WEBHOOK_NOTICES) =>
  `/admin/webhooks/${id}${noticeQuery(WEBHOOK_NOTICES, code)}`;

export const endpointPages = new Hono<AppEnv>();
endpointPages.get('/admin/webhooks/:id', ...adminGuard('admin'), (c) => endpointPage(c));
endpointPages.post('/admin/webhooks/:id', ...adminGuard('admin'), async (c) => {
  const r = await readEndpointForm(c);
  if (!r.ok) return endpointPage(c, r.form);
  const ep = await updateWebhookEndpoint(
    c.get('deps').db,
    storeOf(c).id,
    c.req.param('id'),
    r.input,
    actorOf(c),
  );
  return c.redirect(back(ep.id, 'saved'), 303);
});
endpointPages.post('/admin/webhooks/:id/:to{enable|pause}', ...adminGuard('admin'), async (c) => {
  const active = c.req.param('to') === 'enable';
  const ep = await updateWebhookEndpoint(
    c.get('deps').db,
    storeOf(c).id,
    c.req.param('id'),
    { active },
    actorOf(c),
  );
  return c.redirect(back(ep.id, active ? 'enabled' : 'paused'), 303);
});
endpointPages.post('/admin/webhooks/:id/rotate-secret', ...adminGuard('admin'), async (c) => {
  const ep = await rotateWebhookSecret(c.get('deps').db, storeOf(c).id, c.req.param('id'), actorOf(c));
  return adminPage(
    c,
    {
      title: 'New signing secret',
      current: 'webhooks',
      back: { href: `/admin/webhooks/${ep.id}`, label: ep.url },
    },
    <SecretOnce ep={ep} />,
  );
});
endpointPages.post('/admin/webhooks/:id/delete', ...adminGuard('admin'), async (c) => {
  await deleteWebhookEndpoint(c.get('deps').db, storeOf(c).id, c.req.param('id'), actorOf(c));
  return c.redirect(`/admin/webhooks${noticeQuery(WEBHOOK_NOTICES, 'deleted')}`, 303);
});
endpointPages.post(
  '/admin/webhooks/:id/deliveries/:did{[0-9]{1,15}}/redeliver',
  ...adminGuard('admin'),
  async (c) => {
    const deps = c.get('deps');
    const id = c.req.param('id');
    await redeliverWebhook(deps.db, storeOf(c).id, id, Number(c.req.param('did')), {
      actor: actorOf(c),
      now: deps.now(),
    });
    return c.redirect(back(id, 'redelivered'), 303);
  },
);
