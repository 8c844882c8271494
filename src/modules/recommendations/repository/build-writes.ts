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
    // Each column goes as an array literal built in a Buffer (outside the V8 heap; pg sends a Buffer as
    // the bytes of a binary `text` parameter) rather than by pg's element-by-element escaping, whose
    // strings of a 3,600-row build exceed V8's large-object size and land straight in old space.
    const column = (put: (out: LiteralWriter, i: number) => void) => {
      const out = new LiteralWriter(end - at);
      for (let i = at; i < end; i++) put(out, i);
      return out.finish();
    };
    await sql`
      insert into recommendation_neighbours
        (tenant_id, product_id, kind, rank, neighbour_id, score, shoppers, reason)
      select ${tenantId}, * from unnest(
        ${column((o, i) => o.element(keys[products[i]!]!))}::text::uuid[],
        ${column((o, i) => o.element(NEIGHBOUR_KINDS[kinds[i]!]!))}::text::text[],
        ${column((o, i) => o.element(String(ranks[i]!)))}::text::smallint[],
        ${column((o, i) => o.element(keys[neighbours[i]!]!))}::text::uuid[],
        ${column((o, i) => o.element(String(scores[i]!)))}::text::real[],
        ${column((o, i) => o.element(String(shoppers[i]!)))}::text::int[],
        ${column((o, i) => o.quoted(reasons[i]!))}::text::text[])`.execute(trx);
  }
}

/** Writes a Postgres array literal (`{a,b,"c d"}`) as UTF-8 into a growing Buffer. */
class LiteralWriter {
  private buf: Buffer;
  private len = 1;
  private first = true;

  constructor(elements: number) {
    this.buf = Buffer.allocUnsafe(Math.max(64, elements * 40));
    this.buf[0] = 0x7b; // {
  }

  /** An element that needs no quoting (uuids, identifiers, numbers). */
  element(text: string): void {
    this.reserve(text.length * 3 + 3);
    if (!this.first) this.buf[this.len++] = 0x2c; // ,
    this.first = false;
    this.len += this.buf.write(text, this.len);
  }

  /** A double-quoted element, backslash and quote escaped (as pg's own serialiser does). */
  quoted(text: string): void {
    const escaped = /[\\"]/.test(text) ? text.replace(/[\\"]/g, '\\$&') : text;
    this.reserve(escaped.length * 3 + 3);
    if (!this.first) this.buf[this.len++] = 0x2c; // ,
    this.first = false;
    this.buf[this.len++] = 0x22; // "
    this.len += this.buf.write(escaped, this.len);
    this.buf[this.len++] = 0x22;
  }

  finish(): Buffer {
    this.reserve(1);
    this.buf[this.len++] = 0x7d; // }
    return this.buf.subarray(0, this.len);
  }

  private reserve(bytes: number): void {
    if (this.len + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + bytes));
    this.buf.copy(grown, 0, 0, this.len);
    this.buf = grown;
  }
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
