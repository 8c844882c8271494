/**
 * The money report as CSV (console "Download CSV"): `months` — one row per
 * month and currency; `stores` — one row per store, month and currency.
 * Amounts are decimal strings in major units (exact, from minor units).
 */
import { stringify } from 'csv-stringify/sync';
import { toDecimalString } from '../../lib/money.js';
import type { MoneyReport } from './money-report.js';

export type MoneyCsvKind = 'months' | 'stores';

export function moneyReportCsv(r: MoneyReport, kind: MoneyCsvKind): string {
  if (kind === 'stores') {
    return stringify(
      r.storeMonths.map((s) => [
        s.month,
        s.handle,
        s.tenant_id,
        s.currency,
        s.orders,
        toDecimalString(s.gross, s.currency),
        toDecimalString(s.manual_gross, s.currency),
        toDecimalString(s.refunds, s.currency),
        toDecimalString(s.platform_fee, s.currency),
      ]),
      {
        header: true,
        columns: [
          'month',
          'store',
          'store_id',
          'currency',
          'paid_orders',
          'gmv',
          'manual_gmv',
          'refunds',
          'platform_fee',
        ],
      },
    );
  }
  const rows: (string | number)[][] = [];
  for (const m of r.months) {
    const currencies = r.gmv.filter((g) => g.month === m.month);
    for (const g of currencies.length ? currencies : [undefined]) {
      const cur = g?.currency ?? r.currency;
      const sameCurrency = cur === r.currency;
      rows.push([
        m.month,
        cur,
        sameCurrency ? toDecimalString(m.mrr, cur) : '',
        sameCurrency ? m.billedAtEnd : '',
        sameCurrency ? m.newSubscriptions : '',
        sameCurrency ? m.trialConversions : '',
        sameCurrency ? m.cancelled : '',
        sameCurrency && m.churn !== null ? m.churn.toFixed(4) : '',
        g?.orders ?? 0,
        toDecimalString(g?.gross ?? 0, cur),
        toDecimalString(g?.manualGross ?? 0, cur),
        toDecimalString(g?.refunds ?? 0, cur),
        toDecimalString(g?.platformFee ?? 0, cur),
      ]);
    }
  }
  return stringify(rows, {
    header: true,
    columns: [
      'month',
      'currency',
      'mrr',
      'paying_stores',
      'new_subscriptions',
      'trial_conversions',
      'cancelled',
      'churn',
      'paid_orders',
      'gmv',
      'manual_gmv',
      'refunds',
      'platform_fee',
    ],
  });
}
