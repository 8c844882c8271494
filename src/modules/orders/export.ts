/**
 * Orders as CSV for the merchant (the list's filters apply): one row per
 * order, money as decimal amounts in the order's currency. Cells that a
 * spreadsheet would run as a formula are prefixed with an apostrophe.
 */
import { stringify } from 'csv-stringify/sync';
import { type Db, withTenant } from '../../lib/db/index.js';
import { toDecimalString } from '../../lib/money.js';
import * as repo from './repository.js';
import { type OrderListQuery, orderSearchOf } from './service.js';

const MAX_ROWS = 10_000;
const HEADER = [
  'number',
  'placed_at',
  'status',
  'fulfilment',
  'email',
  'name',
  'country',
  'currency',
  'subtotal',
  'discount',
  'shipping',
  'tax',
  'total',
  'refunded',
  'tracking_number',
];

const safe = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export function exportOrdersCsv(db: Db, tenantId: string, q: OrderListQuery): Promise<string> {
  return withTenant(db, tenantId, async (trx) => {
    const rows = await repo.searchOrders(trx, tenantId, {
      ...orderSearchOf(q),
      sort: q.sort ?? 'newest',
      limit: MAX_ROWS,
      offset: 0,
    });
    const out = rows.map((o) => {
      const decimal = (n: number) => toDecimalString(n, o.currency.trim());
      return [
        String(o.number),
        new Date(o.placed_at).toISOString(),
        o.status,
        o.fulfilment_status,
        safe(o.email),
        safe(String(o.shipping_address?.name ?? '')),
        String(o.shipping_address?.country ?? ''),
        o.currency.trim(),
        decimal(o.subtotal),
        decimal(o.discount_total),
        decimal(o.shipping_total),
        decimal(o.tax_total),
        decimal(o.total),
        decimal(o.refunded_total),
        safe(o.tracking_number ?? ''),
      ];
    });
    return stringify([HEADER, ...out]);
  });
}
