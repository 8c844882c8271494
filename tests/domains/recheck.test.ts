/**
 * The periodic custom-domain re-check: a verified domain whose DNS record
 * disappears is flagged (un-verified, the error kept) and its owner emailed
 * through the outbox — once, not on every later failed check; restoring the
 * record verifies it again. The re-check runs from one platform job
 * scheduler, so once per hour however many worker processes start it.
 */
import { describe, expect, inject, it } from 'vitest';
import { withPlatformAccess } from '../../src/lib/db/index.js';
import type { DnsResolver } from '../../src/lib/dns.js';
import { createQueueHub } from '../../src/lib/queue.js';
import { QUEUES } from '../../src/lib/queue-names.js';
import {
  addStoreDomain,
  getStoreDomain,
  recheckDomains,
  verifyStoreDomain,
} from '../../src/modules/domains/service.js';
import {
  DOMAIN_RECHECK_EVERY_MS,
  DOMAIN_RECHECK_SCHEDULER_ID,
  startPlatformSchedulers,
} from '../../workers/processors/schedulers.js';
import { createTestStore, uniq } from '../support/factories.js';
import { testPlatform } from '../support/platform.js';

const HOUR = 3_600_000;

describe('custom domain re-check', () => {
  it('flags a domain that stops resolving and emails its owner once; a restored record verifies again', async () => {
    const p = await testPlatform();
    const txt = new Map<string, string[]>();
    const dns: DnsResolver = { resolveTxt: async (n) => txt.get(n) ?? [], resolveCname: async () => [] };
    p.deps.dns = dns;
    const store = await createTestStore(p.deps, { plan: 'growth' });
    const domain = `${uniq('shop')}.example.test`;
    const added = await addStoreDomain(p.deps, store.tenant.id, domain);
    const record = added.records.find((r) => r.type === 'TXT')!;
    txt.set(record.name, [record.value]);
    expect((await verifyStoreDomain(p.deps, store.tenant.id)).status).toBe('verified');

    const mails = () =>
      withPlatformAccess(p.deps.db, (trx) =>
        trx
          .selectFrom('outbox')
          .select('payload')
          .where('tenant_id', '=', store.tenant.id)
          .where('topic', '=', 'email.send')
          .execute(),
      ).then((rows) => rows.map((r) => r.payload as { to: string; subject: string; text: string }));

    // Record still there: nothing flagged, nothing sent.
    const t0 = Date.now();
    await recheckDomains(p.deps, new Date(t0 + 7 * HOUR), 10_000);
    expect((await getStoreDomain(p.deps, store.tenant.id)).domain?.status).toBe('verified');
    expect(await mails()).toEqual([]);

    // The record disappears: flagged, owner emailed.
    txt.delete(record.name);
    const lost = await recheckDomains(p.deps, new Date(t0 + 14 * HOUR), 10_000);
    expect(lost.lost).toBeGreaterThanOrEqual(1);
    const flagged = (await getStoreDomain(p.deps, store.tenant.id)).domain!;
    expect(flagged.status).not.toBe('verified');
    expect(flagged.verifiedAt).toBeNull();
    expect(flagged.lastCheckError).toBeTruthy();
    const sent = await mails();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe(store.owner.email);
    expect(sent[0]!.subject).toContain(domain);
    expect(sent[0]!.text).toContain('/admin/settings/domain');

    // Still failing six hours later: no second email.
    await recheckDomains(p.deps, new Date(t0 + 21 * HOUR), 10_000);
    expect(await mails()).toHaveLength(1);

    // Restored: verified again.
    txt.set(record.name, [record.value]);
    await recheckDomains(p.deps, new Date(t0 + 28 * HOUR), 10_000);
    expect((await getStoreDomain(p.deps, store.tenant.id)).domain?.status).toBe('verified');
  });

  it('is scheduled once (hourly) however many worker processes start the platform schedulers', async () => {
    const p = await testPlatform();
    const hub = createQueueHub({ kind: 'redis', url: inject('redisUrl') }, `domain-sched-${Date.now()}`);
    try {
      const deps = { ...p.deps, hub };
      await Promise.all([startPlatformSchedulers(deps), startPlatformSchedulers(deps)]);
      await startPlatformSchedulers(deps);
      const schedulers = await hub.queue(QUEUES.lifecycle).getJobSchedulers();
      const recheck = schedulers.filter((s) => s.key === DOMAIN_RECHECK_SCHEDULER_ID);
      expect(recheck).toHaveLength(1);
      expect(recheck[0]).toMatchObject({ name: 'domain-recheck', every: DOMAIN_RECHECK_EVERY_MS });
    } finally {
      await hub.queue(QUEUES.lifecycle).obliterate({ force: true });
      await hub.close();
    }
  });
});
