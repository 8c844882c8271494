/**
 * Mail: every email leaves through the outbox (topic `email.send`, payload
 * {to, subject, text, html?}), written in the same transaction as the change
 * that causes it, and is delivered by workers/processors/email.ts:
 * SMTP when SMTP_URL is configured, else the development mailbox shown at
 * /dev/mail. Delivery is idempotent per outbox row (`<tenant>:<outboxId>`).
 */
import { z } from 'zod';
import type { Db, Trx } from '../../lib/db/index.js';
import { enqueueOutbox } from '../../lib/outbox.js';
import { QUEUES } from '../../lib/queue-names.js';

export const EMAIL_TOPIC = 'email.send';
export const EMAIL_QUEUE = QUEUES.emails;

export const ZEmailMessage = z
  .object({
    to: z.email(),
    subject: z.string().min(1).max(300),
    text: z.string().min(1).max(100_000),
    html: z.string().max(300_000).optional(),
  })
  .strict();
export type EmailMessage = z.infer<typeof ZEmailMessage>;

/** Queues an email in the caller's transaction (tenant = the transaction's tenant, or the nil tenant on the platform door). */
export async function enqueueEmail(
  trx: Trx,
  tenantId: string,
  msg: EmailMessage,
  dedupeKey?: string,
): Promise<void> {
  await enqueueOutbox(trx, tenantId, { topic: EMAIL_TOPIC, payload: ZEmailMessage.parse(msg), dedupeKey });
}

export interface DevMail {
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  createdAt: Date;
}

/** Stores a message in the development mailbox once per source key. */
export async function storeDevMail(db: Db, sourceKey: string, msg: EmailMessage): Promise<void> {
  await db
    .insertInto('dev_mailbox')
    .values({
      source_key: sourceKey,
      to_address: msg.to.toLowerCase(),
      subject: msg.subject,
      text_body: msg.text,
      html_body: msg.html ?? null,
    })
    .onConflict((oc) => oc.column('source_key').doNothing())
    .execute();
}

export async function listDevMail(db: Db, opts: { to?: string; limit?: number } = {}): Promise<DevMail[]> {
  let q = db
    .selectFrom('dev_mailbox')
    .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'created_at'])
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 100);
  if (opts.to) q = q.where('to_address', '=', opts.to.toLowerCase());
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    createdAt: r.created_at,
  }));
}
