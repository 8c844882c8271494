/** The one door to `dev_mailbox`: the development mailbox shown at /dev/mail (platform table, no tenant). */
import type { Db } from '../../lib/db/index.js';

export async function insertDevMail(
  db: Db,
  m: { sourceKey: string; to: string; subject: string; text: string; html: string | null },
): Promise<void> {
  await db
    .insertInto('dev_mailbox')
    .values({
      source_key: m.sourceKey,
      to_address: m.to,
      subject: m.subject,
      text_body: m.text,
      html_body: m.html,
    })
    .onConflict((oc) => oc.column('source_key').doNothing())
    .execute();
}

/** Newest first; optionally one recipient only. */
export async function listDevMailRows(db: Db, opts: { to?: string; limit: number }) {
  let q = db
    .selectFrom('dev_mailbox')
    .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'created_at'])
    .orderBy('id', 'desc')
    .limit(opts.limit);
  if (opts.to) q = q.where('to_address', '=', opts.to);
  return q.execute();
}
