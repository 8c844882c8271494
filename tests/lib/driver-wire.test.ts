/**
 * The driver on the wire: round trips counted through a delaying TCP proxy
 * (the counts pg's documented pipeline mode must keep), and sessions lost
 * under the driver — terminated while checked out, mid-transaction, or idle
 * in the pool — fail only the work in flight, as a 503, never the process.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  asFinalStatement,
  createDb,
  createPool,
  type Db,
  pipelinedStatements,
  withPlatformAccess,
  withTenant,
  withTenantStatement,
} from '../../src/lib/db/index.js';
import { appDatabaseUrl } from '../../src/lib/db/roles.js';
import { toAppError } from '../../src/lib/errors.js';
import { createTestStore, type TestStore } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { startWireProxy, type WireProxy } from './wire-proxy.js';

let platform: TestPlatform;
let store: TestStore;
let owner: pg.Client;

beforeAll(async () => {
  platform = await testPlatform();
  store = await createTestStore(platform.deps);
  owner = new pg.Client({ connectionString: inject('databaseUrl') });
  await owner.connect();
}, 60_000);

afterAll(async () => {
  await owner?.end();
});

const readSku = (trx: Parameters<Parameters<typeof withTenant>[2]>[0]) =>
  trx.selectFrom('variants').select('sku').where('sku', '=', 'none').execute();

describe('round trips (pg pipeline mode, public API only)', () => {
  let proxy: WireProxy;
  let db: Db;

  beforeAll(async () => {
    const u = new URL(inject('databaseUrl'));
    proxy = await startWireProxy({ host: u.hostname, port: Number(u.port || 5432) });
    db = createDb(
      createPool({ connectionString: proxy.url(appDatabaseUrl(inject('databaseUrl'))), max: 1 }),
      {
        prepare: true,
      },
    );
    // Connect and prepare everything once (a first use parses in the same write anyway).
    await withTenantStatement(db, store.tenant.id, readSku);
    await withTenant(db, store.tenant.id, readSku);
  });

  afterAll(async () => {
    await db?.destroy();
    await proxy?.close();
  });

  const roundTrips = async (fn: () => Promise<unknown>) => {
    proxy.reset();
    await fn();
    return proxy.bursts();
  };

  it('a single-statement read is ONE round trip: opening, statement and commit written together', async () => {
    expect(await roundTrips(() => withTenantStatement(db, store.tenant.id, readSku))).toBe(1);
  });

  it('the tenant opening rides with the first statement; the commit is the second round trip', async () => {
    expect(await roundTrips(() => withTenant(db, store.tenant.id, readSku))).toBe(2);
    expect(
      await roundTrips(() => withTenant(db, store.tenant.id, (trx) => asFinalStatement(() => readSku(trx)))),
    ).toBe(1);
    expect(
      await roundTrips(() =>
        withTenant(db, store.tenant.id, async (trx) => {
          await readSku(trx);
          await asFinalStatement(() => readSku(trx));
        }),
      ),
    ).toBe(2);
  });

  it('a pipelined batch and a platform opening ride in one write too; an empty transaction sends nothing', async () => {
    expect(
      await roundTrips(() =>
        withTenant(db, store.tenant.id, (trx) =>
          pipelinedStatements(trx, [
            sql`select ${1}::int as a`.compile(trx),
            sql`select ${2}::int as b`.compile(trx),
            sql`select ${3}::int as c`.compile(trx),
          ]),
        ),
      ),
    ).toBe(2);
    expect(
      await roundTrips(() =>
        withTenantStatement(db, store.tenant.id, (trx) =>
          pipelinedStatements(trx, [
            sql`select ${1}::int as a`.compile(trx),
            sql`select ${2}::int as b`.compile(trx),
          ]),
        ),
      ),
    ).toBe(1);
    expect(await roundTrips(() => withPlatformAccess(db, (trx) => sql`select 1`.execute(trx)))).toBe(2);
    expect(await roundTrips(() => withTenant(db, store.tenant.id, async () => 1))).toBe(0);
  });
});

describe('lost sessions', () => {
  let pool: pg.Pool;
  let db: Db;
  const appName = `driver-wire-${Date.now()}`;

  beforeAll(() => {
    pool = createPool({
      connectionString: appDatabaseUrl(inject('databaseUrl')),
      max: 3,
      applicationName: appName,
    });
    db = createDb(pool, { prepare: true });
  });

  afterAll(async () => {
    await db?.destroy();
  });

  const terminate = (pid: number) => owner.query('select pg_terminate_backend($1)', [pid]);

  it('a session terminated mid-transaction fails that transaction with a 503, and the pool replaces it', async () => {
    const err = await withTenant(db, store.tenant.id, async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      await terminate(rows[0]!.pid);
      // The FATAL arrives while the client is checked out and idle: an 'error' event.
      await new Promise((r) => setTimeout(r, 200));
      return readSku(trx);
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    const mapped = toAppError(err);
    expect(mapped.status).toBe(503);
    expect(mapped.code).toBe('service_unavailable');
    expect(mapped.headers?.['Retry-After']).toBeDefined();
    // The next units of work get fresh sessions.
    for (let i = 0; i < 5; i++) await withTenantStatement(db, store.tenant.id, readSku);
  });

  it('a session terminated while its statement runs fails that statement only', async () => {
    const running = withTenantStatement(db, store.tenant.id, (trx) =>
      sql`select pg_sleep(5), pg_backend_pid()`.execute(trx),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300));
    await owner.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and query like '%pg_sleep%'`,
      [appName],
    );
    expect(toAppError(await running).status).toBe(503);
    await withTenantStatement(db, store.tenant.id, readSku);
  });

  it('idle pooled sessions terminated all at once are replaced on the next checkout', async () => {
    await Promise.all([1, 2, 3].map(() => withTenant(db, store.tenant.id, readSku)));
    await owner.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [
      appName,
    ]);
    await new Promise((r) => setTimeout(r, 200));
    const results = await Promise.all([1, 2, 3].map(() => withTenantStatement(db, store.tenant.id, readSku)));
    expect(results).toHaveLength(3);
  });
});
