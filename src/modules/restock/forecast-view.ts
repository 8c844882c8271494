/**
 * What the restock page shows per variant (issue #16): recent history, the
 * forecast with its 10–90% band, the chosen method and why, and the reorder
 * point's arithmetic. A service: it opens its own tenant transaction.
 */
import { type Db, withTenant } from '../../lib/db/index.js';
import { dailyQuantiles } from './forecast/quantiles.js';
import { formatDay } from './forecast/sales-csv.js';
import { forecastForPlanning, planItemOf } from './forecast.js';
import { loadDailyDemand, loadPlanningRows } from './repository/planning.js';
import { loadImportedDemand } from './repository/sales-history.js';
import { findRestockSettings } from './repository/settings.js';

const DAY = 86_400_000;
const HISTORY_DAYS = 56;

export interface ForecastView {
  variantId: string;
  sku: string;
  method: string;
  status: string;
  demandClass: string;
  reason: string;
  explanation: string;
  orderQuantity: number;
  /** `YYYY-MM-DD` of history[0]; the forecast starts the day after the last history day. */
  historyStart: string;
  history: number[];
  forecast: number[];
  p10: number[];
  p90: number[];
}

const round = (xs: ArrayLike<number>) => Array.from(xs, (v) => Math.round(v * 100) / 100);

/** Views for the variants to order first, then the best sellers (at most `limit`). */
export async function listForecastViews(
  db: Db,
  tenantId: string,
  now: Date,
  timeZone = 'UTC',
  limit = 20,
): Promise<ForecastView[]> {
  return withTenant(db, tenantId, async (trx) => {
    const settings = await findRestockSettings(trx, tenantId);
    const rows = await loadPlanningRows(trx, tenantId);
    const to = new Date(Math.floor(now.getTime() / DAY) * DAY);
    const from = new Date(to.getTime() - settings.historyDays * DAY);
    const orders = await loadDailyDemand(trx, tenantId, from, to, timeZone);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const imported = await loadImportedDemand(trx, tenantId, day(from), day(to));
    const forecasts = forecastForPlanning(rows, orders, imported, settings, to);
    const items = rows.map((r, i) => ({ item: planItemOf(r, forecasts[i]!, settings), fc: forecasts[i]! }));
    items.sort((a, b) => b.item.orderQuantity - a.item.orderQuantity || b.item.meanDaily - a.item.meanDaily);
    return items.slice(0, limit).map(({ item, fc }) => {
      const h = Math.min(HISTORY_DAYS, fc.recent.length);
      const horizon = Math.min(fc.values.length, 28);
      const [p10, p90] = dailyQuantiles(fc, [0.1, 0.9]);
      return {
        variantId: item.variantId,
        sku: item.sku,
        method: item.method,
        status: item.status,
        demandClass: item.demandClass,
        reason: item.reason,
        explanation: item.explanation,
        orderQuantity: item.orderQuantity,
        historyStart: formatDay(fc.originDay - h),
        history: round(fc.recent.subarray(fc.recent.length - h)),
        forecast: round(fc.values.subarray(0, horizon)),
        p10: round(p10!.subarray(0, horizon)),
        p90: round(p90!.subarray(0, horizon)),
      };
    });
  });
}
