/**
 * Catalog walks shared by the schema-rules and RLS tests: which tables are
 * tenant-owned (schema public, a `tenant_id` column) and whether each follows
 * the rules that keep tenant isolation forced and the Citus path open.
 *
 * The rules (a violation is one readable line naming table and rule):
 *  - RLS enabled AND forced;
 *  - a permissive `tenant_isolation` policy for storeloom_app whose USING and
 *    WITH CHECK read `app.tenant_id`, and a `platform_access` policy for
 *    storeloom_platform; no other permissive policy reaches storeloom_app or PUBLIC;
 *  - a primary key whose FIRST column is tenant_id;
 *  - tenant_id in every unique constraint and unique index (one exception:
 *    custom_domains_domain_key, the global host → store routing index);
 *  - tenant_id in every foreign key between tenant tables, on both sides and
 *    paired (tenant_id → tenant_id); a foreign key from a tenant table to a
 *    platform table without tenant_id (tenants, users: Citus reference tables)
 *    is allowed, one from a platform table INTO a tenant table is not.
 */
import type pg from 'pg';

export const UNIQUE_WITHOUT_TENANT_ALLOWED = new Set(['custom_domains_domain_key']);

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Every tenant-owned table (ordinary or partitioned) in schema public, by name. */
export async function tenantTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(`
    select c.relname as name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     order by 1`);
  return rows.map((r) => r.name);
}

export async function schemaViolations(db: Queryable): Promise<string[]> {
  const out: string[] = [];
  const tables = new Set(await tenantTables(db));

  // RLS enabled and forced.
  const rls = await db.query<{ name: string; enabled: boolean; forced: boolean }>(
    `
    select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relname = any($1)`,
    [[...tables]],
  );
  for (const r of rls.rows) {
    if (!r.enabled) out.push(`${r.name}: row level security is not enabled`);
    if (!r.forced) out.push(`${r.name}: row level security is not FORCED`);
  }

  // Policies.
  const pol = await db.query<{
    tbl: string;
    name: string;
    permissive: boolean;
    cmd: string;
    roles: string[];
    qual: string | null;
    check: string | null;
  }>(
    `
    select c.relname as tbl, p.polname as name, p.polpermissive as permissive, p.polcmd as cmd,
           array(select case when r = 0 then 'public' else pg_get_userbyid(r) end
                   from unnest(p.polroles) r)::text[] as roles,
           pg_get_expr(p.polqual, p.polrelid) as qual,
           pg_get_expr(p.polwithcheck, p.polrelid) as check
      from pg_policy p
      join pg_class c on c.oid = p.polrelid
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relname = any($1)`,
    [[...tables]],
  );
  for (const t of tables) {
    const policies = pol.rows.filter((p) => p.tbl === t);
    const iso = policies.find((p) => p.name === 'tenant_isolation');
    const readsTenant = (expr: string | null) =>
      !!expr && expr.includes("current_setting('app.tenant_id'") && expr.includes('tenant_id');
    if (!iso) out.push(`${t}: no tenant_isolation policy`);
    else {
      if (!iso.permissive || iso.cmd !== '*') out.push(`${t}: tenant_isolation must be permissive FOR ALL`);
      if (iso.roles.length !== 1 || iso.roles[0] !== 'storeloom_app')
        out.push(`${t}: tenant_isolation must apply to storeloom_app only (has ${iso.roles.join(',')})`);
      if (!readsTenant(iso.qual))
        out.push(`${t}: tenant_isolation USING does not compare tenant_id to app.tenant_id`);
      if (!readsTenant(iso.check))
        out.push(`${t}: tenant_isolation WITH CHECK does not compare tenant_id to app.tenant_id`);
    }
    const plat = policies.find((p) => p.name === 'platform_access');
    if (!plat) out.push(`${t}: no platform_access policy`);
    else if (!plat.roles.includes('storeloom_platform'))
      out.push(`${t}: platform_access must apply to storeloom_platform`);
    for (const p of policies) {
      if (p.name === 'tenant_isolation' || !p.permissive) continue;
      if (p.roles.includes('storeloom_app') || p.roles.includes('public'))
        out.push(
          `${t}: extra permissive policy ${p.name} reaches ${p.roles.join(',')} and widens tenant_isolation`,
        );
    }
  }

  // Primary key led by tenant_id.
  const pk = await db.query<{ tbl: string; cols: string[] | null }>(
    `
    select c.relname as tbl,
           (select array_agg(a.attname::text order by k.ord)
              from unnest(con.conkey) with ordinality k(attnum, ord)
              join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum) as cols
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_constraint con on con.conrelid = c.oid and con.contype = 'p'
     where n.nspname = 'public' and c.relname = any($1)`,
    [[...tables]],
  );
  for (const r of pk.rows) {
    if (!r.cols) out.push(`${r.tbl}: no primary key`);
    else if (r.cols[0] !== 'tenant_id')
      out.push(`${r.tbl}: primary key (${r.cols.join(', ')}) does not start with tenant_id`);
  }

  // Unique constraints and unique indexes (a unique constraint is backed by a
  // unique index of the same name, so walking indexes covers both; expression
  // indexes are checked through their column list, attnum 0 = expression).
  const uq = await db.query<{ tbl: string; idx: string; cols: string[]; primary: boolean }>(
    `
    select c.relname as tbl, ic.relname as idx, i.indisprimary as primary,
           array(select coalesce(a.attname::text, '(expression)')
                   from unnest(i.indkey::int2[]) k(attnum)
                   left join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum)::text[] as cols
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_class ic on ic.oid = i.indexrelid
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relname = any($1) and i.indisunique`,
    [[...tables]],
  );
  for (const r of uq.rows) {
    if (r.primary || UNIQUE_WITHOUT_TENANT_ALLOWED.has(r.idx)) continue;
    if (!r.cols.includes('tenant_id'))
      out.push(`${r.tbl}: unique index/constraint ${r.idx} (${r.cols.join(', ')}) lacks tenant_id`);
  }

  // Foreign keys touching a tenant table on either side.
  const fk = await db.query<{
    name: string;
    src: string;
    dst: string;
    pairs: { from: string; to: string }[];
  }>(
    `
    select con.conname as name, s.relname as src, d.relname as dst,
           (select json_agg(json_build_object('from', sa.attname, 'to', da.attname) order by k.ord)
              from unnest(con.conkey, con.confkey) with ordinality k(sk, dk, ord)
              join pg_attribute sa on sa.attrelid = con.conrelid and sa.attnum = k.sk
              join pg_attribute da on da.attrelid = con.confrelid and da.attnum = k.dk) as pairs
      from pg_constraint con
      join pg_class s on s.oid = con.conrelid
      join pg_class d on d.oid = con.confrelid
      join pg_namespace n on n.oid = s.relnamespace
     where con.contype = 'f' and n.nspname = 'public'
       and (s.relname = any($1) or d.relname = any($1))`,
    [[...tables]],
  );
  for (const r of fk.rows) {
    const srcTenant = tables.has(r.src);
    const dstTenant = tables.has(r.dst);
    const desc = `${r.src}.${r.name} (${r.pairs.map((p) => p.from).join(', ')}) → ${r.dst} (${r.pairs.map((p) => p.to).join(', ')})`;
    if (!srcTenant && dstTenant) {
      out.push(`${desc}: a platform table must not reference a tenant table`);
    } else if (srcTenant && dstTenant) {
      if (!r.pairs.some((p) => p.from === 'tenant_id' && p.to === 'tenant_id'))
        out.push(`${desc}: foreign key between tenant tables must pair tenant_id → tenant_id`);
      else if (r.pairs.some((p) => (p.from === 'tenant_id') !== (p.to === 'tenant_id')))
        out.push(`${desc}: tenant_id paired with another column`);
    }
    // srcTenant && !dstTenant: reference to a platform table (tenants, users) — allowed.
  }

  return out.sort();
}

export interface AppRoleFacts {
  rolsuper: boolean;
  rolbypassrls: boolean;
  rolinherit: boolean;
  ownedRelations: string[];
  ownedFunctions: string[];
  ownedSchemas: string[];
  ownedTypes: string[];
}

export async function appRoleFacts(db: Queryable): Promise<AppRoleFacts | undefined> {
  const role = await db.query<{ rolsuper: boolean; rolbypassrls: boolean; rolinherit: boolean }>(
    `select rolsuper, rolbypassrls, rolinherit from pg_roles where rolname = 'storeloom_app'`,
  );
  if (!role.rows[0]) return undefined;
  const list = async (q: string) => (await db.query<{ n: string }>(q)).rows.map((r) => r.n);
  const owner = `(select oid from pg_roles where rolname = 'storeloom_app')`;
  return {
    ...role.rows[0],
    ownedRelations: await list(`select relname::text as n from pg_class where relowner = ${owner}`),
    ownedFunctions: await list(`select proname::text as n from pg_proc where proowner = ${owner}`),
    ownedSchemas: await list(`select nspname::text as n from pg_namespace where nspowner = ${owner}`),
    ownedTypes: await list(`select typname::text as n from pg_type where typowner = ${owner}`),
  };
}
