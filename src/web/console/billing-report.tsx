/**
 * The console's money report as charts and tables (rendered by ./billing.tsx):
 * MRR, new vs cancelled subscriptions, churn, GMV and platform fee by month,
 * and GMV per store (manual payments included). Figures come from
 * settlement/money-report.ts. Money is integer minor units.
 */

import { formatMoney } from '../../lib/money.js';
import type { MoneyReport } from '../../modules/settlement/money-report.js';
import { BarChart, Card, type Column, DataTable, EmptyState, LineChart, Stat } from '../components/ui.js';
import { Scroll } from './layout.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** '2026-03' → 'Mar 26'. */
export const monthLabel = (key: string) => `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(2, 4)}`;
/** Chart axis: '2026-03' → 'Mar' (the year is in the table; 12 labels fit at 390 px). */
const short = (key: string) => MONTHS[Number(key.slice(5, 7)) - 1]!;
export const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
/** Axis labels: whole major units (the tooltips and tables carry the exact figure). */
const axisMoney = (currency: string) => (v: number) =>
  formatMoney(Math.round(v / 100) * 100, currency).replace(/\.00$/, '');

export function MoneyReportView(props: { report: MoneyReport }) {
  const r = props.report;
  const cur = r.currency;
  const gmv = r.gmv.filter((g) => g.currency === cur);
  const last = r.months[r.months.length - 1]!;
  const lastGmv = gmv[gmv.length - 1];
  const m = (v: number) => formatMoney(v, cur);
  const others = r.gmv.filter((g) => g.currency !== cur);
  return (
    <>
      <div class="stats" data-testid="money-stats">
        <Stat label="MRR now" value={m(last.mrr)} />
        <Stat label="Paying stores" value={String(last.billedAtEnd)} />
        <Stat label="Churn this month" value={percent(last.churn)} />
        <Stat label={`GMV this month (${cur})`} value={m(lastGmv?.gross ?? 0)} />
        <Stat label="Platform fee this month" value={m(lastGmv?.platformFee ?? 0)} />
      </div>
      <div class="cards">
        <Card title="MRR">
          <LineChart
            label={`MRR by month in ${cur}`}
            points={r.months.map((x) => ({ label: short(x.month), value: x.mrr }))}
            format={axisMoney(cur)}
          />
        </Card>
        <Card title="New subscriptions">
          <BarChart
            label="New subscriptions by month"
            points={r.months.map((x) => ({ label: short(x.month), value: x.newSubscriptions }))}
          />
        </Card>
        <Card title="Cancelled subscriptions">
          <BarChart
            label="Cancelled subscriptions by month"
            points={r.months.map((x) => ({ label: short(x.month), value: x.cancelled }))}
          />
        </Card>
        <Card title={`GMV (${cur})`}>
          <BarChart
            label={`Gross merchandise value by month in ${cur}, card and manual payments`}
            points={gmv.map((x) => ({ label: short(x.month), value: x.gross }))}
            format={axisMoney(cur)}
          />
        </Card>
        <Card title={`Platform fee (${cur})`}>
          <BarChart
            label={`Platform fee revenue by month in ${cur}`}
            points={gmv.map((x) => ({ label: short(x.month), value: x.platformFee }))}
            format={axisMoney(cur)}
          />
        </Card>
      </div>
      <Card title="By month" actions={<a href="/console/billing/report.csv?kind=months">Download CSV</a>}>
        <Scroll label="Subscriptions and GMV by month">
          <DataTable
            caption="Subscriptions and GMV by month"
            rows={r.months.map((x) => ({ ...x, g: gmv.find((g) => g.month === x.month) }))}
            columns={[
              { key: 'month', label: 'Month', render: (x) => monthLabel(x.month) },
              { key: 'mrr', label: 'MRR', num: true, render: (x) => m(x.mrr) },
              { key: 'new', label: 'New', num: true, render: (x) => String(x.newSubscriptions) },
              { key: 'conv', label: 'From trial', num: true, render: (x) => String(x.trialConversions) },
              { key: 'cancelled', label: 'Cancelled', num: true, render: (x) => String(x.cancelled) },
              { key: 'churn', label: 'Churn', num: true, render: (x) => percent(x.churn) },
              { key: 'gmv', label: 'GMV', num: true, render: (x) => m(x.g?.gross ?? 0) },
              { key: 'manual', label: 'of which manual', num: true, render: (x) => m(x.g?.manualGross ?? 0) },
              { key: 'refunds', label: 'Refunds', num: true, render: (x) => m(x.g?.refunds ?? 0) },
              { key: 'fee', label: 'Platform fee', num: true, render: (x) => m(x.g?.platformFee ?? 0) },
            ]}
          />
        </Scroll>
        {others.length ? (
          <p class="muted">
            Other currencies:{' '}
            {others.map((g) => `${monthLabel(g.month)} ${formatMoney(g.gross, g.currency)}`).join(' · ')}
          </p>
        ) : null}
      </Card>
      <Card
        title="GMV per store"
        actions={<a href="/console/billing/report.csv?kind=stores">Download CSV</a>}
      >
        <Scroll label="GMV per store">
          <DataTable
            caption="GMV per store over the report's months"
            rows={r.stores}
            empty={
              <EmptyState
                title="No paid orders yet"
                body="Stores' paid orders, card and manual, show here."
              />
            }
            columns={STORE_COLUMNS}
          />
        </Scroll>
      </Card>
    </>
  );
}

const STORE_COLUMNS: Column<MoneyReport['stores'][number]>[] = [
  {
    key: 'store',
    label: 'Store',
    render: (s) => (
      <>
        <a href={`/console/tenants/${s.tenantId}`}>{s.name}</a> <span class="muted">({s.handle})</span>
      </>
    ),
  },
  { key: 'orders', label: 'Paid orders', num: true, render: (s) => String(s.orders) },
  { key: 'gross', label: 'GMV', num: true, render: (s) => formatMoney(s.gross, s.currency) },
  {
    key: 'manual',
    label: 'of which manual',
    num: true,
    render: (s) => formatMoney(s.manualGross, s.currency),
  },
  { key: 'refunds', label: 'Refunds', num: true, render: (s) => formatMoney(s.refunds, s.currency) },
  { key: 'fee', label: 'Platform fee', num: true, render: (s) => formatMoney(s.platformFee, s.currency) },
];
