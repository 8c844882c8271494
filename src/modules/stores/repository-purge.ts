/**
 * !!! DANGER — removes a whole store !!!
 * The purge of a closed store: every row with the store's tenant_id in every
 * table that has a tenant_id column, then the store's `tenants` row. A
 * composed statement over every module's tables, kept in this ONE flagged
 * place (like repository-export.ts). It runs on the platform door (the app
 * role may not delete audit rows), so the `where tenant_id = $1` below is
 * the only thing that scopes it: never build these statements any other way.
 *
 * The table list is read from the schema each time (not written down here),
 * ordered so a table is emptied before any table it references — so a table
 * added by a later migration is purged without anyone remembering to.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

/** Every table in the schema with a tenant_id column, children before parents (FK order). */
export async function listTenantTablesInDeleteOrder(trx: Trx): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    select c.relname as name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = current_schema() and c.relkind in ('r', 'p')
     order by c.relname`.execute(trx);
  const edges = await sql<{ child: string; parent: string }>`
    select ch.relname as child, pa.relname as parent
      from pg_constraint k
      join pg_class ch on ch.oid = k.conrelid
      join pg_class pa on pa.oid = k.confrelid
      join pg_namespace n on n.oid = ch.relnamespace
     where k.contype = 'f' and n.nspname = current_schema() and ch.oid <> pa.oid`.execute(trx);
  return deleteOrder(
    tables.rows.map((r) => r.name),
    edges.rows,
  );
}

/**
 * Children first: a table comes before every table it references. A cycle
 * (none today) is an error, not a guess: the purge must then be taught it.
 */
export function deleteOrder(tables: string[], edges: { child: string; parent: string }[]): string[] {
  const set = new Set(tables);
  /** parent → children still to be emptied before it. */
  const waiting = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const e of edges) if (set.has(e.child) && set.has(e.parent)) waiting.get(e.parent)?.add(e.child);
  const out: string[] = [];
  while (out.length < tables.length) {
    const ready = tables.filter((t) => !out.includes(t) && (waiting.get(t)?.size ?? 0) === 0);
    if (ready.length === 0)
      throw new Error(`Foreign-key cycle among ${tables.filter((t) => !out.includes(t)).join(', ')}`);
    for (const t of ready) {
      out.push(t);
      for (const children of waiting.values()) children.delete(t);
    }
  }
  return out;
}

/** Deletes the store's rows of one table; how many went. */
export async function deleteTenantRows(trx: Trx, table: string, tenantId: string): Promise<number> {
  const r = await sql`delete from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** How many rows of the store a table still holds (tests and the purge's own check). */
export async function countTenantRows(trx: Trx, table: string, tenantId: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(trx);
  return r.rows[0]?.n ?? 0;
}

/** The store's registry row, last (frees its handle); false when it was already gone. */
export async function deleteTenantRow(trx: Trx, tenantId: string): Promise<boolean> {
  const r = await sql`delete from tenants where id = ${tenantId}`.execute(trx);
  return Number(r.numAffectedRows ?? 0) > 0;
}
