/** All SQL for the store's payment settings (one row per store; none = defaults). */
import type { Selectable } from 'kysely';
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
