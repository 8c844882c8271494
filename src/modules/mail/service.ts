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
import { insertDevMail, listDevMailRows } from './repository.js';

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
  await insertDevMail(db, {
    sourceKey,
    to: msg.to.toLowerCase(),
    subject: msg.subject,
    text: msg.text,
    html: msg.html ?? null,
  });
}

export async function listDevMail(db: Db, opts: { to?: string; limit?: number } = {}): Promise<DevMail[]> {
  const rows = await listDevMailRows(db, { to: opts.to?.toLowerCase(), limit: opts.limit ?? 100 });
  return rows.map((r) => ({
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    createdAt: r.created_at,
  }));
}
