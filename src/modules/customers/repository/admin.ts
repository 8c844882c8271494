/**
 * Admin reads and notes of the customers area (SQL): the customer list with
 * orders and lifetime value (joined from orders' own fragment), one
 * customer's profile, and merchant notes (customer_notes, 0110).
 */
import { sql } from 'kysely';
import type { Trx } from '../../../lib/db/index.js';
import { customerOrderStatsSql } from '../../orders/repository/dashboard.js';

export type CustomerSort = 'name' | 'email' | 'orders' | 'spent' | 'created';

export interface CustomerRow {
  id: string;
  email: string;
  name: string | null;
  registered: boolean;
  orders: number;
  spent: number;
  lastOrderAt: string | null;
  createdAt: string;
}

interface RawCustomer {
  id: string;
  email: string;
  name: string | null;
  registered: boolean;
  orders: number | null;
  spent: string | null;
  last_order_at: Date | null;
  created_at: Date;
}

function toCustomerRow(r: RawCustomer): CustomerRow {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    registered: r.registered,
    orders: r.orders ?? 0,
    spent: Number(r.spent ?? 0),
    lastOrderAt: r.last_order_at ? new Date(r.last_order_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

const ORDER: Record<CustomerSort, string> = {
  name: "lower(coalesce(c.name, ''))",
  email: 'lower(c.email)',
  orders: 'coalesce(s.orders, 0)',
  spent: 'coalesce(s.spent, 0)',
  created: 'c.created_at',
};

export async function listCustomerRows(
  trx: Trx,
  tenantId: string,
  q: { q?: string; sort: CustomerSort; dir: 'asc' | 'desc'; offset: number; limit: number },
): Promise<{ rows: CustomerRow[]; total: number }> {
  const like = q.q?.trim() ? `%${q.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%` : undefined;
  const where = sql<boolean>`c.tenant_id = ${tenantId} and ${
    like ? sql`(c.email::text ilike ${like} or c.name ilike ${like})` : sql`true`
  }`;
  // ORDER is a closed map: never request text.
  const order = sql.raw(`${ORDER[q.sort]} ${q.dir === 'asc' ? 'asc' : 'desc'}, c.id`);
  const { rows } = await sql<RawCustomer>`
    select c.id, c.email::text as email, c.name, c.password_hash is not null as registered,
           s.orders, s.spent::text as spent, s.last_order_at, c.created_at
      from customers c left join (${customerOrderStatsSql(tenantId)}) s on s.customer_id = c.id
     where ${where}
     order by ${order}
     limit ${q.limit} offset ${q.offset}`.execute(trx);
  const count = await sql<{ n: number }>`select count(*)::int as n from customers c where ${where}`.execute(
    trx,
  );
  return {
    total: count.rows[0]?.n ?? 0,
    rows: rows.map(toCustomerRow),
  };
}

export async function findCustomerRow(
  trx: Trx,
  tenantId: string,
  id: string,
): Promise<CustomerRow | undefined> {
  const { rows } = await sql<RawCustomer>`
    select c.id, c.email::text as email, c.name, c.password_hash is not null as registered,
           s.orders, s.spent::text as spent, s.last_order_at, c.created_at
      from customers c left join (${customerOrderStatsSql(tenantId)}) s on s.customer_id = c.id
     where c.tenant_id = ${tenantId} and c.id = ${id}`.execute(trx);
  const r = rows[0];
  return r ? toCustomerRow(r) : undefined;
}

export interface CustomerNote {
  id: string;
  body: string;
  authorId: string | null;
  createdAt: string;
}

export async function listCustomerNotes(
  trx: Trx,
  tenantId: string,
  customerId: string,
): Promise<CustomerNote[]> {
  const rows = await trx
    .selectFrom('customer_notes')
    .select(['id', 'body', 'author_id', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    authorId: r.author_id,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function insertCustomerNote(
  trx: Trx,
  tenantId: string,
  customerId: string,
  authorId: string | null,
  body: string,
): Promise<void> {
  await trx
    .insertInto('customer_notes')
    .values({ tenant_id: tenantId, customer_id: customerId, author_id: authorId, body })
    .execute();
}
