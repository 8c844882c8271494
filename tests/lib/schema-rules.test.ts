/**
 * Schema rules, checked on the migrated test database's catalog so that no
 * table — including ones added later — can forget tenant isolation or close
 * the path to distributing by tenant_id (see ./catalog.ts for the rules).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { citusPlan } from '../../scripts/citus-plan-lib.js';
import { appRoleFacts, schemaViolations, tenantTables } from './catalog.js';

let owner: pg.Client;

beforeAll(async () => {
  owner = new pg.Client({ connectionString: inject('databaseUrl') });
  await owner.connect();
});
afterAll(async () => {
  await owner.end();
});

describe('tenant tables', () => {
  it('finds the core tenant tables', async () => {
    const tables = await tenantTables(owner);
    for (const t of ['memberships', 'outbox', 'audit_log', 'products', 'variants', 'orders', 'order_lines'])
      expect(tables).toContain(t);
  });

  it('every table with tenant_id follows the isolation and key rules', async () => {
    expect(await schemaViolations(owner)).toEqual([]);
  });

  it('the checker catches each kind of violation (proved on throwaway tables)', async () => {
    await owner.query('begin');
    try {
      await owner.query(`
        create table zz_no_rls (tenant_id uuid not null, id int not null, primary key (tenant_id, id));
        create table zz_not_forced (tenant_id uuid not null, id int not null, primary key (tenant_id, id));
        alter table zz_not_forced enable row level security;
        create table zz_pk_order (tenant_id uuid not null, id int not null, code text not null,
          primary key (id, tenant_id), unique (code));
        select storeloom_protect('zz_pk_order');
        create unique index zz_pk_order_code_idx on zz_pk_order (lower(code));
        create table zz_no_pk (tenant_id uuid not null, id int not null);
        select storeloom_protect('zz_no_pk');
        create table zz_parent (tenant_id uuid not null, id int not null, primary key (tenant_id, id), unique (id));
        select storeloom_protect('zz_parent');
        create table zz_child (tenant_id uuid not null, id int not null, parent_id int,
          primary key (tenant_id, id), foreign key (parent_id) references zz_parent (id));
        select storeloom_protect('zz_child');
        create table zz_platform (id int primary key, tenant_ref uuid, parent_id int,
          foreign key (tenant_ref, parent_id) references zz_parent (tenant_id, id));
        create table zz_wide (tenant_id uuid not null, id int not null, primary key (tenant_id, id));
        select storeloom_protect('zz_wide');
        create policy zz_everything on zz_wide for select to storeloom_app using (true);
      `);
      const v = (await schemaViolations(owner)).filter((l) => l.startsWith('zz_'));
      const has = (re: RegExp) =>
        expect(
          v.some((l) => re.test(l)),
          `${re} in\n${v.join('\n')}`,
        ).toBe(true);
      has(/^zz_no_rls: row level security is not enabled/);
      has(/^zz_no_rls: no tenant_isolation policy/);
      has(/^zz_no_rls: no platform_access policy/);
      has(/^zz_not_forced: row level security is not FORCED/);
      has(/^zz_pk_order: primary key \(id, tenant_id\) does not start with tenant_id/);
      has(/^zz_pk_order: unique index\/constraint zz_pk_order_code_key \(code\) lacks tenant_id/);
      has(/^zz_pk_order: unique index\/constraint zz_pk_order_code_idx \(\(expression\)\) lacks tenant_id/);
      has(/^zz_no_pk: no primary key/);
      has(/^zz_parent: unique index\/constraint zz_parent_id_key/);
      has(/^zz_child\.zz_child_parent_id_fkey .*must pair tenant_id/);
      has(/^zz_platform\.zz_platform_tenant_ref_parent_id_fkey .*must not reference a tenant table/);
      has(/^zz_wide: extra permissive policy zz_everything/);
    } finally {
      await owner.query('rollback');
    }
  });
});

describe('the app role', () => {
  it('is NOSUPERUSER, NOBYPASSRLS, NOINHERIT and owns nothing', async () => {
    const facts = await appRoleFacts(owner);
    expect(facts).toEqual({
      rolsuper: false,
      rolbypassrls: false,
      rolinherit: false,
      ownedRelations: [],
      ownedFunctions: [],
      ownedSchemas: [],
      ownedTypes: [],
    });
  });

  it('can only reach tenant rows through the policies (no table-level grants beyond DML)', async () => {
    const { rows } = await owner.query<{ tbl: string; priv: string }>(`
      select table_name as tbl, privilege_type as priv
        from information_schema.role_table_grants
       where grantee = 'storeloom_app' and table_schema = 'public'
         and privilege_type not in ('SELECT', 'INSERT', 'UPDATE', 'DELETE')`);
    expect(rows).toEqual([]);
  });
});

describe('the Citus path', () => {
  it('distributes every tenant table but the routing lookup, each after the tables it references', async () => {
    const plan = await citusPlan(owner);
    const tenant = await tenantTables(owner);
    expect(plan.reference.filter((r) => r.reason).map((r) => r.table)).toEqual(['custom_domains']);
    expect([...plan.distributed].sort()).toEqual(tenant.filter((t) => t !== 'custom_domains'));
    for (const t of ['tenants', 'users', 'plans']) expect(plan.reference.map((r) => r.table)).toContain(t);
    const fks = await owner.query<{ child: string; parent: string }>(`
      select c.relname as child, p.relname as parent from pg_constraint k
        join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
       where k.contype = 'f' and c.relname <> p.relname`);
    const at = (t: string) => plan.distributed.indexOf(t);
    for (const { child, parent } of fks.rows)
      if (at(child) >= 0 && at(parent) >= 0)
        expect(at(parent), `${parent} before ${child}`).toBeLessThan(at(child));
    expect(plan.sql).toContain(`select create_distributed_table('${plan.distributed[0]}', 'tenant_id');`);
  });
});
