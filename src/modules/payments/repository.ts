/**
 * All SQL for card payments: the store's connected Stripe account
 * (connected_accounts), its payments (stripe_payments) and refunds
 * (stripe_refunds). Functions take the transaction first.
 */
import { type Insertable, sql } from 'kysely';
import type { Db, Trx } from '../../lib/db/index.js';
import type { ConnectedAccountsTable } from '../../lib/db/tables/billing.js';

export type AccountFlags = Pick<
  Insertable<ConnectedAccountsTable>,
  'charges_enabled' | 'payouts_enabled' | 'details_submitted' | 'disabled_reason'
>;

// ── Connected accounts ─────────────────────────────────────────────────────

export function findConnectedAccountRow(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('connected_accounts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
}

/** Locks the store's tenants row: onboarding runs once at a time per store. */
export async function lockTenantForOnboarding(trx: Trx, tenantId: string): Promise<void> {
  await trx.selectFrom('tenants').select('id').where('id', '=', tenantId).forUpdate().executeTakeFirst();
}

export async function insertConnectedAccount(
  trx: Trx,
  tenantId: string,
  accountId: string,
  flags: AccountFlags,
): Promise<void> {
  await trx
    .insertInto('connected_accounts')
    .values({ tenant_id: tenantId, account_id: accountId, ...flags, updated_at: new Date() })
    .execute();
}

/**
 * !!! Platform read (any store): call it only inside withPlatformAccess. !!!
 * The store that owns a connected account.
 */
export async function findTenantIdByAccount(trx: Trx, accountId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('connected_accounts')
    .select('tenant_id')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row?.tenant_id;
}

/** The account's last applied event time, locked for the update that follows. */
export function lockAccountEventTime(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('connected_accounts')
    .select('last_event_created')
    .where('tenant_id', '=', tenantId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function updateAccountFlags(
  trx: Trx,
  tenantId: string,
  flags: AccountFlags & { last_event_created: number },
): Promise<void> {
  await trx
    .updateTable('connected_accounts')
    .set({ ...flags, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .execute();
}

/**
 * A staff user's e-mail (the Stripe account's contact at onboarding). Users
 * are the auth module's table: this read belongs there once auth exports it.
 */
export async function findUserEmail(db: Db, userId: string): Promise<string> {
  const { rows } = await sql<{ email: string }>`select email from users where id = ${userId}`.execute(db);
  return rows[0]?.email ?? '';
}

// ── Payments ───────────────────────────────────────────────────────────────

export function findPaymentForOrder(trx: Trx, tenantId: string, orderId: string) {
  return trx
    .selectFrom('stripe_payments')
    .select(['id', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
}

/** A payment row locked FOR UPDATE, by its PaymentIntent id or its order. */
export function lockPayment(trx: Trx, tenantId: string, by: { id: string } | { orderId: string }) {
  let q = trx.selectFrom('stripe_payments').selectAll().where('tenant_id', '=', tenantId);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('order_id', '=', by.orderId);
  return q.forUpdate().executeTakeFirst();
}

/**
 * !!! Platform read (any store): call it only inside withPlatformAccess. !!!
 * A payment by PaymentIntent id or charge id, with the store that owns it.
 */
export function findPaymentAnyStore(trx: Trx, by: { id?: string; charge?: string }) {
  let q = trx.selectFrom('stripe_payments').select(['tenant_id', 'id', 'order_id']);
  if (by.id) q = q.where('id', '=', by.id);
  else if (by.charge) q = q.where('charge_id', '=', by.charge);
  else return Promise.resolve(undefined);
  return q.executeTakeFirst();
}

export async function insertPayment(
  trx: Trx,
  values: {
    tenant_id: string;
    id: string;
    order_id: string;
    account_id: string;
    amount: number;
    application_fee: number;
    currency: string;
  },
): Promise<void> {
  await trx
    .insertInto('stripe_payments')
    .values({ ...values, updated_at: new Date() })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .execute();
}

export async function markPaymentSucceeded(
  trx: Trx,
  tenantId: string,
  id: string,
  chargeId: string | null,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('stripe_payments')
    .set({ status: 'succeeded', charge_id: chargeId, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** The payment's amount and refunded amount, locked FOR UPDATE. */
export function lockPaymentAmounts(trx: Trx, tenantId: string, id: string) {
  return trx
    .selectFrom('stripe_payments')
    .select(['amount', 'amount_refunded'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function setAmountRefunded(
  trx: Trx,
  tenantId: string,
  id: string,
  amount: number,
): Promise<void> {
  await trx
    .updateTable('stripe_payments')
    .set({ amount_refunded: amount, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function addAmountRefunded(
  trx: Trx,
  tenantId: string,
  id: string,
  amount: number,
): Promise<void> {
  await trx
    .updateTable('stripe_payments')
    .set((eb) => ({ amount_refunded: eb('amount_refunded', '+', amount), updated_at: new Date() }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Flags a payment disputed once; false when it already was. */
export async function flagDisputed(
  trx: Trx,
  tenantId: string,
  id: string,
  dispute: { id: string; reason: string | null },
): Promise<boolean> {
  const r = await trx
    .updateTable('stripe_payments')
    .set({ disputed: true, dispute_id: dispute.id, dispute_reason: dispute.reason, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('disputed', '=', false)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertRefund(
  trx: Trx,
  values: { tenant_id: string; id: string; order_id: string; payment_id: string; amount: number },
): Promise<void> {
  await trx
    .insertInto('stripe_refunds')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .execute();
}
