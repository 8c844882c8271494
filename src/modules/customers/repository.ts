/**
 * All SQL for shopper accounts (customers) and their e-mailed single-use
 * tokens (customer_email_tokens). Functions take the transaction first.
 * E-mail addresses arrive normalised (trimmed, lower case).
 */
import type { Trx } from '../../lib/db/index.js';

/** The account with this address, for sign-in and reset (password hash included). */
export function findCustomerByEmail(
  trx: Trx,
  tenantId: string,
  email: string,
  opts: { lock?: boolean } = {},
) {
  let q = trx
    .selectFrom('customers')
    .select(['id', 'email', 'password_hash'])
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email);
  if (opts.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findCustomerProfile(trx: Trx, tenantId: string, customerId: string) {
  return trx
    .selectFrom('customers')
    .select(['id', 'email', 'name', 'email_verified_at', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

/** Gives a guest row (no password yet) its password and name. */
export function claimGuestCustomer(
  trx: Trx,
  tenantId: string,
  customerId: string,
  values: { passwordHash: string; name: string | null; now: Date },
) {
  return trx
    .updateTable('customers')
    .set({ password_hash: values.passwordHash, name: values.name, updated_at: values.now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
}

/** A new account; undefined when a concurrent registration took the address first. */
export function insertCustomer(
  trx: Trx,
  tenantId: string,
  values: { email: string; passwordHash: string; name: string | null; now: Date },
) {
  return trx
    .insertInto('customers')
    .values({
      tenant_id: tenantId,
      email: values.email,
      password_hash: values.passwordHash,
      name: values.name,
      updated_at: values.now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'email']).doNothing())
    .returning(['id', 'email'])
    .executeTakeFirst();
}

export async function setCustomerPassword(
  trx: Trx,
  tenantId: string,
  customerId: string,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('customers')
    .set({ password_hash: passwordHash, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .execute();
}

export async function insertResetToken(
  trx: Trx,
  tenantId: string,
  customerId: string,
  tokenHash: string,
  expiresAt: Date,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('customer_email_tokens')
    .values({
      tenant_id: tenantId,
      customer_id: customerId,
      purpose: 'reset',
      token_hash: tokenHash,
      expires_at: expiresAt,
      created_at: now,
    })
    .execute();
}

/** Uses a live reset token once; its customer id, or undefined (unknown, used or expired). */
export async function useResetToken(
  trx: Trx,
  tenantId: string,
  tokenHash: string,
  now: Date,
): Promise<string | undefined> {
  const tok = await trx
    .updateTable('customer_email_tokens')
    .set({ used_at: now })
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', 'reset')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('customer_id')
    .executeTakeFirst();
  return tok?.customer_id;
}
