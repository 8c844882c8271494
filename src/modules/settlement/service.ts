/**
 * Settlement: what a store was paid, payout by payout. On `payout.paid` for a
 * store's connected account we list the payout's balance transactions from
 * Stripe and store one summary row: gross (payments), Stripe fees, platform
 * (application) fees, refunds, other adjustments and net. Money is integer
 * minor units; every figure is a plain sum of Stripe's integers.
 *
 *   net = gross − stripe_fees − platform_fees − refunds + adjustments
 */
import type Stripe from 'stripe';
import { withTenant } from '../../lib/db/index.js';
import type { Deps } from '../../lib/http/context.js';
import { stripeFor } from '../../lib/stripe.js';
import { findTenantByAccount } from '../payments/connect.js';
import type { EventOutcome } from '../stripe-events/types.js';
import { insertPayout, listPayouts, type PayoutLine } from './repository.js';

export interface PayoutSummary {
  gross: number;
  stripeFees: number;
  platformFees: number;
  refunds: number;
  adjustments: number;
  net: number;
  count: number;
}

/** Sums a payout's balance transactions (the payout's own transaction excluded). */
export function summariseBalanceTransactions(txns: readonly Stripe.BalanceTransaction[]): PayoutSummary {
  const s: PayoutSummary = {
    gross: 0,
    stripeFees: 0,
    platformFees: 0,
    refunds: 0,
    adjustments: 0,
    net: 0,
    count: 0,
  };
  for (const t of txns) {
    if (t.type === 'payout') continue;
    s.count++;
    for (const f of t.fee_details ?? []) {
      if (f.type === 'application_fee') s.platformFees += f.amount;
      else s.stripeFees += f.amount;
    }
    if (t.type === 'charge' || t.type === 'payment') s.gross += t.amount;
    else if (t.type === 'refund' || t.type === 'payment_refund') s.refunds += -t.amount;
    else s.adjustments += t.amount;
  }
  s.net = s.gross - s.stripeFees - s.platformFees - s.refunds + s.adjustments;
  return s;
}

export async function onPayoutPaid(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  const payout = event.data.object as Stripe.Payout;
  if (!event.account) return { outcome: 'ignored:platform_payout' };
  const tenantId = await findTenantByAccount(deps, event.account);
  if (!tenantId) return { outcome: 'ignored:unknown_account' };
  const stripe = stripeFor(deps.config);
  if (!stripe) return { outcome: 'ignored:not_configured', tenantId };
  const txns: Stripe.BalanceTransaction[] = [];
  for await (const t of stripe.balanceTransactions.list(
    { payout: payout.id, limit: 100 },
    { stripeAccount: event.account },
  )) {
    txns.push(t);
  }
  const s = summariseBalanceTransactions(txns);
  const account = event.account;
  await withTenant(deps.db, tenantId, (trx) =>
    insertPayout(trx, tenantId, {
      id: payout.id,
      accountId: account,
      currency: payout.currency.toUpperCase(),
      amount: payout.amount,
      gross: s.gross,
      stripeFees: s.stripeFees,
      platformFees: s.platformFees,
      refunds: s.refunds,
      adjustments: s.adjustments,
      net: s.net,
      transactionCount: s.count,
      status: payout.status,
      arrivalDate: new Date(payout.arrival_date * 1000),
    }),
  );
  return { outcome: 'payout_recorded', tenantId };
}

export interface SettlementReport {
  currency: string;
  totals: PayoutSummary & { amount: number };
  payouts: (PayoutLine & { arrivalDate: string })[];
}

export async function getSettlement(
  deps: Deps,
  tenantId: string,
  currency: string,
): Promise<SettlementReport> {
  const rows = await withTenant(deps.db, tenantId, (trx) => listPayouts(trx, tenantId, 1000));
  const payouts = rows.map((r) => ({
    id: r.id,
    arrivalDate: new Date(r.arrival_date).toISOString(),
    status: r.status,
    currency: r.currency,
    amount: r.amount,
    gross: r.gross,
    stripeFees: r.stripe_fees,
    platformFees: r.platform_fees,
    refunds: r.refunds,
    adjustments: r.adjustments,
    net: r.net,
    transactionCount: r.transaction_count,
  }));
  const totals = payouts.reduce(
    (t, p) => ({
      gross: t.gross + p.gross,
      stripeFees: t.stripeFees + p.stripeFees,
      platformFees: t.platformFees + p.platformFees,
      refunds: t.refunds + p.refunds,
      adjustments: t.adjustments + p.adjustments,
      net: t.net + p.net,
      count: t.count + p.transactionCount,
      amount: t.amount + p.amount,
    }),
    { gross: 0, stripeFees: 0, platformFees: 0, refunds: 0, adjustments: 0, net: 0, count: 0, amount: 0 },
  );
  return { currency, totals, payouts };
}

/** Minor units → "12.34" for the CSV (two-decimal currencies; integer arithmetic, no floats). */
function decimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function settlementCsv(report: SettlementReport): string {
  const header =
    'payout_id,arrival_date,status,currency,gross,stripe_fees,platform_fees,refunds,adjustments,net,amount_paid_out';
  const lines = report.payouts.map((p) =>
    [
      p.id,
      p.arrivalDate,
      p.status,
      p.currency,
      decimal(p.gross),
      decimal(p.stripeFees),
      decimal(p.platformFees),
      decimal(p.refunds),
      decimal(p.adjustments),
      decimal(p.net),
      decimal(p.amount),
    ].join(','),
  );
  return `${[header, ...lines].join('\r\n')}\r\n`;
}
