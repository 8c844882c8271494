/** All SQL for returns and return_lines (the returns' one data door). Functions take the transaction first. */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export type ReturnStatus = 'requested' | 'approved' | 'rejected' | 'received' | 'refunded';
export const RETURN_REASONS = [
  'damaged',
  'wrong_item',
  'not_as_described',
  'too_small',
  'too_large',
  'changed_mind',
  'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export interface ReturnRow {
  id: string;
  number: number;
  order_id: string;
  customer_id: string | null;
  status: ReturnStatus;
  comment: string | null;
  merchant_message: string | null;
  restocked: boolean;
  refunded_amount: number;
  created_at: Date;
  updated_at: Date;
}

export interface ReturnLineRow {
  return_id: string;
  order_line_id: string;
  variant_id: string | null;
  title: string;
  quantity: number;
  reason: ReturnReason;
  amount: number;
}

const COLS = sql`id, number, order_id, customer_id, status, comment, merchant_message, restocked, refunded_amount,
  created_at, updated_at`;

export async function insertReturn(
  trx: Trx,
  tenantId: string,
  r: { number: number; orderId: string; customerId: string | null; comment: string | null },
): Promise<ReturnRow> {
  const { rows } = await sql<ReturnRow>`
    insert into returns (tenant_id, number, order_id, customer_id, comment)
    values (${tenantId}, ${r.number}, ${r.orderId}, ${r.customerId}, ${r.comment}) returning ${COLS}`.execute(
    trx,
  );
  return rows[0]!;
}

export async function insertLines(
  trx: Trx,
  tenantId: string,
  returnId: string,
  orderId: string,
  lines: Omit<ReturnLineRow, 'return_id'>[],
): Promise<void> {
  for (const l of lines) {
    await sql`
      insert into return_lines (tenant_id, return_id, order_line_id, order_id, variant_id, title, quantity, reason, amount)
      values (${tenantId}, ${returnId}, ${l.order_line_id}, ${orderId}, ${l.variant_id}, ${l.title}, ${l.quantity},
        ${l.reason},
        ${l.amount})`.execute(trx);
  }
}

/** Units of each order line already asked back in returns that were not rejected. */
export async function returnedQuantities(
  trx: Trx,
  tenantId: string,
  orderId: string,
): Promise<Map<string, number>> {
  const { rows } = await sql<{ order_line_id: string; q: number }>`
    select l.order_line_id, sum(l.quantity)::int as q
    from return_lines l join returns r on r.tenant_id = l.tenant_id and r.id = l.return_id
    where l.tenant_id = ${tenantId} and l.order_id = ${orderId} and r.status <> 'rejected'
    group by l.order_line_id`.execute(trx);
  return new Map(rows.map((r) => [r.order_line_id, r.q]));
}

export async function findReturn(
  trx: Trx,
  tenantId: string,
  id: string,
  lock = false,
): Promise<ReturnRow | undefined> {
  const { rows } = await sql<ReturnRow>`
    select ${COLS} from returns where tenant_id = ${tenantId} and id = ${id} ${lock ? sql`for update` : sql``}`.execute(
    trx,
  );
  return rows[0];
}

export async function listLines(
  trx: Trx,
  tenantId: string,
  returnIds: readonly string[],
): Promise<ReturnLineRow[]> {
  if (returnIds.length === 0) return [];
  const { rows } = await sql<ReturnLineRow>`
    select return_id, order_line_id, variant_id, title, quantity, reason, amount from return_lines
    where tenant_id = ${tenantId} and return_id = any(${returnIds as string[]}::uuid[])
    order by order_line_id`.execute(trx);
  return rows;
}

export async function listReturns(
  trx: Trx,
  tenantId: string,
  q: { status?: ReturnStatus; orderId?: string; beforeNumber?: number; limit: number },
): Promise<ReturnRow[]> {
  const { rows } = await sql<ReturnRow>`
    select ${COLS} from returns where tenant_id = ${tenantId}
      ${q.status ? sql`and status = ${q.status}` : sql``}
      ${q.orderId ? sql`and order_id = ${q.orderId}` : sql``}
      ${q.beforeNumber ? sql`and number < ${q.beforeNumber}` : sql``}
    order by number desc limit ${q.limit}`.execute(trx);
  return rows;
}

/** Guarded transition: matches only while the return is in one of `from`. */
export async function transition(
  trx: Trx,
  tenantId: string,
  id: string,
  from: readonly ReturnStatus[],
  to: ReturnStatus,
  patch: { message?: string | null; restocked?: boolean; refundedAmount?: number },
): Promise<ReturnRow | undefined> {
  const { rows } = await sql<ReturnRow>`
    update returns set status = ${to}, updated_at = now()
      ${patch.message !== undefined ? sql`, merchant_message = ${patch.message}` : sql``}
      ${patch.restocked !== undefined ? sql`, restocked = ${patch.restocked}` : sql``}
      ${patch.refundedAmount !== undefined ? sql`, refunded_amount = ${patch.refundedAmount}` : sql``}
    where tenant_id = ${tenantId} and id = ${id} and status in (${sql.join(from.map((s) => sql`${s}`))})
    returning ${COLS}`.execute(trx);
  return rows[0];
}
