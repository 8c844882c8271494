/**
 * /admin — the dashboard: billing banner in plain words, the onboarding
 * checklist until every step is done, sales / orders / average order value
 * over 7, 30 or 90 days (SVG charts, change against the period before), top
 * products, low stock and the latest orders. Staff see the numbers; the
 * checklist and billing are for admins.
 */
import type { Context } from 'hono';
import { getStoreClosing } from '../../flows/store-closing.js';
import { formatDate } from '../../lib/dates.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import { formatMoney } from '../../lib/money.js';
import { BarChart, Card, EmptyState, LineChart, Stat, StatusBadge } from '../components/ui.js';
import {
  billingBanner,
  type ChecklistStep,
  loadChecklist,
  loadDashboard,
  type Period,
} from './dashboard-data.js';
import { adminPage, roleAtLeast } from './layout.js';
import { RunningPromotionsCard } from './promotion-rules-card.js';

type Ctx = Context<AppEnv>;
type Data = Awaited<ReturnType<typeof loadDashboard>>;

function change(now: number, before: number): string | undefined {
  if (before === 0) return now === 0 ? undefined : 'new';
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct)}% vs previous`;
}

function shortDay(iso: string): string {
  return formatDate(`${iso}T00:00:00Z`, 'en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

function Checklist(props: { steps: ChecklistStep[] }) {
  const left = props.steps.filter((s) => !s.done).length;
  return (
    <Card
      title="Get your store ready"
      id="setup"
      actions={
        <span class="muted">
          {props.steps.length - left} of {props.steps.length} done
        </span>
      }
    >
      <ul class="checklist">
        {props.steps.map((s) => (
          <li class={s.done ? 'done' : undefined}>
            <span class="tick" aria-hidden="true">
              {s.done ? '✓' : ''}
            </span>
            {s.href ? <a href={s.href}>{s.label}</a> : <span>{s.label}</span>}
            {s.done ? (
              <span class="visually-hidden">(done)</span>
            ) : s.hint ? (
              <span class="muted"> — {s.hint}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function PeriodTabs(props: { days: Period }) {
  return (
    <nav class="tabs" aria-label="Period">
      {([7, 30, 90] as const).map((d) => (
        <a
          href={d === 30 ? '/admin' : `/admin?days=${d}`}
          aria-current={d === props.days ? 'page' : undefined}
        >
          Last {d} days
        </a>
      ))}
    </nav>
  );
}

function SalesCharts(props: { data: Data; currency: string }) {
  const { sales } = props.data;
  const money = (v: number) => formatMoney(Math.round(v), props.currency).replace(/\.00$/, '');
  const aovSeries = sales.series.map((d) => ({
    label: shortDay(d.day),
    value: d.orders ? d.sales / d.orders : 0,
  }));
  return (
    <div class="cards">
      <Card title="Sales">
        <LineChart
          points={sales.series.map((d) => ({ label: shortDay(d.day), value: d.sales }))}
          label={`Sales per day, last ${sales.days} days`}
          format={money}
        />
      </Card>
      <Card title="Orders">
        <BarChart
          points={sales.series.map((d) => ({ label: shortDay(d.day), value: d.orders }))}
          label={`Paid orders per day, last ${sales.days} days`}
        />
      </Card>
      <Card title="Average order value">
        <LineChart
          points={aovSeries}
          label={`Average order value per day, last ${sales.days} days`}
          format={money}
        />
      </Card>
    </div>
  );
}

function Lists(props: { data: Data; currency: string }) {
  const { sales, lowStock } = props.data;
  return (
    <div class="cards">
      <Card title="Top products" actions={<a href="/admin/products">All products</a>}>
        {sales.topProducts.length === 0 ? (
          <EmptyState title="No sales in this period" body="Best sellers appear here once orders are paid." />
        ) : (
          <ol>
            {sales.topProducts.map((p) => (
              <li>
                {p.productId ? <a href={`/admin/products/${p.productId}`}>{p.title}</a> : p.title} — {p.units}{' '}
                sold · {formatMoney(p.revenue, props.currency)}
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Card title="Low stock" actions={<a href="/admin/inventory?filter=low">All low stock</a>}>
        {lowStock.length === 0 ? (
          <EmptyState title="Nothing is running low" />
        ) : (
          <ul class="checklist">
            {lowStock.map((v) => (
              <li>
                <a href={`/admin/inventory/${v.variantId}`}>
                  {v.productTitle}
                  {v.variantTitle ? ` — ${v.variantTitle}` : ''}
                </a>
                <span class={v.available <= 0 ? 'badge danger' : 'badge warn'}>{v.available} left</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Recent orders" actions={<a href="/admin/orders">All orders</a>}>
        {sales.recentOrders.length === 0 ? (
          <EmptyState title="No orders yet" body="Share your store’s address to get your first order." />
        ) : (
          <ul class="checklist">
            {sales.recentOrders.map((o) => (
              <li>
                <a href={`/admin/orders/${o.id}`}>#{o.number}</a>
                <span class="muted grow">{o.email}</span>
                <StatusBadge status={o.status} />
                <span style="margin-left:auto">{formatMoney(o.total, props.currency)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

export async function dashboardPage(c: Ctx) {
  const store = storeOf(c);
  const days: Period = c.req.query('days') === '7' ? 7 : c.req.query('days') === '90' ? 90 : 30;
  const data = await loadDashboard(c, days);
  const isAdmin = roleAtLeast(c, 'admin');
  const [steps, banner] = isAdmin
    ? await Promise.all([loadChecklist(c, data.overview.products), billingBanner(c)])
    : [[], null];
  // A closing store is suspended too, but the shell's closing banner already says what shoppers see.
  const closing = store.status === 'suspended' ? await getStoreClosing(c.get('deps'), store.id) : null;
  const { totals, previous } = data.sales;
  const cur = data.overview.currency;
  return adminPage(
    c,
    { title: 'Overview', current: 'overview' },
    <>
      {store.status === 'suspended' && !closing ? (
        <p class="notice error" role="alert">
          This store is suspended: the storefront shows “store unavailable” and takes no orders.
        </p>
      ) : null}
      {banner ? (
        <p class={`notice ${banner.tone === 'warn' ? 'warn' : ''}`}>
          {banner.text} <a href="/admin/billing">Plans and billing</a>
        </p>
      ) : null}
      {steps.some((s) => !s.done) ? <Checklist steps={steps} /> : null}
      <PeriodTabs days={days} />
      <div class="stats">
        <Stat
          label="Sales"
          value={formatMoney(totals.sales, cur)}
          delta={change(totals.sales, previous.sales)}
        />
        <Stat
          label="Paid orders"
          value={String(totals.orders)}
          delta={change(totals.orders, previous.orders)}
        />
        <Stat
          label="Average order value"
          value={formatMoney(totals.aov, cur)}
          delta={change(totals.aov, previous.aov)}
        />
        <Stat
          label={`Products (${data.overview.activeProducts} active)`}
          value={String(data.overview.products)}
          href="/admin/products"
        />
        <Stat label="Customers" value={String(data.overview.customers)} href="/admin/customers" />
        {data.overview.openAlerts === null ? null : (
          <Stat label="Open low-stock alerts" value={String(data.overview.openAlerts)} href="/admin/alerts" />
        )}
      </div>
      <SalesCharts data={data} currency={cur} />
      <Lists data={data} currency={cur} />
      <RunningPromotionsCard c={c} />
    </>,
  );
}
