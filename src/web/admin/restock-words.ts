/**
 * The restock planner's findings in a merchant's words (issue: method names
 * such as "sba (intermittent)" were shown as captions). Each variant gets its
 * demand pattern ("Intermittent demand — sells on some days only"), how the
 * forecast was made in plain terms, and the reorder arithmetic as a sentence.
 * The forecasting method's own name, the planner's reason and its arithmetic
 * stay available in a closed "Technical details" disclosure, for whoever
 * wants to check the maths. Pure functions of a plan item: no data access.
 */
import type { PlanItem } from '../../modules/restock/schemas.js';

/** Demand pattern → what a merchant calls it, and what it means for them. */
const PATTERNS: Record<string, { name: string; means: string }> = {
  smooth: { name: 'Steady demand', means: 'sells most days, in similar amounts' },
  erratic: { name: 'Uneven demand', means: 'sells most days, but the amounts swing a lot' },
  intermittent: { name: 'Intermittent demand', means: 'sells on some days only' },
  lumpy: { name: 'Occasional big orders', means: 'sells on some days only, in very different amounts' },
};

/** Methods chosen because the recent trend forecast best: the item is trending, whatever its class. */
const TRENDING = new Set(['damped', 'holt']);

/** Forecasting method → how the forecast was made, in a few plain words. */
const METHODS: Record<string, string> = {
  naive28: 'the average day of the last 4 weeks',
  mean28: 'the average day of the last 4 weeks, one-off bulk orders capped',
  mean84: 'the average day of the last 12 weeks, one-off bulk orders capped',
  median4w: 'a typical week of the last 4 weeks',
  median8w: 'a typical week of the last 8 weeks',
  median13w: 'a typical week of the last 13 weeks',
  medses: 'a typical recent week, the latest weeks counting most',
  ses: 'recent weeks, the latest counting most',
  damped: 'the recent trend (rising or falling), levelling off over time',
  holt: 'the recent trend (rising or falling)',
  croston: 'how often it sells and how many go per sale',
  sba: 'how often it sells and how many go per sale',
  tsb: 'how often it sells and how many go per sale, lowered while nothing sells',
};

/** The technical names as the planner spells them, for the details view ("sba" → "SBA (Syntetos–Boylan)"). */
const TECHNICAL: Record<string, string> = {
  naive28: 'naive 28-day mean',
  mean28: '28-day mean',
  mean84: '84-day mean',
  median4w: '4-week median',
  median8w: '8-week median',
  median13w: '13-week median',
  medses: 'median + simple exponential smoothing',
  ses: 'simple exponential smoothing (SES)',
  damped: "Holt's damped trend",
  holt: "Holt's linear trend",
  croston: 'Croston',
  sba: 'SBA (Croston, Syntetos–Boylan correction)',
  tsb: 'TSB (Teunter–Syntetos–Babai)',
};

type Item = Pick<
  PlanItem,
  | 'method'
  | 'status'
  | 'demandClass'
  | 'available'
  | 'onOrder'
  | 'meanDaily'
  | 'safetyStock'
  | 'reorderPoint'
  | 'orderQuantity'
>;

/** What the pattern functions read: a plan item's or a forecast view's status, class and method. */
interface Kind {
  status: string;
  demandClass: string;
  method: string;
}

/** "Intermittent demand — sells on some days only"; the item's state when no pattern applies. */
export function demandPattern(item: Kind): string {
  if (item.status === 'no_demand') return 'No sales yet';
  if (item.status === 'short_history') return 'New — too little sales history to forecast';
  if (item.status === 'stopped') return 'Stopped selling — nothing sold for a while';
  if (TRENDING.has(item.method)) return 'Trending — sales are rising or falling';
  const p = PATTERNS[item.demandClass];
  return p ? `${p.name} — ${p.means}` : 'Forecast from recent sales';
}

/** A short label for a table cell ("Intermittent demand", "Stopped selling"). */
export function demandShort(item: Kind): string {
  return demandPattern(item).split(' — ')[0]!;
}

/** "Forecast from a typical recent week, the latest weeks counting most." */
export function forecastBasis(item: Pick<Kind, 'method' | 'status'>): string {
  if (item.status === 'no_demand' || item.status === 'short_history') return '';
  if (item.status === 'stopped') return 'The forecast fades the longer nothing sells.';
  const m = METHODS[item.method];
  return m ? `Forecast from ${m}.` : 'Forecast from recent sales.';
}

/** The method's technical name for the details view. */
export function methodTechnical(method: string): string {
  const t = TECHNICAL[method];
  return t ? `${t} — “${method}”` : method;
}

const units = (n: number) => (n === 1 ? '1 unit' : `${n} units`);

/** "about 2.5 a day" / "about 3 a week" (a slow seller reads better per week). */
export function rateText(meanDaily: number): string {
  if (meanDaily <= 0) return 'none';
  if (meanDaily < 1) {
    const week = Math.round(meanDaily * 7 * 10) / 10;
    return `about ${week} a week`;
  }
  return `about ${Math.round(meanDaily * 10) / 10} a day`;
}

/** The reorder arithmetic as two or three sentences a merchant can act on. */
export function planSentence(item: Item): string {
  if (item.status === 'no_demand') return 'No sales in the period the planner looks at, so nothing to order.';
  if (item.status === 'short_history')
    return 'Not enough sales history to forecast yet, so no order is suggested: order it by hand for now.';
  const have =
    item.onOrder > 0
      ? `You have ${item.available} in stock and ${item.onOrder} on order`
      : `You have ${item.available} in stock`;
  const verdict =
    item.orderQuantity > 0
      ? `order ${units(item.orderQuantity)} now.`
      : `that is above the reorder level, so no need to order yet.`;
  return (
    `Expected sales: ${rateText(item.meanDaily)}. ` +
    `Reorder when stock (including what is on order) falls to ${item.reorderPoint}: enough to last until a delivery arrives, ` +
    `with ${units(item.safetyStock)} spare for a busier spell. ${have}: ${verdict}`
  );
}
