/** Login handoffs between hosts (see ../handoff.ts): single-use, short-lived rows keyed by a secret's hash. */
import type { Db } from '../../../lib/db/index.js';

export async function insertLoginHandoff(
  db: Db,
  h: { userId: string; site: string; tokenHash: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db
    .insertInto('login_handoffs')
    .values({
      user_id: h.userId,
      site: h.site,
      token_hash: h.tokenHash,
      expires_at: h.expiresAt,
      created_at: h.now,
    })
    .execute();
}

/** Marks a live handoff for `site` used (once) and returns its user id. */
export async function consumeLoginHandoff(
  db: Db,
  tokenHash: string,
  site: string,
  now: Date,
): Promise<string | undefined> {
  const row = await db
    .updateTable('login_handoffs')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('site', '=', site)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}
