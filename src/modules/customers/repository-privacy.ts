/**
 * The customers table's part of a shopper's data export and erasure (the
 * privacy flow composes it with the other owners' parts in one transaction).
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export interface PrivacyProfileRow {
  id: string;
  email: string;
  name: string | null;
  created_at: Date;
  email_verified_at: Date | null;
  anonymised_at: Date | null;
}

export async function findCustomerForPrivacy(
  trx: Trx,
  tenantId: string,
  id: string,
  lock = false,
): Promise<PrivacyProfileRow | undefined> {
  const { rows } = await sql<PrivacyProfileRow>`
    select id, email::text as email, name, created_at, email_verified_at, anonymised_at
    from customers where tenant_id = ${tenantId} and id = ${id} ${lock ? sql`for update` : sql``}`.execute(
    trx,
  );
  return rows[0];
}

/** Removes the row's personal data (it cannot sign in again) and the merchant's notes about them. */
export async function anonymiseCustomerRow(
  trx: Trx,
  tenantId: string,
  id: string,
  anonEmail: string,
  now: Date,
): Promise<void> {
  await sql`
    update customers set email = ${anonEmail}, name = null, password_hash = null, email_verified_at = null,
      anonymised_at = ${now}, updated_at = ${now}
    where tenant_id = ${tenantId} and id = ${id}`.execute(trx);
  await sql`delete from customer_notes where tenant_id = ${tenantId} and customer_id = ${id}`.execute(trx);
}
