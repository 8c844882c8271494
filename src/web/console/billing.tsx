/**
 * Console page "Revenue" (apex, platform admins): the money report by month
 * (MRR, churn, new/cancelled subscriptions, GMV incl. manual payments,
 * platform fee — ./billing-report.tsx), its CSV export, and billing per store
 * (plan, status, MRR). Same per-store figures as GET /api/console/billing.
 */
import { type Context, Hono } from 'hono';
import { requirePageUser } from '../../http/session.js';
import type { AppEnv } from '../../lib/http/context.js';
import { onlyOn, requirePlatformAdmin } from '../../lib/http/middleware.js';
import { formatMoney } from '../../lib/money.js';
import { type ConsoleBillingRow, getConsoleBilling } from '../../modules/billing/console.js';
import { getMoneyReport } from '../../modules/settlement/money-report.js';
import { moneyReportCsv } from '../../modules/settlement/money-report-csv.js';
import { Card, type Column, DataTable, StatusBadge } from '../components/ui.js';
import { MoneyReportView } from './billing-report.js';
import { ConsoleLayout, Scroll } from './layout.js';

async function consoleBillingPage(c: Context<AppEnv>) {
  const deps = c.get('deps');
  const [r, report] = await Promise.all([getConsoleBilling(deps), getMoneyReport(deps)]);
  const columns: Column<ConsoleBillingRow>[] = [
    {
      key: 'store',
      label: 'Store',
      render: (i) => (
        <>
          <a href={`/console/tenants/${i.tenantId}`}>{i.name}</a> <span class="muted">({i.handle})</span>
        </>
      ),
    },
    { key: 'plan', label: 'Plan', render: (i) => i.plan },
    { key: 'sub', label: 'Subscription', render: (i) => <StatusBadge status={i.status} /> },
    { key: 'store-status', label: 'Store status', render: (i) => <StatusBadge status={i.storeStatus} /> },
    { key: 'mrr', label: 'MRR', num: true, render: (i) => formatMoney(i.mrr, r.currency) },
  ];
  return c.html(
    <ConsoleLayout title="Revenue" current="revenue">
      {!r.configured ? (
        <p>Billing is not configured (no Stripe keys): every store is on the developer plan.</p>
      ) : null}
      <MoneyReportView report={report} />
      <Card title="Subscriptions per store">
        <p>
          Total MRR: <strong data-testid="total-mrr">{formatMoney(r.totalMrr, r.currency)}</strong> across{' '}
          {r.items.length} stores.
        </p>
        <Scroll label="Billing per store">
          <DataTable caption="Billing per store" rows={r.items} columns={columns} />
        </Scroll>
      </Card>
    </ConsoleLayout>,
  );
}

async function consoleMoneyCsv(c: Context<AppEnv>) {
  const kind = c.req.query('kind') === 'stores' ? 'stores' : 'months';
  const report = await getMoneyReport(c.get('deps'));
  const day = new Date().toISOString().slice(0, 10);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="storeloom-revenue-${kind}-${day}.csv"`);
  return c.body(moneyReportCsv(report, kind));
}

const guard = [onlyOn('apex'), requirePageUser('/login'), requirePlatformAdmin()] as const;

/** Mounted by src/web/routes.ts. */
export const consoleBillingPages = new Hono<AppEnv>()
  .get('/console/billing', ...guard, consoleBillingPage)
  .get('/console/billing/report.csv', ...guard, consoleMoneyCsv);
