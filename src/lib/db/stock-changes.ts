/**
 * Reading migration 0340's catalog_stock_changes: the stock moves committed
 * since the previous read, without missing one whose transaction committed
 * late and without NOTIFY's commit-time lock (see the migration).
 *
 * Each row carries the id of the transaction that wrote it (`xid`). A read
 * returns the rows with `xid ≥ horizon`, where `horizon` is the oldest
 * transaction still running when the PREVIOUS read's snapshot was taken
 * (pg_snapshot_xmin): every transaction below it had finished then, so its
 * rows were visible to that read; every later one is read now or next time.
 * A row can be read twice (its transaction is at or above two horizons):
 * `seen` keeps what was handed out until the horizon passes it.
 *
 * Runs on a plain pg client (the change listener's own connection) as the
 * platform role, transaction-locally — the pollers see every store's changes.
 */
import type pg from 'pg';

/** How long rows are kept; a poller that was away longer starts afresh (resync). */
export const STOCK_CHANGES_KEPT_MINUTES = 5;

const DIGITS = /^\d+$/;

export interface StockChangeReader {
  /** Reads what committed since the last call: each change once, as "<tenant id> <product id>". */
  read(client: pg.ClientBase): Promise<string[]>;
  /** Deletes rows older than STOCK_CHANGES_KEPT_MINUTES (any process may; harmless if several do). */
  prune(client: pg.ClientBase): Promise<void>;
}

/** A reader starting from now: nothing committed before its first read is returned. */
export function stockChangeReader(): StockChangeReader {
  let horizon: bigint | undefined;
  const seen = new Map<string, bigint>();
  return {
    async read(client) {
      const since = horizon === undefined ? undefined : horizon.toString();
      if (since !== undefined && !DIGITS.test(since)) throw new Error('bad stock-change horizon');
      // One simple-protocol message: role, read and horizon in one round trip and one snapshot.
      const rowsSql =
        since === undefined
          ? 'select null::text as xid, null::uuid as tenant_id, null::uuid as product_id where false'
          : `select xid::text, tenant_id, product_id from catalog_stock_changes where xid >= '${since}'::xid8`;
      const results = (await client.query(
        `begin; set local role storeloom_platform;
         with h as (select pg_snapshot_xmin(pg_current_snapshot())::text as horizon)
         select h.horizon, c.xid, c.tenant_id, c.product_id
           from h left join (${rowsSql}) c on true;
         commit`,
      )) as unknown as pg.QueryResult<{
        horizon: string;
        xid: string | null;
        tenant_id: string | null;
        product_id: string | null;
      }>[];
      const rows = results[2]?.rows ?? [];
      const next = BigInt(rows[0]?.horizon ?? '0');
      const out: string[] = [];
      for (const r of rows) {
        if (r.xid === null || r.tenant_id === null || r.product_id === null) continue;
        const key = `${r.xid} ${r.tenant_id} ${r.product_id}`;
        if (seen.has(key)) continue;
        seen.set(key, BigInt(r.xid));
        out.push(`${r.tenant_id} ${r.product_id}`);
      }
      // Rows below the new horizon are never read again.
      for (const [k, xid] of seen) if (xid < next) seen.delete(k);
      horizon = next;
      return out;
    },
    async prune(client) {
      await client.query(
        `begin; set local role storeloom_platform;
         delete from catalog_stock_changes
          where changed_at < now() - interval '${STOCK_CHANGES_KEPT_MINUTES} minutes';
         commit`,
      );
    },
  };
}
