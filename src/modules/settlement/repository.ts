/** The one door to `payouts` (tenant-owned: inside the store's withTenant). Money is integer minor units. */
import type { Trx } from '../../lib/db/index.js';

/** One payout as settlement reports it (the service adds its arrival date as an ISO string). */
export interface PayoutLine {
  id: string;
  currency: string;
  amount: number;
  gross: number;
  stripeFees: number;
  platformFees: number;
  refunds: number;
  adjustments: number;
  net: number;
  transactionCount: number;
  status: string;
}

/** A payout to record: the report line plus its connected account and arrival date. */
export interface NewPayout extends PayoutLine {
  accountId: string;
  arrivalDate: Date;
}

/** Records a payout once (a redelivered payout.paid changes nothing). */
export async function insertPayout(trx: Trx, tenantId: string, p: NewPayout): Promise<void> {
  await trx
    .insertInto('payouts')
    .values({
      tenant_id: tenantId,
      id: p.id,
      account_id: p.accountId,
      currency: p.currency,
      amount: p.amount,
      gross: p.gross,
      stripe_fees: p.stripeFees,
      platform_fees: p.platformFees,
      refunds: p.refunds,
      adjustments: p.adjustments,
      net: p.net,
      transaction_count: p.transactionCount,
      status: p.status,
      arrival_date: p.arrivalDate,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .execute();
}

/** The store's payouts, newest arrival first (at most `limit`). */
export async function listPayouts(trx: Trx, tenantId: string, limit: number) {
  return trx
    .selectFrom('payouts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('arrival_date', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
