/**
 * The relay's batch against a queue hub that answers slowly (real database,
 * stand-in hub): several rows' adds are in flight at once (one at a time, a
 * busy process relayed a checkout burst slower than shoppers wrote it), each
 * row is marked sent once, and a queue lost mid-batch keeps what was sent and
 * penalises nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { createLogger } from '../../src/lib/logger.js';
import { createOutboxRelay, enqueueOutbox } from '../../src/lib/outbox.js';
import type { QueueHub } from '../../src/lib/queue.js';
import { createTestStore, type TestStore, uniq } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';

const logger = createLogger({ level: 'silent' });
let platform: TestPlatform;
let store: TestStore;

beforeAll(async () => {
  platform = await testPlatform();
  store = await createTestStore(platform.deps);
});

/** A hub whose adds take `ms`; `fail(n)` says whether the n-th add rejects with a lost connection. */
function slowHub(ms: number, fail: (n: number) => boolean = () => false) {
  const seen = { adds: 0, inFlight: 0, maxInFlight: 0, jobIds: [] as string[] };
  const hub = {
    queue: () => ({
      async add(_name: string, _data: unknown, opts: { jobId: string }) {
        const n = ++seen.adds;
        seen.inFlight++;
        seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
        await new Promise((r) => setTimeout(r, ms));
        seen.inFlight--;
        if (fail(n)) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        seen.jobIds.push(opts.jobId);
        return {};
      },
    }),
  } as unknown as QueueHub;
  return { hub, seen };
}

async function emit(topic: string, n: number): Promise<void> {
  await withTenant(platform.deps.db, store.tenant.id, async (trx) => {
    for (let i = 0; i < n; i++) await enqueueOutbox(trx, store.tenant.id, { topic, payload: { i } });
  });
}

const rowsOf = (topic: string) =>
  withPlatformAccess(platform.deps.db, (trx) =>
    trx.selectFrom('outbox').select(['sent_at', 'attempts']).where('topic', '=', topic).execute(),
  );

describe('outbox relay batch', () => {
  it('keeps several adds in flight and marks every row sent once', async () => {
    const topic = uniq('test.batch.');
    await emit(topic, 30);
    const { hub, seen } = slowHub(20);
    const relay = createOutboxRelay({
      db: platform.deps.db,
      hub,
      routes: { [topic]: ['q-a', 'q-b'] },
      logger,
    });
    expect(await relay.relayOnce()).toBe(30);
    expect(seen.maxInFlight).toBeGreaterThan(1);
    expect(seen.adds).toBe(60);
    expect(new Set(seen.jobIds).size).toBe(30);
    expect((await rowsOf(topic)).every((r) => r.sent_at !== null && r.attempts === 0)).toBe(true);
  });

  it('a queue lost mid-batch: what was added is marked sent, the rest waits unpenalised', async () => {
    const topic = uniq('test.batch.');
    await emit(topic, 30);
    const { hub, seen } = slowHub(10, (n) => n === 5);
    const relay = createOutboxRelay({ db: platform.deps.db, hub, routes: { [topic]: ['q-a'] }, logger });
    await expect(relay.relayOnce()).rejects.toThrow('ECONNRESET');
    const rows = await rowsOf(topic);
    const sent = rows.filter((r) => r.sent_at !== null).length;
    expect(sent).toBe(seen.jobIds.length);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(30);
    expect(rows.every((r) => r.attempts === 0)).toBe(true);
    // The queue is back: the rest goes, nothing twice.
    const back = slowHub(1);
    const again = createOutboxRelay({
      db: platform.deps.db,
      hub: back.hub,
      routes: { [topic]: ['q-a'] },
      logger,
    });
    expect(await again.relayOnce()).toBe(30 - sent);
  });
});
