/**
 * Admin page /admin/restock (store host, cookie session): the restock plan
 * with each line explained and why nothing would be drafted
 * (./restock-plan.tsx), the demand forecast charts, purchase orders (each
 * opens its own page: ./restock-po.tsx) and suppliers (./restock-suppliers.tsx).
 * Server-rendered, no JavaScript needed; POST forms carry the CSRF field and
 * redirect back (303) with a notice code. Calls restock's services only.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { listForecastViews } from '../../modules/restock/forecast-view.js';
import type { PurchaseOrder } from '../../modules/restock/schemas.js';
import { draftPurchaseOrdersNow, getRestockOverview } from '../../modules/restock/service.js';
import { Button, Card, type Column, DataTable, EmptyState } from '../components/ui.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import { ForecastSection } from './forecast-chart.js';
import { adminGuard, adminPage, roleAtLeast } from './layout.js';
import { moneyText } from './money-text.js';
import { PlanCard } from './restock-plan.js';
import { PoStatus, purchaseOrderPages } from './restock-po.js';
import { SuppliersCard, supplierPages } from './restock-suppliers.js';

type Ctx = Context<AppEnv>;
type Overview = Awaited<ReturnType<typeof getRestockOverview>>;

/** The only notices /admin/restock shows (see ../notices.ts). */
export const RESTOCK_NOTICES = {
  drafts_created: 'Draft purchase orders created.',
  no_drafts: 'Nothing to order: no drafts created (see why above the plan).',
  supplier_saved: 'Supplier saved.',
} as const;

function poColumns(currency: string): Column<PurchaseOrder>[] {
  return [
    {
      key: 'supplier',
      label: 'Supplier',
      render: (po) => <a href={`/admin/restock/purchase-orders/${po.id}`}>{po.supplierName}</a>,
    },
    { key: 'status', label: 'Status', render: (po) => <PoStatus po={po} /> },
    {
      key: 'lines',
      label: 'Items',
      render: (po) => po.lines.map((l) => `${l.sku} × ${l.quantity}`).join(', '),
    },
    { key: 'total', label: 'Total', num: true, render: (po) => moneyText(po.total, currency) },
    { key: 'created', label: 'Created', render: (po) => po.createdAt.slice(0, 10) },
  ];
}

function PurchaseOrdersCard({ pos, currency }: { pos: Overview['pos']; currency: string }) {
  return (
    <Card title="Purchase orders" id="purchase-orders">
      <DataTable
        caption="Purchase orders"
        columns={poColumns(currency)}
        rows={pos}
        empty={
          <EmptyState
            title="No purchase orders yet"
            body="Draft them from the plan: one per supplier, for everything at or below its reorder point."
          />
        }
      />
    </Card>
  );
}

async function restockPage(c: Ctx) {
  const t = storeOf(c);
  const deps = c.get('deps');
  const { plan, suppliers, pos } = await getRestockOverview(deps.db, t.id, deps.now(), t.timezone);
  const forecasts = await listForecastViews(deps.db, t.id, deps.now(), t.timezone);
  const canEdit = roleAtLeast(c, 'admin');
  return adminPage(
    c,
    {
      title: 'Restock',
      current: 'restock',
      notice: noticeFrom(c, RESTOCK_NOTICES),
      actions: canEdit ? (
        <Button variant="secondary" href="/admin/restock/suppliers/new">
          Add supplier
        </Button>
      ) : undefined,
    },
    <>
      <PlanCard c={c} plan={plan} canEdit={canEdit} />
      <PurchaseOrdersCard pos={pos} currency={t.currency} />
      <SuppliersCard suppliers={suppliers} canEdit={canEdit} />
      <ForecastSection views={forecasts} plan={plan} />
    </>,
  );
}

export const restockAdminPages = new Hono<AppEnv>();
restockAdminPages.get('/admin/restock', ...adminGuard('staff'), restockPage);
restockAdminPages.post('/admin/restock/draft', ...adminGuard('admin'), async (c) => {
  const t = storeOf(c);
  const r = await draftPurchaseOrdersNow(c.get('deps').db, t.id, c.get('deps').now(), t.timezone);
  const code = r.purchaseOrders.length > 0 ? 'drafts_created' : 'no_drafts';
  return c.redirect(`/admin/restock${noticeQuery(RESTOCK_NOTICES, code)}`, 303);
});
restockAdminPages.route('/', purchaseOrderPages);
restockAdminPages.route('/', supplierPages);
