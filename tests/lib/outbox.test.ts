/**
 * The transactional outbox end to end on BOTH queue backends (Redis and
 * BullMQ's PostgreSQL backend): an event written with enqueueOutbox in a
 * committed transaction reaches a BullMQ worker through the relay exactly
 * once; a rolled-back one never does; unsent rows survive a relay restart;
 * and a row relayed twice (crash between "added" and "marked sent") has one
 * effect for an idempotent consumer keyed by outboxId.
 *
 * Each test uses its own topic and queue, routed only by its own relay, so
 * relays of other test files never take these rows.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { createLogger } from '../../src/lib/logger.js';
import {
  createOutboxRelay,
  enqueueOutbox,
  type OutboxJobData,
  type OutboxRelay,
  outboxJobId,
} from '../../src/lib/outbox.js';
import type { Job } from '../../src/lib/queue.js';
import { createTestStore, type TestStore, uniq } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';

const logger = createLogger({ level: 'silent' });

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const backend of ['redis', 'postgres'] as const) {
  describe(`outbox on ${backend}`, () => {
    let platform: TestPlatform;
    let store: TestStore;
    const relays: OutboxRelay[] = [];

    beforeAll(async () => {
      platform = await testPlatform({ queue: backend });
      expect(platform.deps.hub.backend).toBe(backend);
      store = await createTestStore(platform.deps);
    });
    afterAll(async () => {
      await Promise.all(relays.map((r) => r.stop()));
    });

    /** A private topic → queue route, its relay, and a worker recording every execution. */
    function harness() {
      const topic = uniq('test.outbox.');
      const queue = uniq('q-outbox-');
      const executions: OutboxJobData[] = [];
      const relay = () => {
        const r = createOutboxRelay({
          db: platform.deps.db,
          hub: platform.deps.hub,
          routes: { [topic]: [queue] },
          logger,
          intervalMs: 50,
        });
        relays.push(r);
        return r;
      };
      // The idempotent consumer: its effect is keyed by outboxId (a unique
      // idempotency row in the tenant), so a redelivered job changes nothing.
      const worker = platform.deps.hub.worker(queue, async (job: Job) => {
        const data = job.data as OutboxJobData;
        executions.push(data);
        await withTenant(platform.deps.db, data.tenantId, (trx) =>
          trx
            .insertInto('idempotency_keys')
            .values({
              tenant_id: data.tenantId,
              scope: queue,
              key: String(data.outboxId),
              request_hash: String(data.payload.n),
            })
            .onConflict((oc) => oc.columns(['tenant_id', 'scope', 'key']).doNothing())
            .execute(),
        );
      });
      const effects = async () =>
        withTenant(platform.deps.db, store.tenant.id, (trx) =>
          trx
            .selectFrom('idempotency_keys')
            .select(['key', 'request_hash'])
            .where('scope', '=', queue)
            .execute(),
        );
      const emit = (n: number, fail = false) =>
        withTenant(platform.deps.db, store.tenant.id, async (trx) => {
          await enqueueOutbox(trx, store.tenant.id, { topic, payload: { n } });
          if (fail) throw new Error('rolled back on purpose');
        });
      const row = async (n: number) =>
        withTenant(platform.deps.db, store.tenant.id, (trx) =>
          trx
            .selectFrom('outbox')
            .select(['id', 'sent_at'])
            .where('topic', '=', topic)
            .where(sql`payload->>'n'`, '=', String(n))
            .executeTakeFirst(),
        );
      return { topic, queue, executions, relay, worker, effects, emit, row };
    }

    it('a committed event reaches the worker exactly once and is marked sent', async () => {
      const h = harness();
      const relay = h.relay();
      await h.emit(1);
      relay.start();
      await waitFor(() => h.executions.length >= 1);
      await sleep(400); // several more relay ticks: nothing is delivered twice
      expect(h.executions).toHaveLength(1);
      const row = await h.row(1);
      expect(h.executions[0]).toEqual({
        outboxId: row!.id,
        tenantId: store.tenant.id,
        topic: h.topic,
        payload: { n: 1 },
      });
      expect(row!.sent_at).toBeInstanceOf(Date);
      await relay.stop();
      await h.worker.close();
    });

    it("a rolled-back transaction's event never arrives", async () => {
      const h = harness();
      await expect(h.emit(2, true)).rejects.toThrow('rolled back on purpose');
      await h.emit(3); // a committed marker after it
      const relay = h.relay();
      relay.start();
      await waitFor(() => h.executions.length >= 1);
      await sleep(300);
      expect(h.executions.map((e) => e.payload.n)).toEqual([3]);
      expect(await h.row(2)).toBeUndefined();
      await relay.stop();
      await h.worker.close();
    });

    it('unsent rows survive a relay restart', async () => {
      const h = harness();
      const first = h.relay();
      first.start();
      await h.emit(4);
      await waitFor(() => h.executions.length >= 1);
      await first.stop();
      // Written while no relay runs: stays unsent.
      await h.emit(5);
      await sleep(300);
      expect(h.executions.map((e) => e.payload.n)).toEqual([4]);
      expect((await h.row(5))!.sent_at).toBeNull();
      // A new relay (as after a process restart) delivers it, and only it.
      const second = h.relay();
      second.start();
      await waitFor(() => h.executions.length >= 2);
      await sleep(300);
      expect(h.executions.map((e) => e.payload.n)).toEqual([4, 5]);
      expect((await h.row(5))!.sent_at).toBeInstanceOf(Date);
      await second.stop();
      await h.worker.close();
    });

    it('a row relayed twice (crash between add and mark-sent) has one effect', async () => {
      const h = harness();
      const relay = h.relay();
      await h.emit(6);
      expect(await relay.relayOnce()).toBe(1);
      await waitFor(async () => (await h.effects()).length === 1);
      const { id } = (await h.row(6))!;
      const crash = () =>
        withPlatformAccess(platform.deps.db, (trx) =>
          trx.updateTable('outbox').set({ sent_at: null }).where('id', '=', id).execute(),
        );

      // 1. The job is still retained: BullMQ dedupes on the row's job id.
      await crash();
      expect(await relay.relayOnce()).toBe(1);
      await sleep(400);
      expect(h.executions).toHaveLength(1);

      // 2. The job is gone (retention expired): the job runs again, and the
      //    idempotent consumer keyed by outboxId applies nothing new.
      await platform.deps.hub.queue(h.queue).remove(outboxJobId(store.tenant.id, id));
      await crash();
      expect(await relay.relayOnce()).toBe(1);
      await waitFor(() => h.executions.length === 2);
      await sleep(200);
      expect(h.executions.map((e) => e.outboxId)).toEqual([id, id]);
      expect(await h.effects()).toEqual([{ key: String(id), request_hash: '6' }]);
      expect((await h.row(6))!.sent_at).toBeInstanceOf(Date);
      await h.worker.close();
    });

    it('a topic the relay has no route for stays unsent for the relay that knows it', async () => {
      const h = harness();
      const other = createOutboxRelay({
        db: platform.deps.db,
        hub: platform.deps.hub,
        routes: { [uniq('test.other.')]: [h.queue] },
        logger,
      });
      await h.emit(7);
      await other.relayOnce();
      expect((await h.row(7))!.sent_at).toBeNull();
      expect(await h.relay().relayOnce()).toBe(1);
      await waitFor(() => h.executions.length === 1);
      await h.worker.close();
    });
  });
}
