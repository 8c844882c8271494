/**
 * The Citus layout of the current schema, read from the database's catalog:
 * every tenant table (a `tenant_id` column, every unique constraint
 * including it) becomes a distributed table on tenant_id, all co-located;
 * every other table becomes a reference table (copied to every node); the
 * migration bookkeeping stays on the coordinator. Distributed tables come
 * in foreign-key order (a table after the tables it references), after all
 * reference tables. A tenant table that cannot be distributed is named with
 * the constraint that stops it.
 */
import type pg from 'pg';

type Queryable = Pick<pg.ClientBase, 'query'>;

export interface CitusPlan {
  reference: { table: string; reason?: string }[];
  distributed: string[];
  local: string[];
  sql: string;
}

const LOCAL = new Set(['kysely_migration', 'kysely_migration_lock']);

export async function citusPlan(db: Queryable): Promise<CitusPlan> {
  const tables = await db.query<{ name: string; tenant: boolean }>(`
    select c.relname as name,
           exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) as tenant
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
     order by 1`);
  const blockers = await db.query<{ tbl: string; con: string }>(`
    select c.relname as tbl, i.relname as con
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class c on c.oid = x.indrelid
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and x.indisunique
       and not exists (select 1 from pg_attribute a
                        where a.attrelid = c.oid and a.attname = 'tenant_id' and a.attnum = any(x.indkey))`);
  const fks = await db.query<{ child: string; parent: string }>(`
    select distinct c.relname as child, p.relname as parent
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_class p on p.oid = k.confrelid
      join pg_namespace n on n.oid = c.relnamespace
     where k.contype = 'f' and n.nspname = 'public' and c.relname <> p.relname`);

  const reference: CitusPlan['reference'] = [];
  const distributedSet = new Set<string>();
  const local: string[] = [];
  for (const t of tables.rows) {
    if (LOCAL.has(t.name)) local.push(t.name);
    else if (!t.tenant) reference.push({ table: t.name });
    else {
      const b = blockers.rows.find((r) => r.tbl === t.name);
      if (b) reference.push({ table: t.name, reason: `unique index ${b.con} does not include tenant_id` });
      else distributedSet.add(t.name);
    }
  }
  const distributed = fkOrder(
    [...distributedSet],
    fks.rows.filter((f) => distributedSet.has(f.child) && distributedSet.has(f.parent)),
  );
  return { reference, distributed, local, sql: render(reference, distributed, local) };
}

/** Tables ordered so each comes after the distributed tables it references (ties by name). */
function fkOrder(tables: string[], edges: { child: string; parent: string }[]): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (done.has(t) || path.has(t)) return;
    path.add(t);
    for (const e of edges.filter((x) => x.child === t).sort((a, b) => a.parent.localeCompare(b.parent)))
      visit(e.parent, path);
    done.add(t);
    out.push(t);
  };
  for (const t of [...tables].sort()) visit(t, new Set());
  return out;
}

function render(reference: CitusPlan['reference'], distributed: string[], local: string[]): string {
  const lines = [
    '-- Citus layout of this schema (npm run citus:plan). Run on the coordinator after migrations.',
  ];
  lines.push('-- Reference tables: platform-wide rows every node joins against.');
  for (const r of reference)
    lines.push(
      `select create_reference_table('${r.table}');${r.reason ? ` -- tenant table kept whole: ${r.reason}` : ''}`,
    );
  lines.push('-- Distributed tables: sharded by tenant_id, all co-located (one store lives on one node).');
  const [first, ...rest] = distributed;
  if (first) lines.push(`select create_distributed_table('${first}', 'tenant_id');`);
  for (const t of rest)
    lines.push(`select create_distributed_table('${t}', 'tenant_id', colocate_with => '${first}');`);
  if (local.length) lines.push(`-- Stay on the coordinator: ${local.join(', ')} (migration bookkeeping).`);
  return `${lines.join('\n')}\n`;
}
