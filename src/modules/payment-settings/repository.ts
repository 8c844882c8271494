/** All SQL for the store's payment settings (one row per store; none = defaults). */
import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';
import type { PaymentSettingsTable } from '../../lib/db/tables/payment-settings.js';

export type PaymentSettingsRow = Selectable<PaymentSettingsTable>;

export function findPaymentSettings(trx: Trx, tenantId: string): Promise<PaymentSettingsRow | undefined> {
  return findPaymentSettingsQuery(trx, tenantId).executeTakeFirst();
}

export function upsertPaymentSettings(
  trx: Trx,
  row: Omit<PaymentSettingsRow, 'updated_at'> & { updated_at: Date },
): Promise<PaymentSettingsRow> {
  const { tenant_id: _t, ...set } = row;
  return trx
    .insertInto('payment_settings')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(set))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The store's settings row as a query (checkout pipelines it with its reads). */
export function findPaymentSettingsQuery(trx: Trx, tenantId: string) {
  return trx.selectFrom('payment_settings').selectAll().where('tenant_id', '=', tenantId);
}

/**
 * The store's settings row as ONE json value (null when none): a scalar
 * sub-select checkout adds to its reads statement (orders' checkoutReadsQuery)
 * instead of a statement of its own. toPaymentSettingsRow reads it back.
 */
export function paymentSettingsJsonSql(tenantId: string): RawBuilder<unknown> {
  return sql`(select row_to_json(s) from payment_settings s where s.tenant_id = ${tenantId})`;
}

/** paymentSettingsJsonSql's value as the row findPaymentSettings returns (undefined: none). */
export function toPaymentSettingsRow(json: unknown): PaymentSettingsRow | undefined {
  if (json === null || json === undefined) return undefined;
  const r = json as Omit<PaymentSettingsRow, 'updated_at'> & { updated_at: string };
  return { ...r, updated_at: new Date(r.updated_at) };
}
