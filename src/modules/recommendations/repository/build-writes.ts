/**
 * What a store rebuild writes: the neighbour lists, the popular list and the build ledger row, each
 * replaced whole in the rebuild's transaction (readers never see half a build). Plus event retention.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';

export type NeighbourKind = 'similar' | 'bought_together' | 'viewed_together' | 'hybrid';

export interface NeighbourRow {
  productId: string;
  kind: NeighbourKind;
  rank: number;
  neighbourId: string;
  score: number;
  shoppers: number;
  reason: string;
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
  rows: NeighbourRow[],
  only?: readonly string[],
): Promise<void> {
  if (only) {
    await sql`delete from recommendation_neighbours
      where tenant_id = ${tenantId} and product_id = any(${only}::uuid[])`.execute(trx);
  } else {
    await sql`delete from recommendation_neighbours where tenant_id = ${tenantId}`.execute(trx);
  }
  for (let at = 0; at < rows.length; at += CHUNK) {
    const part = rows.slice(at, at + CHUNK);
    await sql`
      insert into recommendation_neighbours
        (tenant_id, product_id, kind, rank, neighbour_id, score, shoppers, reason)
      select ${tenantId}, * from unnest(
        ${part.map((r) => r.productId)}::uuid[], ${part.map((r) => r.kind)}::text[],
        ${part.map((r) => r.rank)}::smallint[], ${part.map((r) => r.neighbourId)}::uuid[],
        ${part.map((r) => r.score)}::real[], ${part.map((r) => r.shoppers)}::int[],
        ${part.map((r) => r.reason)}::text[])`.execute(trx);
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
