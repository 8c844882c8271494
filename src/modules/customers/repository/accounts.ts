/**
 * SQL for a shopper's own account: profile fields, e-mail verification
 * tokens that name the address they prove, and saved addresses
 * (customer_addresses, one default per shopper). Transaction first;
 * e-mail addresses arrive normalised (trimmed, lower case).
 */
import type { Trx } from '../../../lib/db/index.js';

export async function setCustomerName(
  trx: Trx,
  tenantId: string,
  customerId: string,
  name: string | null,
  now: Date,
) {
  await trx
    .updateTable('customers')
    .set({ name, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .execute();
}

export function findCustomerPasswordHash(trx: Trx, tenantId: string, customerId: string) {
  return trx
    .selectFrom('customers')
    .select(['password_hash'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

/** Whether another account in this store uses the address. */
export async function emailTakenByOther(trx: Trx, tenantId: string, customerId: string, email: string) {
  const row = await trx
    .selectFrom('customers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .where('id', '<>', customerId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertVerifyToken(
  trx: Trx,
  tenantId: string,
  values: { customerId: string; email: string; tokenHash: string; expiresAt: Date; now: Date },
) {
  await trx
    .insertInto('customer_email_tokens')
    .values({
      tenant_id: tenantId,
      customer_id: values.customerId,
      purpose: 'verify',
      email: values.email,
      token_hash: values.tokenHash,
      expires_at: values.expiresAt,
      created_at: values.now,
    })
    .execute();
}

/** Uses a live verify token once; its customer and address, or undefined. */
export function useVerifyToken(trx: Trx, tenantId: string, tokenHash: string, now: Date) {
  return trx
    .updateTable('customer_email_tokens')
    .set({ used_at: now })
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', 'verify')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('email', 'is not', null)
    .returning(['customer_id', 'email'])
    .executeTakeFirst();
}

/** The newest live verify token's address that differs from the current one (a pending change). */
export async function findPendingEmail(
  trx: Trx,
  tenantId: string,
  customerId: string,
  current: string,
  now: Date,
) {
  const row = await trx
    .selectFrom('customer_email_tokens')
    .select('email')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('purpose', '=', 'verify')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('email', '<>', current)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.email ?? null;
}

/** Sets the (verified) address; false when another account took it meanwhile. */
export async function setVerifiedEmail(
  trx: Trx,
  tenantId: string,
  customerId: string,
  email: string,
  now: Date,
) {
  const row = await trx
    .updateTable('customers')
    .set({ email, email_verified_at: now, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('customers as o')
            .select('o.id')
            .where('o.tenant_id', '=', tenantId)
            .where('o.email', '=', email)
            .where('o.id', '<>', customerId),
        ),
      ),
    )
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
