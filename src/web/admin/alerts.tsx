/**
 * Admin page /admin/alerts (store host, cookie session): open and recent
 * low-stock alerts with the product (name, image, link), available against
 * threshold, days of cover at recent sales, a link to restock, and
 * acknowledge/snooze. Server-rendered; calls the alerts service only.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { type AlertView, listStoreAlertViews, setStoreAlertAttention } from '../../modules/alerts/service.js';
import { actorOf } from '../../modules/catalog/actor.js';
import { Badge, Button, Card, type Column, DataTable, EmptyState, StatusBadge } from '../components/ui.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import { formStrings } from './form-errors.js';
import { adminGuard, adminPage } from './layout.js';

type Ctx = Context<AppEnv>;

export const ALERT_NOTICES = {
  acknowledged: 'Alert acknowledged: it stays out of alert emails until stock recovers.',
  snoozed: 'Alert snoozed.',
  reopened: 'Alert back in alert emails.',
} as const;

const dateText = (iso: string) => iso.slice(0, 10);

function AttentionForms({ c, a }: { c: Ctx; a: AlertView }) {
  if (a.status !== 'open') return null;
  const paused = a.acknowledgedAt || (a.snoozedUntil && new Date(a.snoozedUntil) > new Date());
  const form = (action: string, label: string, extra?: Record<string, string>) => (
    <form method="post" action={`/admin/alerts/${a.id}/attention`} class="inline-form">
      {csrfInput(c)}
      <input type="hidden" name="action" value={action} />
      {Object.entries(extra ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <Button variant="secondary" size="sm">
        {label}
      </Button>
    </form>
  );
  if (paused) return form('reopen', 'Undo');
  return (
    <div class="row">
      {form('acknowledge', 'Acknowledge')}
      {form('snooze', 'Snooze 7 days', { days: '7' })}
    </div>
  );
}

function stateBadge(a: AlertView) {
  if (a.status === 'resolved') return <StatusBadge status="resolved" label="Resolved" />;
  if (a.acknowledgedAt) return <Badge tone="info">Acknowledged</Badge>;
  if (a.snoozedUntil && new Date(a.snoozedUntil) > new Date())
    return <Badge tone="info">Snoozed to {dateText(a.snoozedUntil)}</Badge>;
  return (
    <Badge tone={a.available <= 0 ? 'danger' : 'warn'}>{a.available <= 0 ? 'Out of stock' : 'Low'}</Badge>
  );
}

function columns(c: Ctx): Column<AlertView>[] {
  return [
    {
      key: 'product',
      label: 'Product',
      render: (a) => (
        <div class="row">
          {a.imageUrl ? <img class="thumb" src={a.imageUrl} alt="" width={40} height={40} /> : null}
          <span>
            <a href={`/admin/products/${a.productId}`}>{a.productTitle}</a>
            <br />
            <span class="muted">
              {a.variantTitle ? `${a.variantTitle} · ` : ''}
              {a.sku}
            </span>
          </span>
        </div>
      ),
    },
    {
      key: 'available',
      label: 'Available / threshold',
      short: 'Available / min',
      num: true,
      render: (a) => (
        <span>
          <strong>{a.available}</strong> / {a.threshold}
        </span>
      ),
    },
    {
      key: 'cover',
      label: 'Days of cover',
      short: 'Cover',
      num: true,
      render: (a) =>
        a.daysOfCover === null ? (
          <span class="muted" title="No sales in the last 28 days">
            no recent sales
          </span>
        ) : (
          `${a.daysOfCover} d (${a.dailyDemand}/day)`
        ),
    },
    { key: 'state', label: 'Status', head: true, render: stateBadge },
    {
      key: 'since',
      label: 'Since',
      render: (a) => <time datetime={a.createdAt}>{dateText(a.createdAt)}</time>,
    },
    {
      key: 'actions',
      label: 'Actions',
      actions: true,
      render: (a) => (
        <div class="row">
          {a.status === 'open' ? (
            <a href={`/admin/restock#v-${a.variantId}`} class="btn btn-link btn-sm">
              Restock
            </a>
          ) : null}
          <AttentionForms c={c} a={a} />
        </div>
      ),
    },
  ];
}

async function alertsPage(c: Ctx) {
  const t = storeOf(c);
  const deps = c.get('deps');
  const alerts = await listStoreAlertViews(deps.db, t.id, {
    limit: 200,
    now: deps.now(),
    timeZone: t.timezone,
  });
  const open = alerts.filter((a) => a.status === 'open');
  const resolved = alerts.filter((a) => a.status === 'resolved').slice(0, 50);
  const cols = columns(c);
  return adminPage(
    c,
    {
      title: 'Low-stock alerts',
      current: 'alerts',
      notice: noticeFrom(c, ALERT_NOTICES),
      actions: <Button href="/admin/restock">Open restock plan</Button>,
    },
    <>
      <Card title={`Open (${open.length})`}>
        <DataTable
          caption="Open low-stock alerts"
          compact
          columns={cols}
          rows={open}
          empty={
            <EmptyState
              title="Nothing is running low"
              body="When a variant's available stock reaches its low-stock threshold it appears here, and you get one email."
            />
          }
        />
      </Card>
      {resolved.length > 0 ? (
        <Card title="Recently resolved">
          <DataTable
            caption="Resolved alerts"
            compact
            columns={cols.filter((col) => col.key !== 'actions')}
            rows={resolved}
          />
        </Card>
      ) : null}
    </>,
  );
}

const ZAttentionForm = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge') }),
  z.object({ action: z.literal('snooze'), days: z.coerce.number().int().min(1).max(90) }),
  z.object({ action: z.literal('reopen') }),
]);
const NOTICE_OF = { acknowledge: 'acknowledged', snooze: 'snoozed', reopen: 'reopened' } as const;

export const alertsAdminPages = new Hono<AppEnv>();
alertsAdminPages.get('/admin/alerts', ...adminGuard('staff'), alertsPage);
alertsAdminPages.post('/admin/alerts/:id/attention', ...adminGuard('staff'), async (c) => {
  const { values } = await formStrings(c.req);
  const parsed = ZAttentionForm.safeParse(values);
  if (!parsed.success) return c.redirect('/admin/alerts', 303);
  const deps = c.get('deps');
  await setStoreAlertAttention(deps.db, storeOf(c).id, c.req.param('id'), parsed.data, {
    now: deps.now(),
    actor: actorOf(c),
  });
  return c.redirect(`/admin/alerts${noticeQuery(ALERT_NOTICES, NOTICE_OF[parsed.data.action])}`, 303);
});
