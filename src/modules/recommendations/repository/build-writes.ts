/**
 * What a store rebuild writes: the neighbour lists, the popular list and the build ledger row, each
 * replaced whole in the rebuild's transaction (readers never see half a build). Plus event retention.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

export type NeighbourKind = 'similar' | 'bought_together' | 'viewed_together' | 'hybrid';

export const NEIGHBOUR_KINDS: readonly NeighbourKind[] = [
  'similar',
  'bought_together',
  'viewed_together',
  'hybrid',
];

/**
 * A build's neighbour rows as columns: item indices into `keys` (the model's product ids), the kind as
 * its position in NEIGHBOUR_KINDS, numbers in typed arrays (outside the V8 heap) and only the reasons as
 * strings — one build of a 100-product store is ~3,600 rows, which as objects (and as pg's own array
 * serialisation of them) were most of a rebuild's garbage.
 */
export interface NeighbourColumns {
  count: number;
  keys: readonly string[];
  products: Int32Array;
  kinds: Uint8Array;
  ranks: Uint8Array;
  neighbours: Int32Array;
  scores: Float64Array;
  shoppers: Int32Array;
  reasons: string[];
}

export interface PopularRow {
  productId: string;
  score: number;
  buyers: number;
}

const CHUNK = 5000;

/** Replaces every neighbour row of the store, or (incremental) only those of the `only` products. */
export async function replaceNeighbours(
  trx: Trx,
  tenantId: string,
  rows: NeighbourColumns,
  only?: readonly string[],
): Promise<void> {
  if (only) {
    await sql`delete from recommendation_neighbours
      where tenant_id = ${tenantId} and product_id = any(${only}::uuid[])`.execute(trx);
  } else {
    await sql`delete from recommendation_neighbours where tenant_id = ${tenantId}`.execute(trx);
  }
  const { keys, products, kinds, ranks, neighbours, scores, shoppers, reasons } = rows;
  for (let at = 0; at < rows.count; at += CHUNK) {
    const end = Math.min(rows.count, at + CHUNK);
    // Array literals written here rather than by pg (which escapes and concatenates element by element):
    // ids, kinds and numbers need no quoting; only the reasons are quoted.
    const literal = (value: (i: number) => string | number) => {
      const parts = new Array<string | number>(end - at);
      for (let i = at; i < end; i++) parts[i - at] = value(i);
      return `{${parts.join(',')}}`;
    };
    await sql`
      insert into recommendation_neighbours
        (tenant_id, product_id, kind, rank, neighbour_id, score, shoppers, reason)
      select ${tenantId}, * from unnest(
        ${literal((i) => keys[products[i]!]!)}::uuid[], ${literal((i) => NEIGHBOUR_KINDS[kinds[i]!]!)}::text[],
        ${literal((i) => ranks[i]!)}::smallint[], ${literal((i) => keys[neighbours[i]!]!)}::uuid[],
        ${literal((i) => scores[i]!)}::real[], ${literal((i) => shoppers[i]!)}::int[],
        ${literal((i) => quoteElement(reasons[i]!))}::text[])`.execute(trx);
  }
}

/** An array-literal element: double-quoted, backslash and quote escaped (as pg's own serialiser does). */
function quoteElement(text: string): string {
  return `"${/[\\"]/.test(text) ? text.replace(/[\\"]/g, '\\$&') : text}"`;
}

/** Replaces the store's popular list (rank = position + 1). */
export async function replacePopular(trx: Trx, tenantId: string, rows: PopularRow[]): Promise<void> {
  await sql`delete from recommendation_popular where tenant_id = ${tenantId}`.execute(trx);
  if (rows.length === 0) return;
  await sql`
    insert into recommendation_popular (tenant_id, rank, product_id, score, buyers)
    select ${tenantId}, r.ord, r.product_id, r.score, r.buyers
    from unnest(${rows.map((r) => r.productId)}::uuid[], ${rows.map((r) => r.score)}::real[],
      ${rows.map((r) => r.buyers)}::int[]) with ordinality as r(product_id, score, buyers, ord)`.execute(trx);
}

export interface BuildLedger {
  builtAt: Date;
  mode: 'full' | 'incremental';
  products: number;
  orders: number;
  events: number;
  durationMs: number;
}

export async function recordBuild(trx: Trx, tenantId: string, b: BuildLedger): Promise<void> {
  await sql`
    insert into recommendation_builds (tenant_id, built_at, mode, products, orders, events, duration_ms)
    values (${tenantId}, ${b.builtAt}, ${b.mode}, ${b.products}, ${b.orders}, ${b.events}, ${b.durationMs})
    on conflict (tenant_id) do update set built_at = excluded.built_at, mode = excluded.mode,
      products = excluded.products, orders = excluded.orders, events = excluded.events,
      duration_ms = excluded.duration_ms`.execute(trx);
}

export async function readLastBuild(trx: Trx, tenantId: string): Promise<{ builtAt: Date } | undefined> {
  const { rows } = await sql<{ built_at: Date }>`
    select built_at from recommendation_builds where tenant_id = ${tenantId}`.execute(trx);
  return rows[0] ? { builtAt: new Date(rows[0].built_at) } : undefined;
}

/** Deletes events older than the retention; returns how many. */
export async function pruneEvents(trx: Trx, tenantId: string, before: Date): Promise<number> {
  const r = await sql`
    delete from recommendation_events where tenant_id = ${tenantId} and occurred_at < ${before}`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
