/**
 * The scale seed's step for the storefront search keys (product_search_keys,
 * migration 0530): the seed writes products with triggers off
 * (bench/scale-seed.ts), so the keys the catalogue's insert trigger would
 * write are written here, set-based: the table's key dropped, one insert per
 * slice of the seeded stores over every connection, the key built again
 * (from its own definition, so a duplicate would fail it). With triggers on
 * (no superuser) the trigger already wrote them and this does nothing.
 */
import type pg from 'pg';
import { drain } from './scale-seed-schema.js';

/** Stores per insert statement (a slice of ~100 products × 27 keys each is ~270k rows). */
const STORES_PER_SLICE = 100;

export async function seedSearchKeys(
  clients: pg.ClientBase[],
  prefix: string,
  triggersWereOff: boolean,
): Promise<void> {
  if (!triggersWereOff) return;
  const client = clients[0]!;
  const { rows: ids } = await client.query<{ id: string }>(
    `select id from tenants where handle like $1 || '-%' order by id`,
    [prefix],
  );
  const slices: string[][] = [];
  for (let i = 0; i < ids.length; i += STORES_PER_SLICE)
    slices.push(ids.slice(i, i + STORES_PER_SLICE).map((r) => r.id));
  const { rows: pk } = await client.query<{ name: string; def: string }>(
    `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = 'product_search_keys'::regclass and contype = 'p'`,
  );
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  for (const k of pk) await client.query(`alter table product_search_keys drop constraint ${quote(k.name)}`);
  try {
    await drain(clients, slices, async (c, slice) => {
      await c.query(
        `insert into product_search_keys (tenant_id, key, product_id)
         select p.tenant_id, k, p.id
           from products p, unnest(storeloom_product_search_keys(p.search, p.title_trgm)) k
          where p.tenant_id = any($1::uuid[])`,
        [slice],
      );
    });
  } finally {
    for (const k of pk)
      await client.query(`alter table product_search_keys add constraint ${quote(k.name)} ${k.def}`);
  }
}
