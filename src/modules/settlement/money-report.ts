/**
 * The platform owner's money, month by month (console "Revenue"): MRR, new
 * and cancelled subscriptions, trial conversions and churn from billing's
 * subscription history; GMV, refunds and platform fee from paid orders of
 * every store (manual payments included). Our own database only — no Stripe
 * call. Money is integer minor units.
 *
 * Definitions (the same as the console's current MRR):
 *  - billed = subscription status active or past_due;
 *  - MRR of a month = Σ monthly price of stores billed at the month's end
 *    (for the current month: now);
 *  - new = a store moving from not billed to billed in the month; a trial
 *    conversion is a new one whose previous status was trialing;
 *  - cancelled = a store moving from billed to canceled in the month;
 *  - churn = cancelled ÷ stores billed at the month's start (null when none).
 */
import { withPlatformAccess } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { listSubscriptionChanges, type SubscriptionChangeRow } from '../billing/repository-history.js';
import { type GmvMonthRow, listGmvByStoreMonth } from './repository-gmv.js';

export interface MonthSpan {
  key: string;
  start: Date;
  end: Date;
}

export interface SubscriptionMonth {
  month: string;
  mrr: number;
  billedAtStart: number;
  billedAtEnd: number;
  newSubscriptions: number;
  trialConversions: number;
  cancelled: number;
  /** cancelled ÷ billedAtStart, or null when nothing was billed at the start. */
  churn: number | null;
}

/** Paid orders summed: gross (card + manual), of which manual, refunds, platform fee. */
export interface MoneyTotals {
  currency: string;
  orders: number;
  gross: number;
  refunds: number;
  platformFee: number;
  manualGross: number;
}

export interface GmvMonth extends MoneyTotals {
  month: string;
}

export interface StoreMoney extends MoneyTotals {
  tenantId: string;
  handle: string;
  name: string;
}

const zeroTotals = (currency: string): MoneyTotals => ({
  currency,
  orders: 0,
  gross: 0,
  refunds: 0,
  platformFee: 0,
  manualGross: 0,
});

export interface MoneyReport {
  currency: string;
  months: SubscriptionMonth[];
  /** One row per month and currency with any paid order, plus zero rows for the report currency. */
  gmv: GmvMonth[];
  stores: StoreMoney[];
  storeMonths: GmvMonthRow[];
}

/** The last `count` calendar months (UTC) ending with the one holding `now`; the last one ends at `now`. */
export function monthSpans(now: Date, count: number): MonthSpan[] {
  const out: MonthSpan[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    const key = `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
    out.push({ key, start, end: i === 0 ? now : next });
  }
  return out;
}

const billed = (s: string | undefined) => s === 'active' || s === 'past_due';

/** Replays each store's changes (oldest first per store) over the months. Pure; tested with hand sums. */
export function replaySubscriptions(
  changes: readonly SubscriptionChangeRow[],
  months: readonly MonthSpan[],
): SubscriptionMonth[] {
  const byStore = new Map<string, SubscriptionChangeRow[]>();
  for (const c of changes) {
    const list = byStore.get(c.tenant_id) ?? [];
    list.push(c);
    byStore.set(c.tenant_id, list);
  }
  return months.map((m) => {
    const row: SubscriptionMonth = {
      month: m.key,
      mrr: 0,
      billedAtStart: 0,
      billedAtEnd: 0,
      newSubscriptions: 0,
      trialConversions: 0,
      cancelled: 0,
      churn: null,
    };
    for (const list of byStore.values()) {
      let state: SubscriptionChangeRow | undefined;
      let i = 0;
      while (i < list.length && list[i]!.changed_at < m.start) state = list[i++];
      if (billed(state?.status)) row.billedAtStart++;
      for (; i < list.length && list[i]!.changed_at < m.end; i++) {
        const next = list[i]!;
        if (!billed(state?.status) && billed(next.status)) {
          row.newSubscriptions++;
          if (state?.status === 'trialing') row.trialConversions++;
        } else if (billed(state?.status) && next.status === 'canceled') row.cancelled++;
        state = next;
      }
      if (state && billed(state.status)) {
        row.billedAtEnd++;
        row.mrr += state.monthly_price;
      }
    }
    row.churn = row.billedAtStart ? row.cancelled / row.billedAtStart : null;
    return row;
  });
}

/** Month totals per currency and store totals over the whole range, from the store × month rows. */
export function summariseGmv(
  rows: readonly GmvMonthRow[],
  months: readonly MonthSpan[],
  currency: string,
): { gmv: GmvMonth[]; stores: StoreMoney[] } {
  const gmv = new Map<string, GmvMonth>();
  for (const m of months) {
    gmv.set(`${m.key} ${currency}`, { month: m.key, ...zeroTotals(currency) });
  }
  const stores = new Map<string, StoreMoney>();
  for (const r of rows) {
    const mk = `${r.month} ${r.currency}`;
    const g = gmv.get(mk) ?? { month: r.month, ...zeroTotals(r.currency) };
    add(g, r);
    gmv.set(mk, g);
    const sk = `${r.tenant_id} ${r.currency}`;
    const s = stores.get(sk) ?? {
      tenantId: r.tenant_id,
      handle: r.handle,
      name: r.name,
      ...zeroTotals(r.currency),
    };
    add(s, r);
    stores.set(sk, s);
  }
  return {
    gmv: [...gmv.values()].sort(
      (a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency),
    ),
    stores: [...stores.values()].sort((a, b) => b.gross - a.gross || a.handle.localeCompare(b.handle)),
  };
}

function add(to: MoneyTotals, r: GmvMonthRow): void {
  to.orders += r.orders;
  to.gross += r.gross;
  to.refunds += r.refunds;
  to.platformFee += r.platform_fee;
  to.manualGross += r.manual_gross;
}

/**
 * The report over the last `months` months. `tenantIds` narrows it to some
 * stores (a segment; the tests use it to read only their own fixture).
 * Platform read: callers are console routes behind requirePlatformAdmin.
 */
export async function getMoneyReport(
  deps: Deps,
  opts: { now?: Date; months?: number; tenantIds?: readonly string[] } = {},
): Promise<MoneyReport> {
  const now = opts.now ?? new Date();
  const spans = monthSpans(now, Math.min(Math.max(opts.months ?? 12, 1), 36));
  const currency = 'USD';
  const [changes, rows] = await withPlatformAccess(
    deps.db,
    async (trx) =>
      [
        await listSubscriptionChanges(trx, now, opts.tenantIds),
        await listGmvByStoreMonth(trx, { from: spans[0]!.start, to: now }, opts.tenantIds),
      ] as const,
  );
  const { gmv, stores } = summariseGmv(rows, spans, currency);
  return { currency, months: replaySubscriptions(changes, spans), gmv, stores, storeMonths: rows };
}
