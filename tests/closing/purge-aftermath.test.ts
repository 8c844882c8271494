/**
 * What a purge leaves right (issue #17): the revenue books of past months are
 * the same after it as before; the store's uploaded image files leave the
 * disk after commit through the outbox and the lifecycle worker (idempotent,
 * a failure retried without undoing the purge); Stripe's cancellation goes
 * through the real outbox relay and the billing worker against the fake
 * Stripe at HTTP level — at closing, and again (harmlessly) at the purge.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'bullmq';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { purgeClosedStore, removePurgedStoreFiles } from '../../src/flows/store-purge.js';
import { withPlatformAccess, withTenant } from '../../src/lib/db/index.js';
import { createLogger } from '../../src/lib/logger.js';
import { createOutboxRelay } from '../../src/lib/outbox.js';
import { createQueueHub } from '../../src/lib/queue.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import { imageStoreFor } from '../../src/lib/storage/store-for.js';
import { addProductImage } from '../../src/modules/catalog/images.js';
import { getMoneyReport } from '../../src/modules/settlement/money-report.js';
import { billingProcessor } from '../../workers/processors/billing.js';
import { tenantLifecycleJobs } from '../../workers/processors/tenant-lifecycle.js';
import { makePng } from '../catalog/image-fixtures.js';
import { createTestStore, createTestUser, type TestStore } from '../support/factories.js';
import { startFakeStripe } from '../support/fake-stripe.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { closeViaPage, outboxOf, ownerSession, seedStore, subscribe } from './fixture.js';

const fake = await startFakeStripe();
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'purge-files-'));
afterAll(async () => {
  await fake.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});
const platform = testPlatform({ env: { ...fake.env, DATA_DIR: dataDir } });

const monthAgo = (k: number, day = 10) => {
  const n = new Date();
  return new Date(Date.UTC(n.getUTCFullYear(), n.getUTCMonth() - k, day));
};

async function closeAndPurge(p: TestPlatform, s: TestStore) {
  const owner = await ownerSession(p, s);
  expect((await closeViaPage(p, s, owner.cookie, s.tenant.handle)).status).toBe(303);
  const admin = await createTestUser(p.deps, { platformAdmin: true });
  return purgeClosedStore(p.deps, s.tenant.id, { userId: admin.id, reason: 'Test purge' });
}

/**
 * The real relay (only the topics under test) feeding the real billing and
 * lifecycle consumers on a queue prefix of this test's own.
 */
async function withWorkers<T>(
  p: TestPlatform,
  run: (relayOnce: () => Promise<number>, hub: ReturnType<typeof createQueueHub>) => Promise<T>,
) {
  const hub = createQueueHub({ kind: 'redis', url: inject('redisUrl') }, `purge-${Date.now()}`);
  const deps = { ...p.deps, hub };
  const workers: Worker[] = [billingProcessor.register(deps), tenantLifecycleJobs.register(deps)];
  const relay = createOutboxRelay({
    db: p.deps.db,
    hub,
    routes: { 'billing.subscription_cancel': [QUEUES.billing], 'tenant.deleted': [QUEUES.lifecycle] },
    logger: createLogger({ level: 'silent' }),
  });
  try {
    return await run(() => relay.relayOnce(), hub);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await hub.close();
  }
}

async function until(check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const exists = (f: string) =>
  fs.stat(f).then(
    () => true,
    () => false,
  );

describe('after a purge', () => {
  it("keeps past months' MRR, churn and GMV exactly as they were", async () => {
    const p = await platform;
    const a = await createTestStore(p.deps);
    const b = await createTestStore(p.deps);
    await seedStore(p, a, { total: 10_000, paidAt: monthAgo(2), manual: true });
    await seedStore(p, b, { total: 4_000, paidAt: monthAgo(1), manual: true });
    for (const s of [a, b])
      await withTenant(p.deps.db, s.tenant.id, (trx) =>
        trx
          .insertInto('subscription_changes')
          .values([
            {
              tenant_id: s.tenant.id,
              changed_at: monthAgo(4),
              plan: 'trial',
              status: 'trialing',
              monthly_price: 0,
              currency: 'USD',
            },
            {
              tenant_id: s.tenant.id,
              changed_at: monthAgo(3),
              plan: 'growth',
              status: 'active',
              monthly_price: 2900,
              currency: 'USD',
            },
          ])
          .execute(),
      );
    await subscribe(p, fake, a);
    const owner = await ownerSession(p, a);
    expect((await closeViaPage(p, a, owner.cookie, a.tenant.handle)).status).toBe(303);

    const at = new Date(Date.now() + 1000);
    const report = () =>
      getMoneyReport(p.deps, { now: at, months: 6, tenantIds: [a.tenant.id, b.tenant.id] });
    const before = await report();
    // The books hold the purged store: MRR of two stores, its conversion, its manual order.
    const month = (k: number) => before.months[5 - k]!;
    expect(month(2)).toMatchObject({ mrr: 5800, billedAtEnd: 2 });
    expect(month(3)).toMatchObject({ newSubscriptions: 2, trialConversions: 2 });
    expect(month(0).cancelled).toBe(1);
    expect(before.stores.find((s) => s.tenantId === a.tenant.id)).toMatchObject({
      gross: 10_000,
      manualGross: 10_000,
    });

    const admin = await createTestUser(p.deps, { platformAdmin: true });
    expect(
      await purgeClosedStore(p.deps, a.tenant.id, { userId: admin.id, reason: 'Books test' }),
    ).not.toBeNull();
    const left = await withPlatformAccess(p.deps.db, (trx) =>
      trx.selectFrom('subscription_changes').select('id').where('tenant_id', '=', a.tenant.id).execute(),
    );
    expect(left).toEqual([]);
    expect(await report()).toEqual(before);
  });

  it('removes its image files after commit, through the outbox and the lifecycle worker; a failure is retried', async () => {
    const p = await platform;
    const a = await createTestStore(p.deps);
    const b = await createTestStore(p.deps);
    const images = imageStoreFor(p.deps.config);
    const files: Record<string, string> = {};
    for (const s of [a, b]) {
      const { product } = await seedStore(p, s);
      const img = await addProductImage(
        { db: p.deps.db, images },
        s.tenant.id,
        product.id,
        { bytes: makePng(4, 4, [200, 10, 10]) },
        { type: 'system' },
      );
      files[s.tenant.id] = path.join(dataDir, 'images', s.tenant.id, img.url.split('/').pop()!);
      expect(await exists(files[s.tenant.id]!)).toBe(true);
    }
    // A live store's files are never touched, whatever event arrives.
    expect(await removePurgedStoreFiles(p.deps, b.tenant.id)).toBe('not_purged');

    expect(await closeAndPurge(p, a)).not.toBeNull();
    // Committed: the rows are gone, the files not yet (they go after commit).
    expect(await exists(files[a.tenant.id]!)).toBe(true);
    const imagesDir = path.join(dataDir, 'images');
    // The disk fails the first time: the job fails, the purge stays done, the retry removes them.
    await fs.rename(imagesDir, `${imagesDir}.away`);
    await fs.writeFile(imagesDir, 'not a directory');
    await withWorkers(p, async (relayOnce, hub) => {
      await until(async () => {
        await relayOnce();
        const rows = await outboxOf(p, '00000000-0000-0000-0000-000000000000');
        return rows.some(
          (r) =>
            r.topic === 'tenant.deleted' &&
            r.sent_at !== null &&
            (r.payload as { tenantId: string }).tenantId === a.tenant.id,
        );
      });
      // Its first attempt failed and waits for a retry.
      await until(async () => {
        const waiting = await hub.queue(QUEUES.lifecycle).getJobs(['delayed', 'failed']);
        return waiting.some((j) => j.name === 'tenant.deleted' && j.attemptsMade >= 1);
      });
      const tomb = await withPlatformAccess(p.deps.db, (trx) =>
        trx.selectFrom('store_tombstones').select('store_id').where('store_id', '=', a.tenant.id).execute(),
      );
      expect(tomb).toHaveLength(1);
      await fs.rm(imagesDir);
      await fs.rename(`${imagesDir}.away`, imagesDir);
      await until(async () => !(await exists(path.dirname(files[a.tenant.id]!))));
    });
    expect(await exists(files[b.tenant.id]!)).toBe(true);
    // Idempotent: again, nothing to do and no error.
    expect(await removePurgedStoreFiles(p.deps, a.tenant.id)).toBe('removed');
  });

  it('cancels the Stripe subscription through the relay and the billing worker, once', async () => {
    const p = await platform;
    const s = await createTestStore(p.deps);
    const subId = await subscribe(p, fake, s);
    const owner = await ownerSession(p, s);
    expect((await closeViaPage(p, s, owner.cookie, s.tenant.handle)).status).toBe(303);
    const cancels = () =>
      fake.requests.filter((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${subId}`).length;
    expect(fake.state.subscriptions.get(subId)!.status).toBe('active');
    await withWorkers(p, async (relayOnce) => {
      await until(async () => {
        await relayOnce();
        return fake.state.subscriptions.get(subId)!.status === 'canceled';
      });
      expect(cancels()).toBe(1);
      // The purge queues it again on the platform outbox (the store's own rows go with it): "already".
      const admin = await createTestUser(p.deps, { platformAdmin: true });
      await purgeClosedStore(p.deps, s.tenant.id, { userId: admin.id, reason: 'Stripe test' });
      await until(async () => {
        await relayOnce();
        const rows = await outboxOf(p, '00000000-0000-0000-0000-000000000000');
        return rows.some(
          (r) =>
            r.topic === 'billing.subscription_cancel' &&
            r.sent_at !== null &&
            (r.payload as { subscriptionId: string }).subscriptionId === subId,
        );
      });
      await until(
        () =>
          fake.requests.some((r) => r.method === 'GET' && r.path === `/v1/subscriptions/${subId}`) &&
          fake.requests.filter((r) => r.method === 'GET' && r.path === `/v1/subscriptions/${subId}`).length >=
            2,
      );
      expect(cancels()).toBe(1);
    });
  });
});
