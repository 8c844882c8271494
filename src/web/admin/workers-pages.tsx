/**
 * Admin pages for the background workers (store host, cookie session):
 *   /admin/pricing  — rules, promotions, settings mode, proposed changes with reasons, apply
 *   /admin/restock  — the restock plan, suppliers, purchase orders (draft/order/receive/cancel)
 *   /admin/alerts   — open and recent low-stock alerts
 * Server-rendered, no JavaScript needed; POST forms carry the CSRF field and
 * redirect back (303). Pages call services, never repositories.
 */
import { type Context, Hono } from 'hono';
import { withTenant } from '../../lib/db/index.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { listAlerts } from '../../modules/alerts/service.js';
import { applyProposals, previewPrices } from '../../modules/pricing/proposals.js';
import { listPromotions, listRules } from '../../modules/pricing/rules.js';
import { getSettings, updateSettings } from '../../modules/pricing/settings.js';
import { listForecastViews } from '../../modules/restock/forecast-view.js';
import {
  computePlan,
  draftPurchaseOrders,
  listPurchaseOrders,
  listSuppliers,
  transitionPurchaseOrder,
} from '../../modules/restock/service.js';
import { ForecastSection } from './forecast-chart.js';
import { adminGuard, adminPage } from './layout.js';

type Ctx = Context<AppEnv>;

const money = (minor: number | null, currency: string) =>
  minor == null
    ? '—'
    : `${currency} ${Math.floor(minor / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

async function pricingPage(c: Ctx) {
  const t = storeOf(c);
  const deps = c.get('deps');
  const { settings, rules, promos, preview } = await withTenant(deps.db, t.id, async (trx) => ({
    settings: await getSettings(trx, t.id),
    rules: await listRules(trx, t.id),
    promos: await listPromotions(trx, t.id),
    preview: await previewPrices(trx, t.id, deps.now()),
  }));
  return adminPage(
    c,
    { title: 'Pricing', current: 'pricing', notice: c.req.query('notice') },
    <>
      <h1>Pricing</h1>
      <section aria-labelledby="mode-h">
        <h2 id="mode-h">Mode</h2>
        <p>
          Hourly recalculation <strong>{settings.mode === 'apply' ? 'applies' : 'only proposes'}</strong> new
          prices. Margin floor {settings.marginFloorBp / 100}% over cost; at most {settings.maxStepBp / 100}%
          change per run; sales window {settings.velocityWindowDays} days.
        </p>
        <form method="post" action="/admin/pricing/mode">
          {csrfInput(c)}
          <input type="hidden" name="mode" value={settings.mode === 'apply' ? 'propose' : 'apply'} />
          <button type="submit">
            {settings.mode === 'apply' ? 'Switch to propose only' : 'Switch to apply automatically'}
          </button>
        </form>
      </section>
      <section aria-labelledby="preview-h">
        <h2 id="preview-h">Proposed changes ({preview.length})</h2>
        {preview.length === 0 ? (
          <p>Every price matches the rules.</p>
        ) : (
          <>
            <form method="post" action="/admin/pricing/apply">
              {csrfInput(c)}
              <button type="submit">Apply open proposals</button>
            </form>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col">Now</th>
                  <th scope="col">New</th>
                  <th scope="col">Set by</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {preview.slice(0, 200).map((p) => (
                  <tr>
                    <td>{p.sku}</td>
                    <td>{money(p.oldPrice, t.currency)}</td>
                    <td>{money(p.newPrice, t.currency)}</td>
                    <td>{p.setBy}</td>
                    <td>
                      <ul>
                        {p.reasons.map((r) => (
                          <li>
                            {r.rule}: {r.effect} ({money(r.before, t.currency)} → {money(r.after, t.currency)}
                            )
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section aria-labelledby="rules-h">
        <h2 id="rules-h">Rules ({rules.length})</h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Parameters</th>
              <th scope="col">Dates</th>
              <th scope="col">Active</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr>
                <td>{r.name}</td>
                <td>{r.kind}</td>
                <td>
                  <code>{JSON.stringify(r.params)}</code>
                </td>
                <td>
                  {r.startsAt ?? '—'} → {r.endsAt ?? '—'}
                </td>
                <td>{r.active ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="promos-h">
        <h2 id="promos-h">Promotions ({promos.length})</h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Discount</th>
              <th scope="col">Target</th>
              <th scope="col">Priority</th>
              <th scope="col">Stackable</th>
              <th scope="col">Dates</th>
            </tr>
          </thead>
          <tbody>
            {promos.map((p) => (
              <tr>
                <td>{p.name}</td>
                <td>{p.kind === 'percentage' ? `${p.value / 100}%` : money(p.value, t.currency)}</td>
                <td>{p.target}</td>
                <td>{p.priority}</td>
                <td>{p.stackable ? 'yes' : 'no'}</td>
                <td>
                  {p.startsAt} → {p.endsAt ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>,
  );
}

async function restockPage(c: Ctx) {
  const t = storeOf(c);
  const deps = c.get('deps');
  const { plan, suppliers, pos } = await withTenant(deps.db, t.id, async (trx) => ({
    plan: await computePlan(trx, t.id, deps.now(), t.timezone),
    suppliers: await listSuppliers(trx, t.id),
    pos: await listPurchaseOrders(trx, t.id),
  }));
  const toOrder = plan.filter((p) => p.orderQuantity > 0);
  const forecasts = await listForecastViews(deps.db, t.id, deps.now(), t.timezone);
  return adminPage(
    c,
    { title: 'Restock', current: 'restock', notice: c.req.query('notice'), error: c.req.query('error') },
    <>
      <h1>Restock</h1>
      <section aria-labelledby="plan-h">
        <h2 id="plan-h">To order ({toOrder.length})</h2>
        <form method="post" action="/admin/restock/draft">
          {csrfInput(c)}
          <button type="submit">Draft purchase orders</button>
        </form>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Available</th>
              <th scope="col">On order</th>
              <th scope="col">Daily demand</th>
              <th scope="col">Safety stock</th>
              <th scope="col">Reorder point</th>
              <th scope="col">Order</th>
              <th scope="col">Forecast</th>
            </tr>
          </thead>
          <tbody>
            {toOrder.slice(0, 500).map((p) => (
              <tr>
                <td>{p.sku}</td>
                <td>{p.available}</td>
                <td>{p.onOrder}</td>
                <td>{p.meanDaily}</td>
                <td>{p.safetyStock}</td>
                <td>{p.reorderPoint}</td>
                <td>{p.orderQuantity}</td>
                <td>{p.method}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <ForecastSection views={forecasts} />
      <section aria-labelledby="po-h">
        <h2 id="po-h">Purchase orders</h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Supplier</th>
              <th scope="col">Status</th>
              <th scope="col">Lines</th>
              <th scope="col">Total</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {pos.map((po) => (
              <tr>
                <td>{po.supplierName}</td>
                <td>{po.status}</td>
                <td>{po.lines.map((l) => `${l.sku} × ${l.quantity}`).join(', ')}</td>
                <td>{money(po.total, t.currency)}</td>
                <td>
                  {(po.status === 'draft'
                    ? ['order', 'cancel']
                    : po.status === 'ordered'
                      ? ['receive', 'cancel']
                      : []
                  ).map((a) => (
                    <form
                      method="post"
                      action={`/admin/restock/purchase-orders/${po.id}/${a}`}
                      style="display:inline"
                    >
                      {csrfInput(c)}
                      <button type="submit">
                        {a === 'order' ? 'Mark ordered' : a === 'receive' ? 'Receive' : 'Cancel'}
                      </button>
                    </form>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="sup-h">
        <h2 id="sup-h">Suppliers</h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Lead time</th>
              <th scope="col">MOQ</th>
              <th scope="col">Pack</th>
            </tr>
          </thead>
          <tbody>
            {suppliers.map((s) => (
              <tr>
                <td>{s.name}</td>
                <td>{s.email ?? '—'}</td>
                <td>{s.leadTimeDays} days</td>
                <td>{s.moq}</td>
                <td>{s.packSize}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>,
  );
}

async function alertsPage(c: Ctx) {
  const t = storeOf(c);
  const alerts = await withTenant(c.get('deps').db, t.id, (trx) => listAlerts(trx, t.id, { limit: 200 }));
  const open = alerts.filter((a) => a.status === 'open');
  return adminPage(
    c,
    { title: 'Alerts', current: 'alerts' },
    <>
      <h1>Low-stock alerts</h1>
      <p>
        {open.length === 0
          ? 'Nothing is running low.'
          : `${open.length} item(s) at or below their threshold.`}
      </p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Available</th>
            <th scope="col">Threshold</th>
            <th scope="col">Status</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr>
              <td>{a.sku}</td>
              <td>{a.available}</td>
              <td>{a.threshold}</td>
              <td>{a.status}</td>
              <td>
                <time datetime={a.createdAt}>{a.createdAt.slice(0, 16).replace('T', ' ')}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
  );
}

function userActor(c: Ctx) {
  const p = c.get('principal');
  return { type: 'user' as const, id: p?.kind === 'user' ? p.userId : null };
}

export const workersAdminPages = new Hono<AppEnv>();
workersAdminPages.get('/admin/pricing', ...adminGuard('staff'), pricingPage);
workersAdminPages.post('/admin/pricing/apply', ...adminGuard('admin'), async (c) => {
  const t = storeOf(c);
  const n = await withTenant(c.get('deps').db, t.id, (trx) => applyProposals(trx, t.id));
  return c.redirect(`/admin/pricing?notice=${encodeURIComponent(`${n} price(s) applied`)}`, 303);
});
workersAdminPages.post('/admin/pricing/mode', ...adminGuard('admin'), async (c) => {
  const t = storeOf(c);
  const body = await c.req.parseBody();
  const mode = body.mode === 'apply' ? 'apply' : 'propose';
  await withTenant(c.get('deps').db, t.id, (trx) => updateSettings(trx, t.id, { mode }));
  return c.redirect('/admin/pricing?notice=Mode+saved', 303);
});
workersAdminPages.get('/admin/restock', ...adminGuard('staff'), restockPage);
workersAdminPages.post('/admin/restock/draft', ...adminGuard('admin'), async (c) => {
  const t = storeOf(c);
  const now = c.get('deps').now();
  const r = await withTenant(c.get('deps').db, t.id, (trx) =>
    draftPurchaseOrders(trx, t.id, `manual:${now.toISOString()}`, now, t.timezone),
  );
  return c.redirect(
    `/admin/restock?notice=${encodeURIComponent(`${r.purchaseOrders.length} draft(s) created`)}`,
    303,
  );
});
workersAdminPages.post(
  '/admin/restock/purchase-orders/:id/:action{order|receive|cancel}',
  ...adminGuard('admin'),
  async (c) => {
    const t = storeOf(c);
    const target = { order: 'ordered', receive: 'received', cancel: 'cancelled' } as const;
    const action = c.req.param('action') as keyof typeof target;
    await withTenant(c.get('deps').db, t.id, (trx) =>
      transitionPurchaseOrder(trx, t.id, c.req.param('id'), target[action], userActor(c)),
    );
    return c.redirect(`/admin/restock?notice=${encodeURIComponent(`Purchase order ${target[action]}`)}`, 303);
  },
);
workersAdminPages.get('/admin/alerts', ...adminGuard('staff'), alertsPage);
