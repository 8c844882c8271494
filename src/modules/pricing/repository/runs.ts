/**
 * Pricing data access for runs: the run-key ledger (`job_runs`, kind
 * 'pricing'), price history (`price_history`) and the engine's state between
 * runs (`variant_list_prices`). Bulk writes send one JSON parameter per chunk:
 * thousands of bound parameters cost more than the insert.
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import type { PriceReason } from '../engine.js';

const runKeyOf = (runKey: string) => `pricing:${runKey}`;

/** Claims a run key; false when a previous run already holds it. */
export async function claimRun(trx: Trx, tenantId: string, runKey: string): Promise<boolean> {
  const claimed = await trx
    .insertInto('job_runs')
    .values({ tenant_id: tenantId, run_key: runKeyOf(runKey), kind: 'pricing' })
    .onConflict((oc) => oc.columns(['tenant_id', 'run_key']).doNothing())
    .returning('run_key')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** The result a previous run recorded under its key. */
export async function findRunResult(trx: Trx, tenantId: string, runKey: string): Promise<unknown> {
  const prev = await trx
    .selectFrom('job_runs')
    .select('result')
    .where('tenant_id', '=', tenantId)
    .where('run_key', '=', runKeyOf(runKey))
    .executeTakeFirstOrThrow();
  return prev.result;
}

export async function saveRunResult(
  trx: Trx,
  tenantId: string,
  runKey: string,
  result: unknown,
): Promise<void> {
  await trx
    .updateTable('job_runs')
    .set({ result: JSON.stringify(result) })
    .where('tenant_id', '=', tenantId)
    .where('run_key', '=', runKeyOf(runKey))
    .execute();
}

/** Every open proposal becomes superseded. */
export async function supersedeProposals(trx: Trx, tenantId: string): Promise<void> {
  await trx
    .updateTable('price_history')
    .set({ status: 'superseded' })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'proposed')
    .execute();
}

export interface HistoryInsert {
  variantId: string;
  oldPrice: number;
  newPrice: number;
  listPrice: number;
  /** The rule that last changed the price. */
  setBy: string;
  reasons: PriceReason[];
}

/** One chunk of history rows for a run (a re-inserted (run, variant) is skipped). */
export async function insertHistory(
  trx: Trx,
  tenantId: string,
  runKey: string,
  status: 'applied' | 'proposed',
  part: readonly HistoryInsert[],
): Promise<void> {
  const rows = part.map((r) => ({
    variant_id: r.variantId,
    old_price: r.oldPrice,
    new_price: r.newPrice,
    list_price: r.listPrice,
    rule: r.setBy,
    reasons: r.reasons,
  }));
  await sql`
    insert into price_history (tenant_id, variant_id, run_key, old_price, new_price, list_price, rule, reasons, status, source)
    select ${tenantId}::uuid, x.variant_id, ${runKey}, x.old_price, x.new_price, x.list_price, x.rule, x.reasons, ${status},
           case when x.rule = 'promotion' then 'promotion' else 'pricing_run' end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(variant_id uuid, old_price bigint, new_price bigint, list_price bigint, rule text, reasons jsonb)
    on conflict (tenant_id, run_key, variant_id) do nothing`.execute(trx);
}

/** Open proposals (all, or the given variants'), locked until the transaction ends. */
export async function lockOpenProposals(trx: Trx, tenantId: string, variantIds?: string[]) {
  let q = trx
    .selectFrom('price_history')
    .select(['id', 'variant_id', 'new_price', 'old_price', 'list_price'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'proposed');
  if (variantIds) q = q.where('variant_id', 'in', variantIds);
  return q.forUpdate().execute();
}

export async function markHistoryApplied(trx: Trx, tenantId: string, ids: number[]): Promise<void> {
  await trx
    .updateTable('price_history')
    .set({ status: 'applied' })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
}

export async function listHistoryRows(trx: Trx, tenantId: string, variantId: string, limit: number) {
  return (
    trx
      .selectFrom('price_history')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('variant_id', '=', variantId)
      // Newest change first by when it was made (an edit's row is dated by its event's
      // changedAt): the worker may record two events' rows in either order.
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
  );
}

/** The engine's state between runs; the base price is fixed when first seen. */
export async function writeListPrices(
  trx: Trx,
  tenantId: string,
  rows: { variantId: string; listPrice: number; oldPrice: number }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const data = rows.map((r) => ({
    variant_id: r.variantId,
    list_price: r.listPrice,
    base_price: r.oldPrice,
  }));
  await sql`
    insert into variant_list_prices (tenant_id, variant_id, list_price, base_price, updated_at)
    select ${tenantId}::uuid, x.variant_id, x.list_price, x.base_price, ${now}
      from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as x(variant_id uuid, list_price bigint, base_price bigint)
    on conflict (tenant_id, variant_id) do update
      set list_price = excluded.list_price,
          base_price = coalesce(variant_list_prices.base_price, excluded.base_price),
          updated_at = excluded.updated_at`.execute(trx);
}

/**
 * History rows for price edits made outside pricing (product editor, CSV
 * import), one per variant, keyed by the event (`runKey`): a redelivered
 * event inserts nothing twice. Variants deleted since are skipped.
 */
export async function insertEditHistory(
  trx: Trx,
  tenantId: string,
  runKey: string,
  source: 'manual' | 'import',
  changes: readonly { variantId: string; oldPrice: number; newPrice: number }[],
  at: Date,
): Promise<number> {
  if (changes.length === 0) return 0;
  const rows = changes.map((c) => ({
    variant_id: c.variantId,
    old_price: c.oldPrice,
    new_price: c.newPrice,
  }));
  const rule = source === 'manual' ? 'manual edit' : 'CSV import';
  const r = await sql`
    insert into price_history (tenant_id, variant_id, run_key, old_price, new_price, list_price, rule, reasons, status, source, created_at)
    select ${tenantId}::uuid, x.variant_id, ${runKey}, x.old_price, x.new_price, x.new_price, ${rule}, '[]'::jsonb, 'applied', ${source}, ${at}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(variant_id uuid, old_price bigint, new_price bigint)
      join variants v on v.tenant_id = ${tenantId}::uuid and v.id = x.variant_id
    on conflict (tenant_id, run_key, variant_id) do nothing`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
