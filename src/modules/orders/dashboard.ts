/**
 * The admin dashboard's order figures for 7/30/90 days: the daily series
 * (sales, orders, average order value), totals, top products and the latest
 * orders, in one tenant transaction.
 */
import { type Db, withTenant } from '../../lib/db/index.js';
import {
  type DailySales,
  dailyPaidSales,
  latestOrders,
  type RecentOrder,
  type TopProduct,
  topProductsSince,
} from './repository/dashboard.js';

export type { DailySales, RecentOrder, TopProduct };

export interface SalesDashboard {
  days: number;
  series: DailySales[];
  totals: { sales: number; orders: number; aov: number };
  /** The same totals for the period before (for the change shown beside each number). */
  previous: { sales: number; orders: number; aov: number };
  topProducts: TopProduct[];
  recentOrders: RecentOrder[];
}

function totalsOf(rows: DailySales[]) {
  const sales = rows.reduce((s, r) => s + r.sales, 0);
  const orders = rows.reduce((s, r) => s + r.orders, 0);
  return { sales, orders, aov: orders ? Math.round(sales / orders) : 0 };
}

export function getSalesDashboard(
  db: Db,
  tenantId: string,
  timezone: string,
  days: 7 | 30 | 90,
): Promise<SalesDashboard> {
  return withTenant(db, tenantId, async (trx) => {
    const both = await dailyPaidSales(trx, tenantId, timezone, days * 2);
    const series = both.slice(days);
    const since = new Date(Date.now() - days * 86_400_000);
    return {
      days,
      series,
      totals: totalsOf(series),
      previous: totalsOf(both.slice(0, days)),
      topProducts: await topProductsSince(trx, tenantId, since, 5),
      recentOrders: await latestOrders(trx, tenantId, 6),
    };
  });
}
