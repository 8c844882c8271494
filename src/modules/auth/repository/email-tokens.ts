/**
 * Merchant email tokens (password reset, email verification): only the hash
 * of a secret is stored; a token is consumed once, before it expires.
 */
import type { Trx } from '../../../lib/db/index.js';
import type { EmailTokenPurpose } from '../../../lib/db/tables/auth.js';

export async function insertUserEmailToken(
  trx: Trx,
  t: { userId: string; purpose: EmailTokenPurpose; tokenHash: string; expiresAt: Date; now: Date },
): Promise<void> {
  await trx
    .insertInto('user_email_tokens')
    .values({
      user_id: t.userId,
      purpose: t.purpose,
      token_hash: t.tokenHash,
      expires_at: t.expiresAt,
      created_at: t.now,
    })
    .execute();
}

/** Marks a live token used (the update succeeds once) and returns its user id. */
export async function consumeUserEmailToken(
  trx: Trx,
  tokenHash: string,
  purpose: EmailTokenPurpose,
  now: Date,
): Promise<string | undefined> {
  const row = await trx
    .updateTable('user_email_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}
