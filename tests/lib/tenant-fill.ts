/**
 * Generic row filler for the RLS test: puts one row for a tenant into any
 * tenant table, whatever its columns, so tables added by later migrations are
 * covered without this file knowing them.
 *
 * Runs as the OWNER (a superuser connection) with session_replication_role =
 * replica, which skips foreign-key triggers: rows may reference parents that do
 * not exist, which is irrelevant to what the RLS test proves. NOT NULL columns
 * without a default get a value by type; a CHECK violation is retried with the
 * literals of the failing constraint and other numbers.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';

interface Column {
  name: string;
  type: string;
  category: string;
  notNull: boolean;
  hasDefault: boolean;
  identity: string;
  generated: string;
  enumLabels: string[] | null;
  charLength: number | null;
}

async function columnsOf(owner: pg.ClientBase, table: string): Promise<Column[]> {
  const { rows } = await owner.query<Column>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
            coalesce(bt.typcategory, t.typcategory) as category,
            a.attnotnull as "notNull", a.atthasdef as "hasDefault",
            a.attidentity as identity, a.attgenerated as generated,
            (select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e
              where e.enumtypid = coalesce(bt.oid, t.oid)) as "enumLabels",
            case when coalesce(bt.typname, t.typname) = 'bpchar' then a.atttypmod - 4 end as "charLength"
       from pg_attribute a
       join pg_type t on t.oid = a.atttypid
       left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
      where a.attrelid = ('public.' || quote_ident($1))::regclass and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [table],
  );
  return rows;
}

const hex = (n: number) => randomBytes(n).toString('hex');

function valueFor(col: Column, attempt: number): unknown {
  if (col.enumLabels?.length) return col.enumLabels[0];
  if (col.category === 'S') {
    // Names that usually carry a format check.
    if (/url|uri|endpoint/.test(col.name)) return `https://example.test/${hex(4)}`;
    if (/email/.test(col.name)) return `x${hex(4)}@example.test`;
    if (/currency/.test(col.name)) return 'USD';
    if (/country/.test(col.name)) return 'US';
  }
  if (col.type === 'uuid') return randomUUID();
  if (col.type === 'jsonb' || col.type === 'json') return '{}';
  if (col.type === 'tsvector') return '';
  if (col.type === 'inet' || col.type === 'cidr') return '127.0.0.1';
  if (col.type === 'bytea') return '\\x00';
  if (col.type === 'interval') return '1 day';
  if (col.type === 'citext' && attempt > 0) return `x${hex(4)}@example.test`;
  switch (col.category) {
    case 'A':
      return '{}';
    case 'B':
      return false;
    case 'D':
      return new Date(Date.now() + attempt * 3_600_000).toISOString();
    case 'N':
      return [1, 0, 2, 100, 10, 5000][attempt % 6];
    case 'S':
      if (col.charLength && col.charLength > 0)
        return 'USD'.padEnd(col.charLength, 'X').slice(0, col.charLength);
      return `x${hex(5)}`;
    default:
      return `x${hex(5)}`;
  }
}

/** Inserts one row for `tenantId` into `table`; returns the error text when every attempt failed. */
export async function fillTenantRow(
  owner: pg.ClientBase,
  table: string,
  tenantId: string,
): Promise<string | undefined> {
  const cols = (await columnsOf(owner, table)).filter((c) => c.generated === '' && c.identity !== 'a');
  const chosen = new Map<string, unknown>();
  for (const c of cols) {
    if (c.name === 'tenant_id') chosen.set(c.name, tenantId);
    else if (c.notNull && !c.hasDefault && c.identity === '') chosen.set(c.name, valueFor(c, 0));
  }
  let lastError = '';
  const tries = new Map<string, number>();
  for (let attempt = 0; attempt < 12; attempt++) {
    const names = [...chosen.keys()];
    const types = names.map((n) => cols.find((c) => c.name === n)!.type);
    const text = `insert into ${quoteIdent(table)} (${names.map(quoteIdent).join(', ')}) values (${names
      .map((_, i) => `$${i + 1}::${types[i]}`)
      .join(', ')})`;
    await owner.query('begin');
    try {
      await owner.query('set local session_replication_role = replica');
      await owner.query(text, [...chosen.values()]);
      await owner.query('commit');
      return undefined;
    } catch (err) {
      await owner.query('rollback');
      const e = err as { code?: string; constraint?: string; message: string };
      lastError = e.message;
      if (e.code === '23514' && e.constraint) {
        // CHECK: give the constraint's columns its literals or other numbers.
        const def = await owner.query<{ def: string }>(
          `select pg_get_constraintdef(oid) as def from pg_constraint
            where conrelid = ('public.' || quote_ident($1))::regclass and conname = $2`,
          [table, e.constraint],
        );
        const text = def.rows[0]?.def ?? '';
        const literals = [...text.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
        const n = tries.get(e.constraint) ?? 0;
        tries.set(e.constraint, n + 1);
        for (const c of cols) {
          if (c.name === 'tenant_id' || !new RegExp(`\\b${c.name}\\b`).test(text)) continue;
          // Nullable columns: first try null (most checks allow it), then values.
          if (!c.notNull && n % 2 === 0) chosen.delete(c.name);
          else if (c.category === 'S' && literals.length) chosen.set(c.name, literals[n % literals.length]);
          // A later column gets a larger value, so an ordering check (ends_at > starts_at) can hold.
          else chosen.set(c.name, valueFor(c, n + 1 + cols.indexOf(c)));
        }
      } else if (e.code === '23505') {
        for (const c of cols)
          if (chosen.has(c.name) && c.name !== 'tenant_id') chosen.set(c.name, valueFor(c, attempt + 1));
      } else if (e.code === '23502') {
        // NOT NULL on a column with a default expression that yields null: give it a value.
        const m = /column "([^"]+)"/.exec(e.message);
        const c = cols.find((x) => x.name === m?.[1]);
        if (!c) break;
        chosen.set(c.name, valueFor(c, attempt));
      } else {
        break;
      }
    }
  }
  return `${table}: ${lastError}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
