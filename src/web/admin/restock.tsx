/**
 * Admin page /admin/restock (store host, cookie session): the restock plan,
 * purchase orders (draft → order → receive, or cancel) and suppliers.
 * Server-rendered, no JavaScript needed; POST forms carry the CSRF field and
 * redirect back (303) with a notice code. Calls restock's services only.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { storeOf } from '../../lib/http/middleware.js';
import { listForecastViews } from '../../modules/restock/forecast-view.js';
import type { PlanItem, PurchaseOrder } from '../../modules/restock/schemas.js';
import {
  draftPurchaseOrdersNow,
  getRestockOverview,
  moveStorePurchaseOrder,
} from '../../modules/restock/service.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import { ForecastSection } from './forecast-chart.js';
import { adminGuard, adminPage } from './layout.js';
import { moneyText } from './money-text.js';

type Ctx = Context<AppEnv>;
type Overview = Awaited<ReturnType<typeof getRestockOverview>>;

/** The only notices /admin/restock shows (see ../notices.ts). */
export const RESTOCK_NOTICES = {
  drafts_created: 'Draft purchase orders created.',
  no_drafts: 'Nothing to order: no drafts created.',
  po_ordered: 'Purchase order ordered',
  po_received: 'Purchase order received',
  po_cancelled: 'Purchase order cancelled',
} as const;

const TARGET = { order: 'ordered', receive: 'received', cancel: 'cancelled' } as const;
const ACTIONS: Record<PurchaseOrder['status'], (keyof typeof TARGET)[]> = {
  draft: ['order', 'cancel'],
  ordered: ['receive', 'cancel'],
  received: [],
  cancelled: [],
};
const ACTION_LABEL = { order: 'Mark ordered', receive: 'Receive', cancel: 'Cancel' } as const;

function PlanSection({ c, toOrder }: { c: Ctx; toOrder: PlanItem[] }) {
  return (
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
  );
}

function PurchaseOrderRow({ c, po, currency }: { c: Ctx; po: PurchaseOrder; currency: string }) {
  return (
    <tr>
      <td>{po.supplierName}</td>
      <td>{po.status}</td>
      <td>{po.lines.map((l) => `${l.sku} × ${l.quantity}`).join(', ')}</td>
      <td>{moneyText(po.total, currency)}</td>
      <td>
        {ACTIONS[po.status].map((a) => (
          <form method="post" action={`/admin/restock/purchase-orders/${po.id}/${a}`} style="display:inline">
            {csrfInput(c)}
            <button type="submit">{ACTION_LABEL[a]}</button>
          </form>
        ))}
      </td>
    </tr>
  );
}

function PurchaseOrdersSection({ c, pos, currency }: { c: Ctx; pos: PurchaseOrder[]; currency: string }) {
  return (
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
            <PurchaseOrderRow c={c} po={po} currency={currency} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SuppliersSection({ suppliers }: { suppliers: Overview['suppliers'] }) {
  return (
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
  );
}

async function restockPage(c: Ctx) {
  const t = storeOf(c);
  const deps = c.get('deps');
  const { plan, suppliers, pos } = await getRestockOverview(deps.db, t.id, deps.now(), t.timezone);
  const forecasts = await listForecastViews(deps.db, t.id, deps.now(), t.timezone);
  return adminPage(
    c,
    { title: 'Restock', current: 'restock', notice: noticeFrom(c, RESTOCK_NOTICES) },
    <>
      <PlanSection c={c} toOrder={plan.filter((p) => p.orderQuantity > 0)} />
      <ForecastSection views={forecasts} />
      <PurchaseOrdersSection c={c} pos={pos} currency={t.currency} />
      <SuppliersSection suppliers={suppliers} />
    </>,
  );
}

function userActor(c: Ctx) {
  const p = c.get('principal');
  return { type: 'user' as const, id: p?.kind === 'user' ? p.userId : null };
}

export const restockAdminPages = new Hono<AppEnv>();
restockAdminPages.get('/admin/restock', ...adminGuard('staff'), restockPage);
restockAdminPages.post('/admin/restock/draft', ...adminGuard('admin'), async (c) => {
  const t = storeOf(c);
  const r = await draftPurchaseOrdersNow(c.get('deps').db, t.id, c.get('deps').now(), t.timezone);
  const code = r.purchaseOrders.length > 0 ? 'drafts_created' : 'no_drafts';
  return c.redirect(`/admin/restock${noticeQuery(RESTOCK_NOTICES, code)}`, 303);
});
restockAdminPages.post(
  '/admin/restock/purchase-orders/:id/:action{order|receive|cancel}',
  ...adminGuard('admin'),
  async (c) => {
    const action = c.req.param('action') as keyof typeof TARGET;
    const to = TARGET[action];
    await moveStorePurchaseOrder(c.get('deps').db, storeOf(c).id, c.req.param('id'), to, userActor(c));
    return c.redirect(`/admin/restock${noticeQuery(RESTOCK_NOTICES, `po_${to}`)}`, 303);
  },
);
