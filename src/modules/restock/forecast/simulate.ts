/**
 * Inventory simulation on real demand: each SKU starts as if just restocked
 * (on hand = demand over lead time + cover + safety stock), then every day:
 * receive what is due, serve demand from stock (unserved demand is lost),
 * and if the inventory position is at or below the reorder point, order the
 * plan's quantity, arriving after the lead time. The plan (reorder point and
 * order quantity) is recomputed at every origin from that origin's forecast,
 * through the production planRestock. Reports the fill rate (units served /
 * units demanded) and days of stock (mean on hand / mean daily demand).
 */
import type { OriginForecasts } from './evaluate.js';
import { type PointForecast, policyOf } from './forecasters.js';
import type { DailySales } from './sales-csv.js';

export interface SimOptions {
  leadTimeDays: number;
  coverDays: number;
  serviceLevelBp: number;
}

export interface SimResult {
  fillRate: number;
  daysOfStock: number;
  demand: number;
}

export function simulateInventory(
  sales: DailySales,
  runs: readonly OriginForecasts[],
  opt: SimOptions,
): SimResult {
  if (runs.length === 0) return { fillRate: 1, daysOfStock: 0, demand: 0 };
  const first = runs[0]!.origin;
  const last = runs[runs.length - 1]!.origin;
  const step = runs.length > 1 ? runs[1]!.origin - first : 7;
  const simEnd = Math.min(sales.end, last + step);
  let served = 0;
  let demanded = 0;
  let onHandDays = 0;
  const L = opt.leadTimeDays;
  for (let k = 0; k < sales.skus.length; k++) {
    let onHand = -1;
    const arrivals = new Float64Array(simEnd - first + L + 1);
    let onOrder = 0;
    let policy: ((position: number) => { reorderPoint: number; orderQuantity: number }) | undefined;
    let r = 0;
    for (let t = first; t < simEnd; t++) {
      while (r < runs.length && runs[r]!.origin <= t) {
        const pf: PointForecast | undefined = runs[r]!.forecasts[k];
        policy = pf ? policyOf(pf, L, opt.coverDays, opt.serviceLevelBp) : undefined;
        r++;
      }
      if (!policy) continue;
      if (onHand < 0) onHand = policy(0).orderQuantity;
      const i = t - first;
      onHand += arrivals[i]!;
      onOrder -= arrivals[i]!;
      const a = sales.series[k]![t - sales.start]!;
      const s = Math.min(onHand, a);
      onHand -= s;
      served += s;
      demanded += a;
      onHandDays += onHand;
      const p = policy(onHand + onOrder);
      if (onHand + onOrder <= p.reorderPoint && p.orderQuantity > 0) {
        arrivals[i + L] = arrivals[i + L]! + p.orderQuantity;
        onOrder += p.orderQuantity;
      }
    }
  }
  const days = simEnd - first;
  return {
    fillRate: demanded > 0 ? served / demanded : 1,
    daysOfStock: demanded > 0 ? onHandDays / days / (demanded / days) : 0,
    demand: demanded,
  };
}
