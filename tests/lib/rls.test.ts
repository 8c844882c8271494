/**
 * Tenant isolation under row-level security, proved as the APP role (the
 * platform's `deps.db`, storeloom_app), over every tenant table the catalog
 * lists — so tables added by later migrations are covered automatically.
 *
 * Data: three stores built with the factories and raw inserts through
 * withTenant; every tenant table the factories do not reach gets rows from the
 * generic filler (./tenant-fill.ts, as the owner). An owner connection checks
 * that each tenant table really holds rows of at least two of the stores
 * before anything is asserted, so "zero rows" never passes on empty tables.
 */
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, createPool, type Database, type Db, withTenant } from '../../src/lib/db/index.js';
import { appDatabaseUrl } from '../../src/lib/db/roles.js';
import { enqueueOutbox } from '../../src/lib/outbox.js';
import { createTestCustomer, createTestStore, type TestStore, uniq } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { tenantTables } from './catalog.js';
import { fillTenantRow, quoteIdent } from './tenant-fill.js';

let platform: TestPlatform;
let owner: pg.Client;
let tables: string[];
let stores: TestStore[];
const t = (name: string) => sql.raw(quoteIdent(name));

/** Raw inserts through the real door for the platform tables the factories skip. */
async function seedThroughApp(db: Db, tenantId: string): Promise<void> {
  await createTestCustomer(platform.deps, tenantId);
  await withTenant(db, tenantId, async (trx) => {
    await enqueueOutbox(trx, tenantId, { topic: 'rls.test.unrouted', payload: { n: 1 } });
    await trx
      .insertInto('audit_log')
      .values({ tenant_id: tenantId, actor_type: 'system', action: 'rls.test' })
      .execute();
    await trx
      .insertInto('idempotency_keys')
      .values({ tenant_id: tenantId, scope: 'rls', key: uniq('k'), request_hash: 'h' })
      .execute();
    await trx
      .insertInto('custom_domains')
      .values({ tenant_id: tenantId, domain: `${uniq('d')}.example.test` })
      .execute();
    const cat = await trx
      .insertInto('categories')
      .values({ tenant_id: tenantId, handle: uniq('c'), name: 'Cat' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into products (tenant_id, handle, title, category_id)
              values (${tenantId}, ${uniq('p')}, 'Product', ${cat.id})`.execute(trx);
  });
}

/** Rows per tenant table per store, counted by the owner (RLS does not apply to it). */
async function ownerCounts(): Promise<Map<string, number>> {
  const ids = stores.map((s) => s.tenant.id);
  const out = new Map<string, number>();
  for (const table of tables) {
    const { rows } = await owner.query<{ n: number }>(
      `select count(distinct tenant_id)::int as n from ${quoteIdent(table)} where tenant_id = any($1::uuid[])`,
      [ids],
    );
    out.set(table, rows[0]!.n);
  }
  return out;
}

beforeAll(async () => {
  platform = await testPlatform();
  owner = new pg.Client({ connectionString: inject('databaseUrl') });
  await owner.connect();
  tables = await tenantTables(owner);
  stores = [];
  for (let i = 0; i < 3; i++) stores.push(await createTestStore(platform.deps));
  for (const s of stores) await seedThroughApp(platform.deps.db, s.tenant.id);
  // Every table still without a row of a store gets one from the generic filler.
  const failures: string[] = [];
  for (const table of tables) {
    for (const s of stores) {
      const { rows } = await owner.query(`select 1 from ${quoteIdent(table)} where tenant_id = $1 limit 1`, [
        s.tenant.id,
      ]);
      if (rows.length) continue;
      const failed = await fillTenantRow(owner, table, s.tenant.id);
      if (failed) failures.push(failed);
    }
  }
  expect(failures, 'the generic filler could not put rows into these tables').toEqual([]);
}, 60_000);

afterAll(async () => {
  // The generic rows reference parents that may not exist: remove this file's
  // stores from every tenant table so platform-wide jobs of other test files
  // (sweepers, schedulers) never meet them. The tenants rows stay (valid).
  if (owner && stores?.length) {
    const ids = stores.map((s) => s.tenant.id);
    await owner.query('begin');
    await owner.query('set local session_replication_role = replica');
    for (const table of tables)
      await owner.query(`delete from ${quoteIdent(table)} where tenant_id = any($1::uuid[])`, [ids]);
    await owner.query('commit');
  }
  await owner?.end();
});

describe('test data', () => {
  it('every tenant table holds rows of at least two stores (checked as the owner)', async () => {
    const counts = await ownerCounts();
    const thin = [...counts].filter(([, n]) => n < 2).map(([table, n]) => `${table}: ${n}`);
    expect(tables.length).toBeGreaterThan(10);
    expect(thin).toEqual([]);
  });
});

describe('no tenant set', () => {
  it('every tenant table returns zero rows to the app role outside withTenant', async () => {
    const { db } = platform.deps;
    const seen: string[] = [];
    for (const table of [...tables, 'tenants']) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${t(table)}`.execute(db);
      if (rows[0]!.n !== 0) seen.push(`${table}: ${rows[0]!.n}`);
    }
    expect(seen).toEqual([]);
  });

  it('updates and deletes outside withTenant touch nothing', async () => {
    const { db } = platform.deps;
    const a = stores[0]!.tenant.id;
    const problems: string[] = [];
    for (const table of tables) {
      for (const q of [
        sql`update ${t(table)} set tenant_id = tenant_id where tenant_id = ${a}`,
        sql`delete from ${t(table)} where tenant_id = ${a}`,
      ]) {
        const res = await q.execute(db).then(
          (r) => Number(r.numAffectedRows ?? 0),
          (e: { code?: string }) => (e.code === '42501' ? 0 : `error ${e.code}`),
        );
        if (res !== 0) problems.push(`${table}: ${res}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('an insert outside withTenant is rejected', async () => {
    const err = await withoutTenantInsert();
    expect(err).toMatchObject({ code: '42501' });
  });
});

async function withoutTenantInsert(): Promise<unknown> {
  return sql`insert into customers (tenant_id, email) values (${stores[0]!.tenant.id}, ${`${uniq()}@x.test`})`
    .execute(platform.deps.db)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
}

/** Columns an INSERT … SELECT can copy (not generated, not GENERATED ALWAYS identity). */
async function copyableColumns(table: string): Promise<string[]> {
  const { rows } = await owner.query<{ name: string }>(
    `select attname as name from pg_attribute
      where attrelid = ('public.' || quote_ident($1))::regclass and attnum > 0 and not attisdropped
        and attgenerated = '' and attidentity <> 'a' order by attnum`,
    [table],
  );
  return rows.map((r) => r.name);
}

describe('tenant A set', () => {
  it("sees only A's rows in every tenant table and none of B's", async () => {
    const [a, b] = stores.map((s) => s.tenant.id) as [string, string];
    const problems: string[] = [];
    for (const table of tables) {
      await withTenant(platform.deps.db, a, async (trx) => {
        const { rows } = await sql<{ own: number; foreign: number; b: number }>`
          select count(*) filter (where tenant_id = ${a})::int as own,
                 count(*) filter (where tenant_id <> ${a})::int as foreign,
                 count(*) filter (where tenant_id = ${b})::int as b
            from ${t(table)}`.execute(trx);
        const r = rows[0]!;
        if (r.own < 1) problems.push(`${table}: A cannot see its own rows`);
        if (r.foreign !== 0 || r.b !== 0) problems.push(`${table}: A sees ${r.foreign} foreign rows`);
      });
    }
    const { rows } = await withTenant(platform.deps.db, a, (trx) =>
      sql<{ id: string }>`select id from tenants`.execute(trx),
    );
    expect(rows.map((r) => r.id)).toEqual([a]);
    expect(problems).toEqual([]);
  });

  it("cannot update or delete B's rows, nor move its own rows to B", async () => {
    const [a, b] = stores.map((s) => s.tenant.id) as [string, string];
    const before = await ownerCounts();
    const bRows = async (table: string) =>
      (
        await owner.query<{ n: number }>(
          `select count(*)::int as n from ${quoteIdent(table)} where tenant_id = $1`,
          [b],
        )
      ).rows[0]!.n;
    const problems: string[] = [];
    for (const table of tables) {
      const nB = await bRows(table);
      const attempt = async (q: ReturnType<typeof sql>) =>
        withTenant(platform.deps.db, a, (trx) => q.execute(trx)).then(
          (r) => ({ affected: Number(r.numAffectedRows ?? 0), code: undefined as string | undefined }),
          (e: { code?: string }) => ({ affected: 0, code: e.code }),
        );
      const upd = await attempt(sql`update ${t(table)} set tenant_id = tenant_id where tenant_id = ${b}`);
      const del = await attempt(sql`delete from ${t(table)} where tenant_id = ${b}`);
      const move = await attempt(sql`update ${t(table)} set tenant_id = ${b} where tenant_id = ${a}`);
      if (upd.affected) problems.push(`${table}: A updated ${upd.affected} of B's rows`);
      if (del.affected) problems.push(`${table}: A deleted ${del.affected} of B's rows`);
      if (upd.code && upd.code !== '42501') problems.push(`${table}: update failed oddly (${upd.code})`);
      if (del.code && del.code !== '42501') problems.push(`${table}: delete failed oddly (${del.code})`);
      // Moving a row to B must be refused by the policy's WITH CHECK (or by missing grants).
      if (move.code !== '42501')
        problems.push(`${table}: moving A's row to B was not rejected (${move.code})`);
      if ((await bRows(table)) !== nB) problems.push(`${table}: B's row count changed`);
    }
    expect(problems).toEqual([]);
    expect(await ownerCounts()).toEqual(before);
  });

  it("cannot insert a row carrying B's tenant_id into any tenant table", async () => {
    const [a, b] = stores.map((s) => s.tenant.id) as [string, string];
    const problems: string[] = [];
    for (const table of tables) {
      const cols = await copyableColumns(table);
      const select = cols.map((c) => (c === 'tenant_id' ? sql`${b}::uuid` : sql.raw(quoteIdent(c))));
      const q = sql`insert into ${t(table)} (${sql.join(cols.map((c) => sql.raw(quoteIdent(c))))})
                    select ${sql.join(select)} from ${t(table)} where tenant_id = ${a} limit 1`;
      const res = await withTenant(platform.deps.db, a, (trx) => q.execute(trx)).then(
        (r) => `inserted ${Number(r.numAffectedRows ?? 0)}`,
        (e: { code?: string; message: string }) =>
          e.code === '42501' ? 'rejected' : `${e.code} ${e.message}`,
      );
      if (res !== 'rejected') problems.push(`${table}: ${res}`);
    }
    expect(problems).toEqual([]);
  });

  it('a later withTenant on the same pool sees only its own tenant', async () => {
    // A unit of work holds one tenant: set_config is transaction-local, and a
    // later withTenant on the same pool starts clean.
    const [a, b] = stores.map((s) => s.tenant.id) as [string, string];
    await withTenant(platform.deps.db, a, async () => {});
    const seen = await withTenant(platform.deps.db, b, (trx) =>
      sql<{ tenant_id: string }>`select distinct tenant_id from customers`.execute(trx),
    );
    expect(seen.rows.map((r) => r.tenant_id)).toEqual([b]);
  });
});

describe('how withTenant opens its transaction', () => {
  const setting = (db: Db) =>
    sql<{ v: string | null }>`select current_setting('app.tenant_id', true) as v`
      .execute(db)
      .then((r) => r.rows[0]!.v ?? '');

  it('sets the tenant with the BEGIN, and nothing opened inside the callback inherits it', async () => {
    const { db } = platform.deps;
    const a = stores[0]!.tenant.id;
    const [inside, nested] = await withTenant(db, a, async (trx) => {
      const own = await sql<{ v: string }>`select current_setting('app.tenant_id', true) as v`.execute(trx);
      // Another transaction on the same pool, opened from inside the callback.
      const other = await db.transaction().execute((t2) => setting(t2));
      return [own.rows[0]!.v, other];
    });
    expect(inside).toBe(a);
    expect(nested).toBe('');
  });

  it('a Kysely instance not made by createDb still gets the tenant (explicit set_config)', async () => {
    const plain = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: createPool({ connectionString: appDatabaseUrl(inject('databaseUrl')), max: 1 }),
      }),
    });
    try {
      const a = stores[0]!.tenant.id;
      const seen = await withTenant(plain, a, (trx) =>
        sql<{ tenant_id: string }>`select distinct tenant_id from customers`.execute(trx),
      );
      expect(seen.rows.map((r) => r.tenant_id)).toEqual([a]);
      expect(await setting(plain)).toBe('');
    } finally {
      await plain.destroy();
    }
  });

  it('refuses a non-UUID or the platform tenant id', async () => {
    const { db } = platform.deps;
    await expect(withTenant(db, "x'); select 1; --", async () => 1)).rejects.toThrow(/valid tenant/);
    await expect(withTenant(db, '00000000-0000-0000-0000-000000000000', async () => 1)).rejects.toThrow(
      /valid tenant/,
    );
  });
});

describe('pool poisoning', () => {
  let pool: pg.Pool;
  let db: Db;
  let tenants: string[];

  beforeAll(async () => {
    pool = createPool({
      connectionString: appDatabaseUrl(inject('databaseUrl')),
      max: 2,
      applicationName: 'storeloom-rls-poison',
    });
    db = createDb(pool, { prepare: true });
    tenants = [];
    for (let i = 0; i < 20; i++) {
      const s = await createTestStore(platform.deps);
      await createTestCustomer(platform.deps, s.tenant.id);
      tenants.push(s.tenant.id);
    }
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
  });

  it('1,000 interleaved units across 20 tenants on 2 connections never see a foreign row', async () => {
    let foreign = 0;
    let wrongSetting = 0;
    let leakedOutside = 0;
    const outcomes = { ok: 0, thrown: 0, aborted: 0, rolledBackWrite: 0, outside: 0 };
    // Deterministic pseudo-random sequence so a failure can be replayed.
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    class Boom extends Error {}

    const unit = async (i: number) => {
      const tenant = tenants[i % tenants.length]!;
      const kind = Math.floor(rand() * 5);
      const check = async (trx: Parameters<Parameters<typeof withTenant>[2]>[0]) => {
        const setting = await sql<{ v: string }>`select current_setting('app.tenant_id', true) as v`.execute(
          trx,
        );
        if (setting.rows[0]!.v !== tenant) wrongSetting++;
        const rows = await sql<{ tenant_id: string }>`
          select tenant_id from customers union all select tenant_id from memberships
          union all select id as tenant_id from tenants`.execute(trx);
        foreign += rows.rows.filter((r) => r.tenant_id !== tenant).length;
      };
      try {
        if (kind === 4) {
          // A query outside any tenant unit, interleaved with the others.
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from customers`.execute(db);
          leakedOutside += rows[0]!.n;
          outcomes.outside++;
          return;
        }
        await withTenant(db, tenant, async (trx) => {
          await check(trx);
          if (kind === 1) throw new Boom('thrown inside withTenant');
          if (kind === 2) await sql`select 1 / 0`.execute(trx); // aborts the transaction
          if (kind === 3) {
            await sql`insert into customers (tenant_id, email) values (${tenant}, ${`${randomUUID()}@p.test`})`.execute(
              trx,
            );
            throw new Boom('rolled back after a write');
          }
          await check(trx);
        });
        outcomes.ok++;
      } catch (err) {
        if (err instanceof Boom) {
          if (kind === 3) outcomes.rolledBackWrite++;
          else outcomes.thrown++;
        } else if ((err as { code?: string }).code === '22012') outcomes.aborted++;
        else throw err;
      }
    };

    // Up to 16 units in flight against 2 connections: they queue and interleave.
    const total = 1_000;
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < total) await unit(next++);
      }),
    );

    expect(
      outcomes.ok + outcomes.thrown + outcomes.aborted + outcomes.rolledBackWrite + outcomes.outside,
    ).toBe(total);
    for (const n of Object.values(outcomes)) expect(n).toBeGreaterThan(50);
    expect(foreign).toBe(0);
    expect(wrongSetting).toBe(0);
    expect(leakedOutside).toBe(0);

    // Both pooled connections, held at once: no tenant left set on either.
    const c1 = await pool.connect();
    const c2 = await pool.connect();
    try {
      expect(pool.totalCount).toBe(2);
      for (const c of [c1, c2]) {
        const { rows } = await c.query<{ v: string | null }>(
          `select current_setting('app.tenant_id', true) as v`,
        );
        expect(rows[0]!.v ?? '').toBe('');
        const { rows: visible } = await c.query<{ n: number }>('select count(*)::int as n from customers');
        expect(visible[0]!.n).toBe(0);
      }
    } finally {
      c1.release();
      c2.release();
    }
    // The rolled-back writes left nothing behind.
    const { rows } = await owner.query<{ n: number }>(
      `select count(*)::int as n from customers where tenant_id = any($1::uuid[]) and email like '%@p.test'`,
      [tenants],
    );
    expect(rows[0]!.n).toBe(0);
  }, 120_000);
});
