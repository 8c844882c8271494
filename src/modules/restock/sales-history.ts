/**
 * Sales-history import (issue #16, cold start): CSV in the order-lines
 * format or `sku,date,quantity` → units per SKU per day. All or nothing:
 * any bad row rejects the whole file with line-numbered errors and nothing
 * is written. Lines of the same SKU and day are summed; a day imported again
 * replaces the earlier import of that day.
 */
import { type Db, withTenant } from '../../lib/db/index.js';
import { AppError } from '../../lib/errors.js';
import { formatDay, parseSalesCsv } from './forecast/sales-csv.js';
import { upsertSalesHistory } from './repository/sales-history.js';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface ImportSummary {
  format: 'order-lines' | 'sku-date-quantity';
  lines: number;
  skus: number;
  days: number;
  units: number;
  from: string | null;
  to: string | null;
}

const MAX_DAY_UNITS = 2_000_000_000;

/**
 * Validates the whole file (throws validation_failed with line numbers)
 * before opening the tenant transaction, then writes it in one transaction.
 */
export async function importSalesHistory(db: Db, tenantId: string, csv: string): Promise<ImportSummary> {
  const parsed = parseSalesCsv(csv);
  if (parsed.errors.length > 0) {
    throw new AppError(
      'validation_failed',
      `The file has ${parsed.errors.length} bad row(s); nothing was imported`,
      {
        issues: parsed.errors.map((e) => ({ path: `line ${e.line}`, message: e.message })),
      },
    );
  }
  if (parsed.rows.length === 0) {
    throw new AppError('validation_failed', 'The file has no sales rows; nothing was imported', {
      issues: [{ path: 'line 2', message: 'no rows after the header' }],
    });
  }
  const perDay = new Map<string, { sku: string; day: number; quantity: number }>();
  let units = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const r of parsed.rows) {
    const key = `${r.day}\u0000${r.sku}`;
    const cur = perDay.get(key);
    if (cur) cur.quantity += r.quantity;
    else perDay.set(key, { ...r });
    if ((cur?.quantity ?? r.quantity) > MAX_DAY_UNITS) {
      throw new AppError('validation_failed', 'Too many units in one day; nothing was imported', {
        issues: [
          { path: 'file', message: `${r.sku} on ${formatDay(r.day)} sums to more than ${MAX_DAY_UNITS}` },
        ],
      });
    }
    units += r.quantity;
    min = Math.min(min, r.day);
    max = Math.max(max, r.day);
  }
  const rows = [...perDay.values()].map((r) => ({ sku: r.sku, day: formatDay(r.day), quantity: r.quantity }));
  await withTenant(db, tenantId, (trx) => upsertSalesHistory(trx, tenantId, rows));
  return {
    format: parsed.format,
    lines: parsed.rows.length,
    skus: new Set(rows.map((r) => r.sku)).size,
    days: rows.length,
    units,
    from: formatDay(min),
    to: formatDay(max),
  };
}
