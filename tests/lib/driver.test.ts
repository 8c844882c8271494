/**
 * The Storeloom driver (src/lib/db/driver.ts) against the real PostgreSQL, as
 * the app role: pipelined openings, single-statement transactions, prepared
 * statements whose cached (generic) plans must still obey the CURRENT tenant,
 * and connections whose statements went stale after a schema change.
 */
import { randomUUID } from 'node:crypto';
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
import { evaluateVariantStock } from '../../src/modules/alerts/service.js';
import { createTestCustomer, createTestStore, type TestStore } from '../support/factories.js';
import { type TestPlatform, testPlatform } from '../support/platform.js';
import { insertVariant } from '../workers/fixtures/data.js';

let platform: TestPlatform;
let pool: pg.Pool;
let db: Db;
let a: TestStore;
let b: TestStore;

/** Customers' ids as the app sees them in one tenant transaction. */
const customerTenants = (trx: Parameters<Parameters<typeof withTenant>[2]>[0], tenantId: string) =>
  trx.selectFrom('customers').select(['tenant_id']).where('tenant_id', '=', tenantId).execute();

beforeAll(async () => {
  platform = await testPlatform();
  // One connection, so every call below reuses the same server session and
  // its prepared statements.
  pool = createPool({ connectionString: appDatabaseUrl(inject('databaseUrl')), max: 1 });
  db = createDb(pool, { prepare: true });
  a = await createTestStore(platform.deps);
  b = await createTestStore(platform.deps);
  await createTestCustomer(platform.deps, a.tenant.id);
  await createTestCustomer(platform.deps, b.tenant.id);
}, 60_000);

afterAll(async () => {
  await db?.destroy();
});

describe('prepared statements under row-level security', () => {
  it('a cached plan reused 40 times on one connection always answers for the current tenant', async () => {
    for (let i = 0; i < 40; i++) {
      const s = i % 2 === 0 ? a : b;
      // Asks for the OTHER tenant's rows too: RLS, not the WHERE, must hide them.
      const rows = await withTenant(db, s.tenant.id, (trx) =>
        trx
          .selectFrom('customers')
          .select('tenant_id')
          .where('tenant_id', 'in', [a.tenant.id, b.tenant.id])
          .execute(),
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([s.tenant.id]));
    }
    // The statement really was prepared on the server (not just re-parsed).
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_prepared_statements where name like 'sl%'`.execute(db);
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('ON CONFLICT on a partial unique index keeps working once the plan is generic', async () => {
    const v = await insertVariant(platform.deps, a.tenant.id, { stock: 0, threshold: 1 });
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      outcomes.push(
        await withTenant(db, a.tenant.id, (trx) => evaluateVariantStock(trx, a.tenant.id, v.variantId)),
      );
    }
    expect(outcomes[0]).toBe('opened');
    expect(new Set(outcomes.slice(1))).toEqual(new Set(['still_open']));
  });
});

describe('pipelined openings', () => {
  it('the first statement sees its tenant; the setting dies with the transaction', async () => {
    const seen = await withTenant(db, a.tenant.id, (trx) =>
      sql<{ v: string }>`select current_setting('app.tenant_id', true) as v`.execute(trx),
    );
    expect(seen.rows[0]!.v).toBe(a.tenant.id);
    const after = await sql<{ v: string | null }>`select current_setting('app.tenant_id', true) as v`.execute(
      db,
    );
    expect(after.rows[0]!.v ?? '').toBe('');
  });

  it('a transaction that runs no statement sends nothing and leaves no transaction open', async () => {
    await expect(withTenant(db, a.tenant.id, async () => 42)).resolves.toBe(42);
    const { rows } = await sql<{ open: boolean }>`select now() <> statement_timestamp() as open`.execute(db);
    // now() = statement_timestamp() only outside an explicit transaction.
    expect(rows[0]!.open).toBe(false);
  });

  it('a failing first statement rolls back and leaves the connection usable', async () => {
    await expect(withTenant(db, a.tenant.id, (trx) => sql`select 1 / 0`.execute(trx))).rejects.toThrow(
      /division by zero/,
    );
    const rows = await withTenant(db, a.tenant.id, (trx) => customerTenants(trx, a.tenant.id));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('a new statement that fails to parse fails the same way every time (no stale prepared name)', async () => {
    const bad = () =>
      withTenant(db, a.tenant.id, (trx) =>
        sql`select no_such_column from customers where tenant_id = ${a.tenant.id}`.execute(trx),
      );
    await expect(bad()).rejects.toThrow(/no_such_column/);
    await expect(bad()).rejects.toThrow(/no_such_column/);
    const rows = await withTenant(db, a.tenant.id, (trx) => customerTenants(trx, a.tenant.id));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('platform access opens with the platform role in the same write', async () => {
    const { rows } = await withPlatformAccess(db, (trx) =>
      sql<{ r: string }>`select current_user::text as r`.execute(trx),
    );
    expect(rows[0]!.r).toBe('storeloom_platform');
    const plain = await sql<{ r: string }>`select current_user::text as r`.execute(db);
    expect(plain.rows[0]!.r).toBe('storeloom_app');
  });
});

describe('withTenantStatement', () => {
  it('the statement sees its tenant (the setting lasts across the message group)', async () => {
    const seen = await withTenantStatement(db, b.tenant.id, (trx) =>
      sql<{ v: string }>`select current_setting('app.tenant_id', true) as v`.execute(trx),
    );
    expect(seen.rows[0]!.v).toBe(b.tenant.id);
  });

  it('relaxed durability turns synchronous_commit off for that transaction only', async () => {
    const inside = await withTenantStatement(
      db,
      a.tenant.id,
      (trx) =>
        sql<{ v: string; t: string }>`select current_setting('synchronous_commit') as v,
                 current_setting('app.tenant_id', true) as t`.execute(trx),
      { durability: 'relaxed' },
    );
    expect(inside.rows[0]).toEqual({ v: 'off', t: a.tenant.id });
    const after = await sql<{ v: string }>`select current_setting('synchronous_commit') as v`.execute(db);
    expect(after.rows[0]!.v).toBe('on');
    const durable = await withTenantStatement(db, a.tenant.id, (trx) =>
      sql<{ v: string }>`select current_setting('synchronous_commit') as v`.execute(trx),
    );
    expect(durable.rows[0]!.v).toBe('on');
  });

  it('runs one statement in the tenant and commits it', async () => {
    const email = `${randomUUID()}@example.test`;
    const inserted = await withTenantStatement(db, a.tenant.id, (trx) =>
      trx
        .insertInto('customers')
        .values({ tenant_id: a.tenant.id, email, updated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const back = await withTenant(db, a.tenant.id, (trx) =>
      trx.selectFrom('customers').select('email').where('id', '=', inserted.id).executeTakeFirst(),
    );
    expect(back?.email).toBe(email);
    // The implicit transaction ended with the statement: the session carries no tenant.
    const after = await sql<{ v: string | null }>`select current_setting('app.tenant_id', true) as v`.execute(
      db,
    );
    expect(after.rows[0]!.v ?? '').toBe('');
    // …and nothing of it is visible from the other store.
    const foreign = await withTenantStatement(db, b.tenant.id, (trx) =>
      trx.selectFrom('customers').select('id').where('id', '=', inserted.id).execute(),
    );
    expect(foreign).toEqual([]);
  });

  it('a failing statement writes nothing', async () => {
    const email = `${randomUUID()}@example.test`;
    await expect(
      withTenantStatement(db, a.tenant.id, (trx) =>
        // The second row violates NOT NULL, so the whole statement fails.
        sql`insert into customers (tenant_id, email, updated_at)
            values (${a.tenant.id}, ${email}, now()), (${a.tenant.id}, null, now())`.execute(trx),
      ),
    ).rejects.toThrow(/null value/);
    const rows = await withTenant(db, a.tenant.id, (trx) =>
      trx.selectFrom('customers').select('id').where('email', '=', email).execute(),
    );
    expect(rows).toEqual([]);
  });

  it('a second statement throws instead of running outside the tenant', async () => {
    await expect(
      withTenantStatement(db, a.tenant.id, async (trx) => {
        await customerTenants(trx, a.tenant.id);
        return customerTenants(trx, a.tenant.id);
      }),
    ).rejects.toThrow(/second statement/);
    // The connection is clean afterwards.
    const rows = await withTenant(db, b.tenant.id, (trx) => customerTenants(trx, b.tenant.id));
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([b.tenant.id]));
  });
});

describe('stale prepared statements', () => {
  const schema = `driver_probe_${randomUUID().slice(0, 8)}`;
  let owner: pg.Client;

  beforeAll(async () => {
    owner = new pg.Client({ connectionString: inject('databaseUrl') });
    await owner.connect();
    await owner.query(`create schema ${schema}`);
    await owner.query(`create table ${schema}.probe (id int primary key, v int not null)`);
    await owner.query(`insert into ${schema}.probe values (1, 7)`);
    await owner.query(`grant usage on schema ${schema} to storeloom_app`);
    await owner.query(`grant select on ${schema}.probe to storeloom_app`);
  });

  afterAll(async () => {
    await owner.query(`drop schema if exists ${schema} cascade`);
    await owner.end();
  });

  it('a result type changed by a migration: statements that start a transaction are re-run under a new name', async () => {
    const read = () =>
      sql<{ v: unknown }>`select * from ${sql.raw(`${schema}.probe`)} where id = ${1}`.execute(db);
    const readInTenant = () =>
      withTenant(db, a.tenant.id, (trx) =>
        sql<{ v: unknown }>`select * from ${sql.raw(`${schema}.probe`)} where id = ${1}`.execute(trx),
      );
    const readSingle = () =>
      withTenantStatement(db, a.tenant.id, (trx) =>
        sql<{ v: unknown }>`select * from ${sql.raw(`${schema}.probe`)} where id = ${1}`.execute(trx),
      );
    // Each form prepares its statement on the (single) connection.
    expect((await read()).rows[0]!.v).toBe(7);
    expect((await readInTenant()).rows[0]!.v).toBe(7);
    expect((await readSingle()).rows[0]!.v).toBe(7);
    await owner.query(`alter table ${schema}.probe alter column v type text using v::text`);
    // Outside a transaction, and as a transaction's first statement: no failure at all.
    expect((await read()).rows[0]!.v).toBe('7');
    await owner.query(`alter table ${schema}.probe alter column v type int using v::int`);
    expect((await readInTenant()).rows[0]!.v).toBe(7);
    await owner.query(`alter table ${schema}.probe alter column v type text using v::text`);
    expect((await readSingle()).rows[0]!.v).toBe('7');
  });

  it('after a statement went stale mid-transaction, that transaction fails once and the next one works', async () => {
    const inTx = () =>
      withTenant(db, a.tenant.id, async (trx) => {
        await customerTenants(trx, a.tenant.id);
        return sql<{
          v: unknown;
        }>`select v, * from ${sql.raw(`${schema}.probe`)} where id = ${2 - 1}`.execute(trx);
      });
    expect((await inTx()).rows[0]!.v).toBe('7');
    await owner.query(`alter table ${schema}.probe alter column v type int using v::int`);
    await expect(inTx()).rejects.toThrow(/cached plan must not change result type/);
    expect((await inTx()).rows[0]!.v).toBe(7);
  });
});

describe('asFinalStatement', () => {
  const email = () => `${randomUUID()}@example.test`;
  const insert = (trx: Parameters<Parameters<typeof withTenant>[2]>[0], tenantId: string, e: string) =>
    trx
      .insertInto('customers')
      .values({ tenant_id: tenantId, email: e, updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
  const exists = (tenantId: string, e: string) =>
    withTenant(db, tenantId, (trx) =>
      trx.selectFrom('customers').select('id').where('email', '=', e).executeTakeFirst(),
    );

  it('commits the transaction with its last statement; nothing may follow it', async () => {
    const [e1, e2] = [email(), email()];
    await withTenant(db, a.tenant.id, async (trx) => {
      await insert(trx, a.tenant.id, e1);
      await asFinalStatement(() => insert(trx, a.tenant.id, e2));
    });
    expect(await exists(a.tenant.id, e1)).toBeTruthy();
    expect(await exists(a.tenant.id, e2)).toBeTruthy();
    await expect(
      withTenant(db, a.tenant.id, async (trx) => {
        await insert(trx, a.tenant.id, email());
        await asFinalStatement(() => insert(trx, a.tenant.id, email()));
        return insert(trx, a.tenant.id, email());
      }),
    ).rejects.toThrow(/second statement/);
  });

  it('a failing last statement rolls back everything before it', async () => {
    const e1 = email();
    await expect(
      withTenant(db, a.tenant.id, async (trx) => {
        await insert(trx, a.tenant.id, e1);
        await asFinalStatement(() => sql`select 1 / 0`.execute(trx));
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await exists(a.tenant.id, e1)).toBeUndefined();
    // The connection is clean for the next transaction.
    const rows = await withTenant(db, b.tenant.id, (trx) => customerTenants(trx, b.tenant.id));
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([b.tenant.id]));
  });

  it('as the first statement too it runs in the tenant and commits', async () => {
    const e1 = email();
    await withTenant(db, b.tenant.id, (trx) => asFinalStatement(() => insert(trx, b.tenant.id, e1)));
    expect(await exists(b.tenant.id, e1)).toBeTruthy();
    expect(await exists(a.tenant.id, e1)).toBeUndefined();
  });
});

describe('pipelinedStatements', () => {
  it('runs the statements in order in the tenant: the second sees what the first wrote', async () => {
    const email = `${randomUUID()}@example.test`;
    const [inserted, seen, setting] = await withTenant(db, a.tenant.id, (trx) =>
      pipelinedStatements(trx, [
        sql`insert into customers (tenant_id, email, updated_at) values (${a.tenant.id}, ${email}, now()) returning email`.compile(
          trx,
        ),
        sql`select count(*)::int as n from customers where email = ${email}`.compile(trx),
        sql`select current_setting('app.tenant_id', true) as v`.compile(trx),
      ]),
    );
    expect(inserted).toEqual([{ email }]);
    expect(seen).toEqual([{ n: 1 }]);
    expect(setting).toEqual([{ v: a.tenant.id }]);
  });

  it('is the one statement of a single-statement transaction: every statement in the tenant, then committed', async () => {
    const email = `${randomUUID()}@example.test`;
    const [inserted, setting] = await withTenantStatement(db, a.tenant.id, (trx) =>
      pipelinedStatements(trx, [
        sql`insert into customers (tenant_id, email, updated_at) values (${a.tenant.id}, ${email}, now()) returning email`.compile(
          trx,
        ),
        sql`select current_setting('app.tenant_id', true) as v`.compile(trx),
      ]),
    );
    expect(inserted).toEqual([{ email }]);
    expect(setting).toEqual([{ v: a.tenant.id }]);
    // Committed: another transaction sees the row; the connection carries no tenant afterwards.
    const rows = await withTenant(db, a.tenant.id, (trx) =>
      trx.selectFrom('customers').select('id').where('email', '=', email).execute(),
    );
    expect(rows).toHaveLength(1);
    const { rows: after } = await sql<{
      v: string | null;
    }>`select current_setting('app.tenant_id', true) as v`.execute(db);
    expect(after[0]?.v ?? '').toBe('');
    // A second statement after the batch would run after the commit: refused.
    await expect(
      withTenantStatement(db, a.tenant.id, async (trx) => {
        await pipelinedStatements(trx, [sql`select 1`.compile(trx), sql`select 2`.compile(trx)]);
        return sql`select 3`.execute(trx);
      }),
    ).rejects.toThrow(/second statement/);
  });

  it('in a single-statement transaction a failing statement rolls the whole batch back', async () => {
    const email = `${randomUUID()}@example.test`;
    await expect(
      withTenantStatement(db, a.tenant.id, (trx) =>
        pipelinedStatements(trx, [
          sql`insert into customers (tenant_id, email, updated_at) values (${a.tenant.id}, ${email}, now())`.compile(
            trx,
          ),
          sql`select 1 / 0`.compile(trx),
        ]),
      ),
    ).rejects.toThrow(/division by zero/);
    const rows = await withTenant(db, a.tenant.id, (trx) =>
      trx.selectFrom('customers').select('id').where('email', '=', email).execute(),
    );
    expect(rows).toEqual([]);
  });

  it('a failing statement fails the batch and the transaction', async () => {
    const email = `${randomUUID()}@example.test`;
    await expect(
      withTenant(db, a.tenant.id, (trx) =>
        pipelinedStatements(trx, [
          sql`insert into customers (tenant_id, email, updated_at) values (${a.tenant.id}, ${email}, now())`.compile(
            trx,
          ),
          sql`select 1 / 0`.compile(trx),
          sql`select 1`.compile(trx),
        ]),
      ),
    ).rejects.toThrow(/division by zero/);
    const rows = await withTenant(db, a.tenant.id, (trx) =>
      trx.selectFrom('customers').select('id').where('email', '=', email).execute(),
    );
    expect(rows).toEqual([]);
  });
});
