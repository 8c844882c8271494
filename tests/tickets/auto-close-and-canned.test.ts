/**
 * Ticket auto-close on the per-store schedule (no one opens the inbox): the
 * store's `care` scheduler exists, its job closes stale resolved and waiting
 * tickets once (two workers, the job twice: idempotent) and leaves the rest;
 * canned replies are edited and deleted through the API and the admin pages.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/lib/db/index.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import { schedulerId, TENANT_SCHEDULES, upsertTenantSchedulers } from '../../src/modules/jobs/schedulers.js';
import { careProcessor } from '../../workers/processors/care.js';
import { ticketIn } from '../support/care.js';
import { createTestStore, type TestStore } from '../support/factories.js';
import { request, type TestPlatform, testPlatform } from '../support/platform.js';

async function statuses(p: TestPlatform, store: TestStore) {
  const { rows } = await withTenant(p.deps.db, store.tenant.id, (trx) =>
    sql<{ id: string; status: string; closed_at: Date | null }>`
      select id, status, closed_at from tickets where tenant_id = ${store.tenant.id}`.execute(trx),
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** A confirmed ticket put in `status`, last touched (and resolved) `daysAgo` days ago. */
async function agedTicket(p: TestPlatform, store: TestStore, status: string, daysAgo: number) {
  const { id } = await ticketIn(p, store);
  await withTenant(p.deps.db, store.tenant.id, (trx) =>
    sql`update tickets set status = ${status},
          updated_at = now() - make_interval(days => ${daysAgo}),
          resolved_at = case when ${status} = 'resolved' then now() - make_interval(days => ${daysAgo}) end
        where tenant_id = ${store.tenant.id} and id = ${id}`.execute(trx),
  );
  return id;
}

describe('ticket auto-close on a schedule', () => {
  it('every active store has an hourly auto-close scheduler in its time zone', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    expect(TENANT_SCHEDULES).toContainEqual(
      expect.objectContaining({ key: 'care', queue: QUEUES.care, jobName: 'auto-close' }),
    );
    await upsertTenantSchedulers(p.deps.hub, { id: store.tenant.id, timezone: 'Europe/Paris' });
    const s = await p.deps.hub.queue(QUEUES.care).getJobScheduler(schedulerId('care', store.tenant.id));
    expect(s).toMatchObject({ pattern: '20 * * * *', tz: 'Europe/Paris', name: 'auto-close' });
    await p.deps.hub.queue(QUEUES.care).removeJobScheduler(schedulerId('care', store.tenant.id));
  });

  it('closes stale resolved and waiting tickets once, without the inbox being opened', {
    timeout: 60_000,
  }, async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const other = await createTestStore(p.deps);
    const staleResolved = await agedTicket(p, store, 'resolved', 8);
    const staleWaiting = await agedTicket(p, store, 'pending', 8);
    const freshResolved = await agedTicket(p, store, 'resolved', 2);
    const oldOpen = await agedTicket(p, store, 'open', 30);
    const otherStore = await agedTicket(p, other, 'resolved', 8);

    // Two worker processes, the tick's job delivered twice: still closed once.
    const workers = [careProcessor.register(p.deps), careProcessor.register(p.deps)];
    try {
      const q = p.deps.hub.queue(QUEUES.care);
      const jobs = [
        await q.add('auto-close', { tenantId: store.tenant.id }),
        await q.add('auto-close', { tenantId: store.tenant.id }),
      ];
      await expect
        .poll(async () => Promise.all(jobs.map(async (j) => (await q.getJob(j.id!))?.returnvalue?.closed)), {
          timeout: 30_000,
        })
        .toSatisfy((v: unknown[]) => v.every((x) => typeof x === 'number'));
      const closed = await Promise.all(jobs.map(async (j) => (await q.getJob(j.id!))!.returnvalue.closed));
      expect(closed.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    const after = await statuses(p, store);
    expect(after.get(staleResolved)).toMatchObject({ status: 'closed' });
    expect(after.get(staleResolved)?.closed_at).not.toBeNull();
    expect(after.get(staleWaiting)?.status).toBe('closed');
    expect(after.get(freshResolved)?.status).toBe('resolved');
    expect(after.get(oldOpen)?.status).toBe('open');
    // Another store's job did not run: its ticket waits for its own tick.
    expect((await statuses(p, other)).get(otherStore)?.status).toBe('resolved');
  });

  it('a poison job (no tenant id) fails without retries', { timeout: 30_000 }, async () => {
    const p = await testPlatform();
    const worker = careProcessor.register(p.deps);
    try {
      const q = p.deps.hub.queue(QUEUES.care);
      const job = await q.add('auto-close', { tenantId: 'nope' }, { attempts: 3 });
      await expect
        .poll(async () => (await q.getJob(job.id!))?.failedReason ?? '', { timeout: 20_000 })
        .toMatch(/invalid job payload/);
      expect((await q.getJob(job.id!))?.attemptsMade).toBe(1);
    } finally {
      await worker.close();
    }
  });
});

describe('canned replies', () => {
  it('are added, edited and deleted through the API (bad input 400, a deleted one 404)', async () => {
    const p = await testPlatform();
    const store = await createTestStore(p.deps);
    const admin = { host: store.host, token: store.owner.token };
    const made = await request(p.app, 'POST', '/api/admin/canned-replies', {
      ...admin,
      body: { title: 'Shipping', body: 'It ships in 2 days.' },
    });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const bad = await request(p.app, 'PUT', `/api/admin/canned-replies/${id}`, {
      ...admin,
      body: { title: '', body: 'x' },
    });
    expect(bad.status).toBe(400);
    const edited = await request(p.app, 'PUT', `/api/admin/canned-replies/${id}`, {
      ...admin,
      body: { title: 'Shipping times', body: 'It ships in <b>1</b> day.' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({ id, title: 'Shipping times', body: 'It ships in <b>1</b> day.' });
    const list = await request(p.app, 'GET', '/api/admin/canned-replies', admin);
    expect(list.body.items).toEqual([edited.body]);
    expect((await request(p.app, 'DELETE', `/api/admin/canned-replies/${id}`, admin)).body).toEqual({
      deleted: true,
    });
    expect((await request(p.app, 'DELETE', `/api/admin/canned-replies/${id}`, admin)).status).toBe(404);
    expect((await request(p.app, 'GET', '/api/admin/canned-replies', admin)).body.items).toEqual([]);
  });
});
