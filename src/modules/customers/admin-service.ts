/**
 * The admin customers pages' services: the list (orders, lifetime value),
 * one customer with their orders and the merchant's notes, adding a note,
 * and the CSV export. Each opens its own tenant transaction.
 */
import { type Db, isUuid, withTenant } from '../../lib/db/index.js';
import { notFound } from '../../lib/errors.js';
import { recordAudit } from '../audit/service.js';
import { ordersOfCustomer, type RecentOrder } from '../orders/repository/dashboard.js';
import {
  type CustomerNote,
  type CustomerRow,
  type CustomerSort,
  findCustomerRow,
  insertCustomerNote,
  listCustomerNotes,
  listCustomerRows,
} from './repository/admin.js';

export type { CustomerNote, CustomerRow, CustomerSort };

export function listCustomersForAdmin(
  db: Db,
  tenantId: string,
  q: { q?: string; sort: CustomerSort; dir: 'asc' | 'desc'; page: number; pageSize: number },
): Promise<{ rows: CustomerRow[]; total: number }> {
  return withTenant(db, tenantId, (trx) =>
    listCustomerRows(trx, tenantId, { ...q, offset: (q.page - 1) * q.pageSize, limit: q.pageSize }),
  );
}

export interface CustomerDetail {
  customer: CustomerRow;
  orders: RecentOrder[];
  notes: CustomerNote[];
}

export function getCustomerForAdmin(db: Db, tenantId: string, id: string): Promise<CustomerDetail> {
  if (!isUuid(id)) throw notFound('Customer');
  return withTenant(db, tenantId, async (trx) => {
    const customer = await findCustomerRow(trx, tenantId, id);
    if (!customer) throw notFound('Customer');
    return {
      customer,
      orders: await ordersOfCustomer(trx, tenantId, id, 50),
      notes: await listCustomerNotes(trx, tenantId, id),
    };
  });
}

export function addCustomerNote(
  db: Db,
  tenantId: string,
  id: string,
  authorId: string | null,
  body: string,
): Promise<void> {
  if (!isUuid(id)) throw notFound('Customer');
  return withTenant(db, tenantId, async (trx) => {
    if (!(await findCustomerRow(trx, tenantId, id))) throw notFound('Customer');
    await insertCustomerNote(trx, tenantId, id, authorId, body);
    await recordAudit(trx, tenantId, {
      actorType: 'user',
      actorId: authorId,
      action: 'customer.note_added',
      targetType: 'customer',
      targetId: id,
    });
  });
}

function csvCell(v: string): string {
  // A leading = + - @ would run as a spreadsheet formula: prefix an apostrophe.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Every customer as CSV (email, name, registered, orders, lifetime value in minor units, dates). */
export async function exportCustomersCsv(db: Db, tenantId: string): Promise<string> {
  const lines = ['email,name,registered,orders,lifetime_value,last_order_at,created_at'];
  for (let page = 1; ; page++) {
    const { rows } = await listCustomersForAdmin(db, tenantId, {
      sort: 'created',
      dir: 'asc',
      page,
      pageSize: 1000,
    });
    for (const r of rows)
      lines.push(
        [
          r.email,
          r.name ?? '',
          r.registered ? 'yes' : 'no',
          String(r.orders),
          String(r.spent),
          r.lastOrderAt ?? '',
          r.createdAt,
        ]
          .map(csvCell)
          .join(','),
      );
    if (rows.length < 1000) break;
  }
  return `${lines.join('\n')}\n`;
}
