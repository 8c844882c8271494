/**
 * Queue `emails` (outbox topic `email.send`): delivers one message.
 * SMTP (nodemailer) when SMTP_URL is configured; otherwise the development
 * mailbox (/dev/mail). Idempotent by outbox row: the dev mailbox stores a
 * source key once, and SMTP sends carry a Message-ID derived from the outbox
 * row so a receiving server can drop a retried duplicate.
 */
import type { Job, Worker } from 'bullmq';
import nodemailer from 'nodemailer';
import type { Deps } from '../../src/lib/http/context.js';
import type { OutboxJobData } from '../../src/lib/outbox.js';
import type { QueueProcessor } from '../../src/modules/jobs/processor.js';
import { EMAIL_QUEUE, storeDevMail, ZEmailMessage } from '../../src/modules/mail/service.js';

export function createEmailProcessor(deps: Deps): (job: Job) => Promise<{ delivered: 'smtp' | 'dev' }> {
  const transport = deps.config.SMTP_URL ? nodemailer.createTransport(deps.config.SMTP_URL) : undefined;
  return async (job) => {
    const data = job.data as OutboxJobData;
    const msg = ZEmailMessage.parse(data.payload);
    const sourceKey = `${data.tenantId}:${data.outboxId}`;
    if (transport) {
      const domain = new URL(deps.config.PUBLIC_URL).hostname;
      await transport.sendMail({
        from: deps.config.MAIL_FROM,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
        messageId: `<ob-${data.tenantId}-${data.outboxId}@${domain}>`,
      });
      return { delivered: 'smtp' };
    }
    await storeDevMail(deps.db, sourceKey, msg);
    return { delivered: 'dev' };
  };
}

export const emailProcessor: QueueProcessor = {
  queue: EMAIL_QUEUE,
  register(deps: Deps): Worker {
    return deps.hub.worker(EMAIL_QUEUE, createEmailProcessor(deps), {
      concurrency: deps.config.WORKER_CONCURRENCY,
    });
  },
};
