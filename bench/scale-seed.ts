/**
 * The scale seed (`npm run seed:scale`): many stores on one database, with
 * order history, through the OWNER connection with set-based SQL (RLS does
 * not apply to the owner; the rows are exactly what the app would read, and
 * the app role reads them one tenant at a time like any other).
 * Deterministic: the same arguments (and `asOf`) give the same rows, ids
 * included (bench/scale-seed-rows.ts derives every value from the prefix,
 * the store's group and index and the product or order number).
 *
 * Stores come in groups (e.g. 10,000 × 100 products and 10 × 10,000); orders
 * are spread over the stores in proportion to their product count, 1–3 lines
 * each from that store's variants, placed over the year before `asOf`, all
 * paid.
 */
import type pg from 'pg';
import { type Chunk, chunkValues, type SeedLayout, seedChunk } from './scale-seed-rows.js';
import { BULK_TABLES, deferSchema, drain, restoreSchema } from './scale-seed-schema.js';
import { seedSearchKeys } from './scale-seed-search.js';

export interface StoreGroup {
  stores: number;
  products: number;
}

export interface ScaleSeedOptions {
  /** Handle prefix; store handles are `<prefix>-<group>-<n>`. */
  prefix: string;
  groups: StoreGroup[];
  orders: number;
  /** Stock per in-stock variant (large, so a load run does not sell out). */
  stock?: number;
  /** The instant creation, order and payment times count back from (default: now). */
  asOf?: Date;
  /**
   * More connections to the same database (as the owner): chunks of stores,
   * index builds, key validations and analyze are shared over all of them.
   */
  extraClients?: pg.ClientBase[];
  /** Heap order of the catalogue rows (bench/scale-seed-rows.ts, SeedLayout); default 'interleaved'. */
  layout?: SeedLayout;
}

export interface ScaleSeedResult {
  stores: number;
  products: number;
  orders: number;
  seconds: number;
  /** Wall-clock seconds per phase, in order. */
  phases: [string, number][];
  /** Statement seconds per kind of row inside the load phase, summed over the connections. */
  spent: [string, number][];
}

/** Products per chunk (one transaction): small enough to share out, large enough to stay set-based. */
const CHUNK_PRODUCTS = 50_000;

/**
 * Seeds the groups and the orders. For speed (10,000 stores × 100 products,
 * 10 × 10,000 and 1M orders in a few minutes on two cores): the session skips
 * waiting for the WAL flush (a crash mid-seed loses only the seed); the bulk
 * tables' keys and indexes are dropped while the rows go in, then built again
 * and the foreign keys validated (bench/scale-seed-schema.ts — also when the
 * seed fails); triggers are off while it writes (see skipTriggers) because
 * the rows already carry what the catalogue's triggers would compute; and
 * the stores go in chunks shared over every connection given.
 */
export async function seedScale(client: pg.ClientBase, opts: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const clients = [client, ...(opts.extraClients ?? [])];
  const started = performance.now();
  const phases: [string, number][] = [];
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases.push([name, (now - mark) / 1000]);
    mark = now;
  };
  let replica = true;
  for (const c of clients) {
    // jit off: each chunk's statements are planned anew, and compiling the orders one took longer than running it.
    await c.query(
      "set synchronous_commit = off; set maintenance_work_mem = '1GB'; set work_mem = '256MB'; set jit = off",
    );
    replica = (await skipTriggers(c, true)) && replica;
  }
  const chunks = await planChunks(client, opts);
  const asOf = opts.asOf ?? new Date();
  const spent = new Map<string, number>();
  const deferred = await deferSchema(client);
  phase('drop keys and indexes');
  try {
    await drain(clients, chunks, (c, chunk) =>
      seedChunk(c, chunkValues(opts.prefix, chunk, asOf), spent, opts.layout),
    );
    phase('stores, catalogues and orders');
  } finally {
    await restoreSchema(clients, deferred);
    phase('keys and indexes');
    for (const c of clients) if (replica) await skipTriggers(c, false);
  }
  await seedSearchKeys(clients, opts.prefix, replica);
  phase('search keys');
  await client.query(
    `select setval(pg_get_serial_sequence('inventory_adjustments', 'id'),
                   (select greatest(max(id), 1) from inventory_adjustments))`,
  );
  const tables = [
    ...BULK_TABLES,
    'tenants',
    'categories',
    'shipping_rates',
    'order_counters',
    'product_search_keys',
  ];
  await drain(clients, tables, async (c, t) => {
    await c.query(`analyze ${t}`);
  });
  phase('analyze');
  const stores = opts.groups.reduce((n, g) => n + g.stores, 0);
  return {
    stores,
    products: opts.groups.reduce((n, g) => n + g.stores * g.products, 0),
    orders: chunks.reduce((n, c) => n + (c.to - c.from + 1) * c.orders, 0),
    seconds: (performance.now() - started) / 1000,
    phases,
    spent: [...spent],
  };
}

/**
 * Splits the groups into chunks of about CHUNK_PRODUCTS products. Orders per
 * store follow the store's share of all products (at least one each when
 * there are orders); ledger ids continue after the table's current maximum.
 */
async function planChunks(client: pg.ClientBase, opts: ScaleSeedOptions): Promise<Chunk[]> {
  const { rows } = await client.query<{ n: string }>(
    'select coalesce(max(id), 0) as n from inventory_adjustments',
  );
  let ledgerBase = Number(rows[0]!.n);
  const allProducts = opts.groups.reduce((n, g) => n + g.stores * g.products, 0);
  const chunks: Chunk[] = [];
  for (const [group, g] of opts.groups.entries()) {
    const orders =
      opts.orders > 0 && allProducts > 0
        ? Math.max(1, Math.round((opts.orders * g.products) / allProducts))
        : 0;
    const per = Math.max(1, Math.floor(CHUNK_PRODUCTS / Math.max(1, g.products)));
    for (let from = 1; from <= g.stores; from += per) {
      const to = Math.min(g.stores, from + per - 1);
      chunks.push({ group, from, to, products: g.products, stock: opts.stock ?? 1_000, orders, ledgerBase });
    }
    ledgerBase += g.stores * g.products * 3;
  }
  return chunks;
}

/**
 * Turns triggers off for this session while the seed writes rows that
 * already hold what the triggers would compute (the product card's columns,
 * the search category; a new store's site notice has no listener to tell);
 * needs a superuser owner — without one the seed runs with triggers on, only
 * slower. Foreign keys are checked in bulk at the end either way.
 */
async function skipTriggers(client: pg.ClientBase, on: boolean): Promise<boolean> {
  try {
    await client.query(`set session_replication_role = ${on ? 'replica' : 'origin'}`);
    return true;
  } catch {
    return false;
  }
}
