/**
 * Store data export: every row of a store in the tables a merchant owns the
 * data of (catalog, customers, orders, settings). A composed read over other
 * modules' tables, kept in one flagged place; it runs inside withTenant, so
 * row-level security scopes it to the one store whatever the statement says.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

/** What an export holds, by section; the tables are read in this order. */
export const EXPORT_SECTIONS = {
  settings: [
    'store_settings',
    'store_pages',
    'shipping_rates',
    'tax_rates',
    'discount_codes',
    'custom_domains',
  ],
  products: ['categories', 'products', 'variants', 'product_images'],
  customers: ['customers', 'customer_addresses'],
  orders: ['orders', 'order_lines', 'order_events'],
} as const;

export type ExportTable = (typeof EXPORT_SECTIONS)[keyof typeof EXPORT_SECTIONS][number];

/** Columns never exported: credentials and tokens. */
const SECRET_COLUMN = /password|token|secret/i;

/** The exported columns of a table, in table order (none when the table does not exist). */
export async function exportColumns(trx: Trx, table: ExportTable): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
     where table_schema = current_schema() and table_name = ${table}
     order by ordinal_position`.execute(trx);
  return rows.map((r) => r.name).filter(isExported);
}

const isExported = (column: string) => !SECRET_COLUMN.test(column) && column !== 'tenant_id';

export async function selectStoreRows(
  trx: Trx,
  table: ExportTable,
  tenantId: string,
): Promise<Record<string, unknown>[]> {
  const exists = await sql<{ ok: boolean }>`select to_regclass(${table}) is not null as ok`.execute(trx);
  if (!exists.rows[0]?.ok) return [];
  const { rows } = await sql<Record<string, unknown>>`
    select * from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(trx);
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => isExported(k))));
}
