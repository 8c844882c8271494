/**
 * The Host → store cache's freshness in one process (src/modules/tenancy/site.ts)
 * with a real notice listener on the run's database: while the listener is
 * live a repeated lookup costs no database work for minutes (it cost a
 * platform transaction every 2 s before), and migration 0410's notices drop
 * exactly what a change makes stale — a store created under a handle cached
 * as unknown, a plan change that makes a domain resolve, a read that raced a
 * change. Without a live listener the 2 s TTL holds. Database work is counted
 * on the lookups' own pool: transactions (checkouts) and round trips (a wire
 * proxy). The two-process proof is site-cache-processes.test.ts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ChangeListener, startChangeListener } from '../../src/lib/db/change-listener.js';
import { createDb, createPool, type Db, withPlatformAccess } from '../../src/lib/db/index.js';
import { appDatabaseUrl } from '../../src/lib/db/roles.js';
import type { Deps } from '../../src/lib/http/context.js';
import { createLogger } from '../../src/lib/logger.js';
import { CATALOG_NOTICE_CHANNEL, parseCatalogNotice } from '../../src/modules/catalog/store-cache.js';
import {
  attachSiteNotices,
  noteSiteNotice,
  resolveSite,
  resyncSites,
} from '../../src/modules/tenancy/site.js';
import { createTestStore, uniq } from '../support/factories.js';
import { storeHost, testPlatform } from '../support/platform.js';
import { startWireProxy, type WireProxy } from './wire-proxy.js';

const T = '11111111-1111-4111-8111-111111111111';
const MINUTE = 60_000;

/** The platform's own deps: stores and changes are written through them, not the counted pool. */
let platform: Deps;
/** Lookups' deps: a counted pool and a clock the tests move. */
let deps: Deps;
let db: Db;
let proxy: WireProxy;
let listener: ChangeListener;
let clock = Date.now();
let checkouts = 0;
const live = () => listener.live;

/** Database work of `fn` on the lookups' pool: transactions and round trips. */
async function work(fn: () => Promise<unknown>): Promise<{ transactions: number; roundTrips: number }> {
  checkouts = 0;
  proxy.reset();
  await fn();
  return { transactions: checkouts, roundTrips: proxy.bursts() };
}

/** Site notices the listener delivered. */
const notices: string[] = [];

/** Waits until the listener delivered a site notice naming `name` (a write's own notice must not race the reads after it). */
async function noticed(name: string): Promise<void> {
  for (const t0 = Date.now(); !notices.some((n) => n.split(' ').includes(name)); ) {
    if (Date.now() - t0 > 5_000) throw new Error(`no notice about ${name}`);
    await new Promise((res) => setTimeout(res, 10));
  }
}

const lookup = (host: string) => resolveSite(deps, host);

/** Looks `host` up until `done` holds; answers how long it took after `since`. */
async function until(host: string, done: (r: Awaited<ReturnType<typeof lookup>>) => boolean, since: number) {
  for (;;) {
    if (done(await lookup(host))) return Date.now() - since;
    if (Date.now() - since > 5_000) throw new Error(`${host}: not resolved as expected after 5 s`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

beforeAll(async () => {
  platform = (await testPlatform()).deps;
  const u = new URL(inject('databaseUrl'));
  proxy = await startWireProxy({ host: u.hostname, port: Number(u.port || 5432) });
  const pool = createPool({ connectionString: proxy.url(appDatabaseUrl(inject('databaseUrl'))), max: 1 });
  pool.on('acquire', () => checkouts++);
  db = createDb(pool, { prepare: true });
  deps = { ...platform, db, now: () => new Date(clock) };
  listener = startChangeListener({
    connectionString: appDatabaseUrl(inject('databaseUrl')),
    channel: CATALOG_NOTICE_CHANNEL,
    logger: createLogger({ level: 'silent' }),
    onNotice: (payload) => {
      if (noteSiteNotice(payload)) notices.push(payload);
    },
    onResync: resyncSites,
  });
  attachSiteNotices(live);
  for (const t0 = Date.now(); !listener.live; ) {
    if (Date.now() - t0 > 10_000) throw new Error('the listener did not start');
    await new Promise((res) => setTimeout(res, 20));
  }
});

afterAll(async () => {
  // Later test files in this worker get the plain 2 s cache back.
  attachSiteNotices(undefined);
  await listener?.close();
  await db?.destroy();
  await proxy?.close();
});

describe('Host → store cache', () => {
  it('tells its notices from catalog notices, both ways', () => {
    expect(noteSiteNotice(T)).toBe(false);
    expect(noteSiteNotice(`${T} ${T}`)).toBe(false);
    expect(parseCatalogNotice(`site ${T} shop`)).toBeUndefined();
    expect(parseCatalogNotice(`site ${T} shop domain:shop.example.test`)).toBeUndefined();
    expect(parseCatalogNotice('site *')).toBeUndefined();
  });

  it('does not re-read a store for minutes while the listener is live; 2 s without it', async () => {
    const store = await createTestStore(platform);
    await noticed(store.tenant.handle);
    const host = storeHost(store.tenant.handle);
    const first = await work(() => lookup(host));
    expect(first.transactions).toBe(1);
    clock += 3_000;
    expect(await work(() => lookup(host))).toEqual({ transactions: 0, roundTrips: 0 });
    clock += 4 * MINUTE;
    expect(await work(() => lookup(host))).toEqual({ transactions: 0, roundTrips: 0 });
    // The safety net: after 5 minutes it reads again.
    clock += 2 * MINUTE;
    expect((await work(() => lookup(host))).transactions).toBe(1);

    // No live listener: today's 2 s.
    attachSiteNotices(() => false);
    try {
      expect((await work(() => lookup(host))).transactions).toBe(1);
      clock += 1_000;
      expect((await work(() => lookup(host))).transactions).toBe(0);
      clock += 1_500;
      expect((await work(() => lookup(host))).transactions).toBe(1);
    } finally {
      attachSiteNotices(live);
    }
  });

  it('resolves a store created under a handle it had cached as unknown within one second', async () => {
    const handle = uniq('later');
    const host = storeHost(handle);
    expect((await lookup(host)).kind).toBe('unknown');
    clock += 3_000;
    expect(await work(() => lookup(host))).toEqual({ transactions: 0, roundTrips: 0 });
    await createTestStore(platform, { handle });
    const since = Date.now();
    expect(await until(host, (r) => r.kind === 'store', since)).toBeLessThan(1_000);
  });

  it('resolves a verified domain cached as unknown once its store moves to a plan with custom domains', async () => {
    const store = await createTestStore(platform, { plan: 'trial' });
    const domain = `${uniq('shop')}.example.test`;
    await withPlatformAccess(platform.db, (trx) =>
      trx
        .insertInto('custom_domains')
        .values({ tenant_id: store.tenant.id, domain, verified_at: new Date() })
        .execute(),
    );
    // Let the insert's own notice pass, then cache the domain as unknown (trial: no custom domains).
    await noticed(`domain:${domain}`);
    expect((await lookup(`${domain}:3000`)).kind).toBe('unknown');
    clock += 3_000;
    expect((await work(() => lookup(`${domain}:3000`))).transactions).toBe(0);
    await withPlatformAccess(platform.db, (trx) =>
      trx.updateTable('tenants').set({ plan: 'growth' }).where('id', '=', store.tenant.id).execute(),
    );
    const since = Date.now();
    expect(await until(`${domain}:3000`, (r) => r.kind === 'store', since)).toBeLessThan(1_000);
  });

  it('keeps an entry only 2 s when a notice about it arrived while it was being read', async () => {
    const store = await createTestStore(platform);
    const other = await createTestStore(platform);
    await noticed(store.tenant.handle);
    await noticed(other.tenant.handle);
    const host = storeHost(store.tenant.handle);
    // The read is in flight (each round trip waits on the proxy) when the notices arrive.
    const unrelated = lookup(host);
    noteSiteNotice(`site ${other.tenant.id} ${other.tenant.handle}`);
    await unrelated;
    clock += 3_000;
    expect((await work(() => lookup(host))).transactions).toBe(0);
    clock += 6 * MINUTE;
    const raced = lookup(host);
    noteSiteNotice(`site ${store.tenant.id} ${store.tenant.handle}`);
    await raced;
    clock += 3_000;
    expect((await work(() => lookup(host))).transactions).toBe(1);
  });
});
