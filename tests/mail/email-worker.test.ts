/** The email path: outbox `email.send` → queue `emails` (as relayed) → processor → dev mailbox, idempotent per outbox row. */

import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { OUTBOX_ROUTES } from '../../src/lib/queue-names.js';
import { enqueueEmail, listDevMail } from '../../src/modules/mail/service.js';
import { createEmailProcessor } from '../../workers/processors/email.js';
import { createTestStore, uniq } from '../support/factories.js';
import { testPlatform } from '../support/platform.js';

async function waitFor<T>(fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(['redis', 'postgres'] as const)('email delivery on the %s queue', (queue) => {
  it('delivers a queued email to the dev mailbox exactly once', async () => {
    const p = await testPlatform(queue === 'postgres' ? { queue: 'postgres' } : {});
    const store = await createTestStore(p.deps);
    const to = `${uniq('m')}@example.test`;
    await withTenant(p.deps.db, store.tenant.id, (trx) =>
      enqueueEmail(trx, store.tenant.id, { to, subject: 'Your order', text: 'Thanks!' }),
    );
    expect(OUTBOX_ROUTES['email.send']).toEqual(['emails']);
    // Relay just this row the way the outbox relay does (a full relay here would
    // also move other test files' rows, which run in parallel on the same database).
    const row = await withPlatformAccess(p.deps.db, (trx) =>
      trx
        .selectFrom('outbox')
        .select(['tenant_id', 'id', 'topic', 'payload'])
        .where('tenant_id', '=', store.tenant.id)
        .where('topic', '=', 'email.send')
        .executeTakeFirstOrThrow(),
    );
    const data = { outboxId: row.id, tenantId: row.tenant_id, topic: row.topic, payload: row.payload };
    const jobId = `ob-${row.tenant_id}-${row.id}`;
    await p.deps.hub.queue('emails').add(row.topic, data, { jobId });
    await p.deps.hub.queue('emails').add(row.topic, data, { jobId });
    const worker = p.deps.hub.worker('emails', createEmailProcessor(p.deps));
    try {
      await waitFor(async () => ((await listDevMail(p.deps.db, { to })).length ? true : undefined));
      const mails = await listDevMail(p.deps.db, { to });
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ to, subject: 'Your order', text: 'Thanks!' });
    } finally {
      await worker.close();
    }
  });
});

it('a redelivered job stores the message once; a bad payload fails the job', async () => {
  const p = await testPlatform();
  const to = `${uniq('m')}@example.test`;
  const process = createEmailProcessor(p.deps);
  const job = {
    data: {
      outboxId: 424242,
      tenantId: '00000000-0000-0000-0000-000000000000',
      topic: 'email.send',
      payload: { to, subject: 'Hi', text: 'Once' },
    },
  } as unknown as Job;
  expect(await process(job)).toEqual({ delivered: 'dev' });
  expect(await process(job)).toEqual({ delivered: 'dev' });
  expect(await listDevMail(p.deps.db, { to })).toHaveLength(1);
  const bad = {
    data: { ...job.data, outboxId: 424243, payload: { to: 'not-an-email', subject: '', text: '' } },
  } as unknown as Job;
  await expect(process(bad)).rejects.toThrow();
  const rows = await withPlatformAccess(p.deps.db, (trx) =>
    trx.selectFrom('dev_mailbox').select('id').where('to_address', '=', 'not-an-email').execute(),
  );
  expect(rows).toHaveLength(0);
});
