/**
 * The scale seed's bulk tables without their indexes and keys while the rows
 * go in, and with all of them again afterwards (bench/scale-seed.ts).
 *
 * A B-tree or GIN index built once over a million sorted rows costs a
 * fraction of the same index maintained row by row, and the foreign keys are
 * then checked in one join per key instead of one lookup per row. Nothing is
 * taken on trust: every primary key and unique constraint is built again from
 * its own definition (so a duplicate the seed wrote would fail it), and every
 * foreign key is added NOT VALID and then VALIDATEd over all the rows.
 */
import type pg from 'pg';

/** The tables the seed fills by the million. */
export const BULK_TABLES = ['products', 'variants', 'inventory_adjustments', 'orders', 'order_lines'];

interface Deferred {
  table: string;
  name: string;
  /** Statement that creates it again. */
  create: string;
}

export interface DeferredSchema {
  /** Primary keys, unique constraints and plain indexes, per bulk table. */
  indexes: Map<string, Deferred[]>;
  /** Foreign keys from or to a bulk table. */
  foreignKeys: Deferred[];
}

/** Drops the bulk tables' indexes, keys and the foreign keys that touch them; returns how to restore them. */
export async function deferSchema(client: pg.ClientBase): Promise<DeferredSchema> {
  const { rows: keys } = await client.query<{ tbl: string; name: string; type: string; def: string }>(
    `select c.conrelid::regclass::text as tbl, c.conname as name, c.contype as type,
            pg_get_constraintdef(c.oid) as def
       from pg_constraint c
      where c.contype in ('p', 'u', 'f')
        and (c.conrelid = any($1::text[]::regclass[])
             or (c.contype = 'f' and c.confrelid = any($1::text[]::regclass[])))
      order by 1, 2`,
    [BULK_TABLES],
  );
  const { rows: plain } = await client.query<{ tbl: string; name: string; def: string }>(
    `select i.indrelid::regclass::text as tbl, i.indexrelid::regclass::text as name,
            pg_get_indexdef(i.indexrelid) as def
       from pg_index i
      where i.indrelid = any($1::text[]::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      order by 1, 2`,
    [BULK_TABLES],
  );
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const foreignKeys = keys
    .filter((k) => k.type === 'f')
    .map((k) => ({
      table: k.tbl,
      name: k.name,
      create: `alter table ${k.tbl} add constraint ${quote(k.name)} ${k.def}`,
    }));
  const indexes = new Map<string, Deferred[]>(BULK_TABLES.map((t) => [t, []]));
  for (const k of keys.filter((x) => x.type !== 'f')) {
    indexes.get(k.tbl)!.push({
      table: k.tbl,
      name: k.name,
      create: `alter table ${k.tbl} add constraint ${quote(k.name)} ${k.def}`,
    });
  }
  for (const i of plain) indexes.get(i.tbl)!.push({ table: i.tbl, name: i.name, create: i.def });
  await client.query('begin');
  for (const fk of foreignKeys)
    await client.query(`alter table ${fk.table} drop constraint ${quote(fk.name)}`);
  for (const i of plain) await client.query(`drop index ${i.name}`);
  for (const k of keys.filter((x) => x.type !== 'f')) {
    await client.query(`alter table ${k.tbl} drop constraint ${quote(k.name)}`);
  }
  await client.query('commit');
  return { indexes, foreignKeys };
}

/**
 * Builds the indexes and keys again and validates the foreign keys, over the
 * given connections in parallel: one table's indexes at a time per
 * connection (largest table first), then the foreign keys added NOT VALID
 * on one connection and validated over all of them.
 */
export async function restoreSchema(clients: pg.ClientBase[], schema: DeferredSchema): Promise<void> {
  const { rows } = await clients[0]!.query<{ tbl: string }>(
    `select c.oid::regclass::text as tbl from pg_class c
      where c.oid = any($1::text[]::regclass[]) order by pg_relation_size(c.oid) desc`,
    [BULK_TABLES],
  );
  // Products first even though orders may be as large: its GIN indexes are the longest builds.
  const tables = rows.map((r) => r.tbl).sort((a, b) => Number(b === 'products') - Number(a === 'products'));
  await drain(clients, tables, async (client, table) => {
    for (const d of schema.indexes.get(table) ?? []) await client.query(d.create);
  });
  await clients[0]!.query('begin');
  for (const fk of schema.foreignKeys) await clients[0]!.query(`${fk.create} not valid`);
  await clients[0]!.query('commit');
  await drain(clients, schema.foreignKeys, async (client, fk) => {
    await client.query(`alter table ${fk.table} validate constraint "${fk.name.replaceAll('"', '""')}"`);
  });
}

/** Runs `work` over `items`, each connection taking the next item when it is free. */
export async function drain<T>(
  clients: pg.ClientBase[],
  items: readonly T[],
  work: (client: pg.ClientBase, item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: unknown;
  await Promise.all(
    clients.map(async (client) => {
      while (failed === undefined && next < items.length) {
        const item = items[next++]!;
        try {
          await work(client, item);
        } catch (err) {
          failed ??= err;
        }
      }
    }),
  );
  if (failed !== undefined) throw failed;
}
