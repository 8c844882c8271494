/**
 * /admin/pricing/variants/:id — one variant's price history: an inline SVG
 * line chart (the UI kit's LineChart) of the applied changes up to today's
 * price, the open proposal if any, and each change with the rule and reasons.
 * Read-only (staff may look). Price changes are recorded by pricing runs and
 * applied proposals (price_history).
 */
import { type Context, Hono } from 'hono';
import { formatDate } from '../../lib/dates.js';
import type { AppEnv } from '../../lib/http/context.js';
import { storeOf } from '../../lib/http/middleware.js';
import type { PriceReason } from '../../modules/pricing/engine.js';
import { reasonEffect } from '../../modules/pricing/reason-text.js';
import { getVariantPriceChart } from '../../modules/pricing/service.js';
import { Card, EmptyState, LineChart, type Point } from '../components/ui.js';
import { adminGuard, adminPage } from './layout.js';
import { moneyText } from './money-text.js';
import { step } from './pricing-form-parts.js';

type Ctx = Context<AppEnv>;
type Chart = Awaited<ReturnType<typeof getVariantPriceChart>>;
type Change = Chart['applied'][number];

const day = (iso: string) => formatDate(iso, 'en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** The price over time: the price before the first change, each applied change, and today's price. */
export function pricePoints(chart: Chart): Point[] {
  const pts: Point[] = [];
  const first = chart.applied[0];
  if (first) pts.push({ label: `before ${day(first.createdAt)}`, value: first.oldPrice });
  for (const r of chart.applied) pts.push({ label: day(r.createdAt), value: r.newPrice });
  pts.push({ label: 'now', value: chart.variant.price });
  return pts;
}

/** Where a price change came from, in the merchant's words. */
const SOURCE_LABELS: Record<string, string> = {
  pricing_run: 'Pricing run',
  promotion: 'Promotion',
  manual: 'Product editor',
  import: 'CSV import',
};

/** The changes, newest first (a focusable scroll region: the table is wider than a phone). */

function ChangesTable({ rows, currency }: { rows: readonly Change[]; currency: string }) {
  if (rows.length === 0)
    return (
      <EmptyState
        title="No price changes recorded yet"
        body="Changes appear here when a pricing run applies a new price or you apply a proposal."
      />
    );
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label="Applied price changes">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col" class="num">
              From
            </th>
            <th scope="col" class="num">
              To
            </th>
            <th scope="col">Source</th>
            <th scope="col">Set by</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {[...rows].reverse().map((r) => (
            <tr>
              <td>{r.createdAt.slice(0, 16).replace('T', ' ')}</td>
              <td class="num">{moneyText(r.oldPrice, currency)}</td>
              <td class="num">{moneyText(r.newPrice, currency)}</td>
              <td>{SOURCE_LABELS[r.source]}</td>
              <td>{step(r.rule)}</td>
              <td>
                <ul>
                  {((r.reasons ?? []) as Pick<PriceReason, 'rule' | 'effect' | 'amounts'>[]).map((x) => (
                    <li>
                      {step(x.rule)}: {reasonEffect(x, (m) => moneyText(m, currency))}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

async function historyPage(c: Ctx) {
  const t = storeOf(c);
  const deps = c.get('deps');
  const chart = await getVariantPriceChart(deps.db, t.id, c.req.param('id') ?? '');
  const money = (v: number) => moneyText(Math.round(v), t.currency);
  const open = chart.proposed[0];
  return adminPage(
    c,
    {
      title: `Price history: ${chart.variant.sku}`,
      current: 'pricing',
      back: { href: '/admin/pricing', label: 'Pricing' },
    },
    <>
      <Card title={`${chart.variant.title} · ${money(chart.variant.price)} now`}>
        <div class="price-chart" style="max-width:36rem">
          <LineChart
            points={pricePoints(chart)}
            label={`Price of ${chart.variant.sku} over time`}
            format={money}
          />
        </div>
        {open ? (
          <p>
            Open proposal: {money(open.oldPrice)} → <strong>{money(open.newPrice)}</strong> ({open.rule}).
            Apply it on <a href="/admin/pricing">Pricing</a>.
          </p>
        ) : null}
        <p>
          <a href={`/admin/products/${chart.variant.productId}`}>Edit the product</a>
        </p>
      </Card>
      <Card title={`Changes (${chart.applied.length})`}>
        <ChangesTable rows={chart.applied} currency={t.currency} />
      </Card>
    </>,
  );
}

export const pricingHistoryPages = new Hono<AppEnv>();
pricingHistoryPages.get('/admin/pricing/variants/:id', ...adminGuard('staff'), historyPage);
