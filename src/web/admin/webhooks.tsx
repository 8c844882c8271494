/**
 * Admin pages /admin/webhooks (store host, cookie session, admins): the
 * endpoints with their state, a form to add one (URL and event types, human
 * errors next to the fields), and each endpoint's page (./webhook-endpoint.tsx).
 * A new endpoint's signing secret is shown once, on the page answering the
 * POST (never in a URL). Calls the webhooks service only.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { actorOf } from '../../modules/catalog/actor.js';
import {
  createWebhookEndpoint,
  listWebhookEndpoints,
  type WebhookEndpoint,
} from '../../modules/webhooks/service.js';
import { Badge, Button, Card, type Column, DataTable, EmptyState, Field } from '../components/ui.js';
import { noticeFrom } from '../notices.js';
import type { FieldErrors } from './form-errors.js';
import { adminGuard, adminPage } from './layout.js';
import { endpointPages } from './webhook-endpoint.js';
import { EventChoices, readEndpointForm, SecretOnce, WEBHOOK_NOTICES } from './webhook-form.js';

type Ctx = Context<AppEnv>;

function EndpointState({ ep }: { ep: WebhookEndpoint }) {
  if (ep.active)
    return ep.consecutiveFailures > 0 ? <Badge tone="warn">Failing</Badge> : <Badge tone="ok">Active</Badge>;
  return ep.disabledAt ? <Badge tone="danger">Disabled after failures</Badge> : <Badge>Paused</Badge>;
}

const COLUMNS: Column<WebhookEndpoint>[] = [
  { key: 'url', label: 'URL', render: (ep) => <a href={`/admin/webhooks/${ep.id}`}>{ep.url}</a> },
  {
    key: 'events',
    label: 'Events',
    render: (ep) => (ep.events.length === 0 ? 'All events' : ep.events.join(', ')),
  },
  { key: 'state', label: 'Status', render: (ep) => <EndpointState ep={ep} /> },
  { key: 'created', label: 'Added', render: (ep) => ep.createdAt.slice(0, 10) },
];

interface FormState {
  values: { url?: string; events?: string[] };
  errors: FieldErrors;
}

async function listPage(c: Ctx, form: FormState = { values: {}, errors: {} }, status?: 400) {
  const endpoints = await listWebhookEndpoints(c.get('deps').db, storeOf(c).id);
  return adminPage(
    c,
    { title: 'Webhooks', current: 'webhooks', notice: noticeFrom(c, WEBHOOK_NOTICES), status },
    <>
      <Card title="Endpoints">
        <DataTable
          caption="Webhook endpoints"
          columns={COLUMNS}
          rows={endpoints}
          empty={
            <EmptyState
              title="No webhook endpoints yet"
              body="Add a URL below and Storeloom will POST signed events to it: orders, stock, products and customers."
            />
          }
        />
      </Card>
      <Card title="Add an endpoint" id="add">
        <form method="post" action="/admin/webhooks" novalidate>
          {csrfInput(c)}
          <Field
            name="url"
            label="Endpoint URL"
            type="url"
            value={form.values.url}
            error={form.errors.url}
            placeholder="https://example.com/storeloom/webhooks"
            required
          />
          <EventChoices selected={form.values.events ?? []} error={form.errors.events} />
          <div class="form-actions">
            <Button>Add endpoint</Button>
          </div>
        </form>
      </Card>
    </>,
  );
}

export const webhooksAdminPages = new Hono<AppEnv>();
webhooksAdminPages.get('/admin/webhooks', ...adminGuard('admin'), (c) => listPage(c));
webhooksAdminPages.post('/admin/webhooks', ...adminGuard('admin'), async (c) => {
  const r = await readEndpointForm(c);
  if (!r.ok) return listPage(c, r.form, 400);
  const ep = await createWebhookEndpoint(c.get('deps').db, storeOf(c).id, r.input, actorOf(c));
  return adminPage(
    c,
    { title: 'Endpoint added', current: 'webhooks', back: { href: '/admin/webhooks', label: 'Webhooks' } },
    <SecretOnce ep={ep} />,
  );
});
webhooksAdminPages.route('/', endpointPages);
