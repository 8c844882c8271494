/**
 * All SQL for tickets, ticket_messages, canned_replies and csat_responses
 * (the tickets' one data door). Functions take the transaction first.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export type TicketStatus = 'open' | 'pending' | 'resolved' | 'closed';
export type MessageKind = 'customer' | 'staff' | 'note';

export interface TicketRow {
  id: string;
  number: number;
  customer_id: string | null;
  email: string;
  subject: string;
  status: TicketStatus;
  order_id: string | null;
  assignee_id: string | null;
  confirmed_at: Date | null;
  first_response_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface MessageRow {
  id: number;
  kind: MessageKind;
  author_id: string | null;
  body: string;
  created_at: Date;
}

const COLS = sql`id, number, customer_id, email::text as email, subject, status, order_id, assignee_id, confirmed_at,
  first_response_at, resolved_at, closed_at, created_at, updated_at`;

export async function insertTicket(
  trx: Trx,
  tenantId: string,
  t: {
    number: number;
    customerId: string | null;
    email: string;
    subject: string;
    orderId: string | null;
    confirmed: boolean;
  },
): Promise<TicketRow> {
  const { rows } = await sql<TicketRow>`
    insert into tickets (tenant_id, number, customer_id, email, subject, order_id, confirmed_at)
    values (${tenantId}, ${t.number}, ${t.customerId}, ${t.email}, ${t.subject}, ${t.orderId},
      ${t.confirmed ? sql`now()` : sql`null`})
    returning ${COLS}`.execute(trx);
  return rows[0]!;
}

export async function insertMessage(
  trx: Trx,
  tenantId: string,
  m: { ticketId: string; kind: MessageKind; authorId: string | null; body: string },
): Promise<MessageRow> {
  const { rows } = await sql<MessageRow>`
    insert into ticket_messages (tenant_id, ticket_id, kind, author_id, body)
    values (${tenantId}, ${m.ticketId}, ${m.kind}, ${m.authorId}, ${m.body})
    returning id, kind, author_id, body, created_at`.execute(trx);
  return rows[0]!;
}

export async function findTicket(
  trx: Trx,
  tenantId: string,
  id: string,
  lock = false,
): Promise<TicketRow | undefined> {
  const { rows } = await sql<TicketRow>`
    select ${COLS} from tickets where tenant_id = ${tenantId} and id = ${id} ${lock ? sql`for update` : sql``}`.execute(
    trx,
  );
  return rows[0];
}

export async function listMessages(trx: Trx, tenantId: string, ticketId: string, withNotes: boolean) {
  const { rows } = await sql<MessageRow>`
    select id, kind, author_id, body, created_at from ticket_messages
    where tenant_id = ${tenantId} and ticket_id = ${ticketId} ${withNotes ? sql`` : sql`and kind <> 'note'`}
    order by id`.execute(trx);
  return rows;
}

export async function listCustomerTickets(trx: Trx, tenantId: string, customerId: string) {
  const { rows } = await sql<TicketRow>`
    select ${COLS} from tickets where tenant_id = ${tenantId} and customer_id = ${customerId}
    order by updated_at desc limit 100`.execute(trx);
  return rows;
}

export interface InboxFilter {
  status?: TicketStatus;
  assigneeId?: string;
  unassigned?: boolean;
  /** Tickets past their first-response or resolution target at `now`. */
  overdue?: { now: Date; firstResponseHours: number; resolutionHours: number };
  before?: { at: Date; id: string };
  limit: number;
}

export async function listInbox(trx: Trx, tenantId: string, f: InboxFilter) {
  const o = f.overdue;
  const { rows } = await sql<TicketRow>`
    select ${COLS} from tickets
    where tenant_id = ${tenantId} and confirmed_at is not null
      ${f.status ? sql`and status = ${f.status}` : sql``}
      ${f.assigneeId ? sql`and assignee_id = ${f.assigneeId}` : sql``}
      ${f.unassigned ? sql`and assignee_id is null` : sql``}
      ${
        o
          ? sql`and status in ('open', 'pending') and (
              (first_response_at is null and created_at < ${o.now}::timestamptz - make_interval(hours => ${o.firstResponseHours}))
              or created_at < ${o.now}::timestamptz - make_interval(hours => ${o.resolutionHours}))`
          : sql``
      }
      ${f.before ? sql`and (updated_at, id) < (${f.before.at}, ${f.before.id}::uuid)` : sql``}
    order by updated_at desc, id desc limit ${f.limit}`.execute(trx);
  return rows;
}

export async function updateTicket(
  trx: Trx,
  tenantId: string,
  id: string,
  patch: {
    status?: TicketStatus;
    assigneeId?: string | null;
    confirmed?: boolean;
    firstResponse?: boolean;
  },
): Promise<TicketRow | undefined> {
  const s = patch.status;
  const { rows } = await sql<TicketRow>`
    update tickets set updated_at = now()
      ${s ? sql`, status = ${s}` : sql``}
      ${s === 'resolved' ? sql`, resolved_at = now()` : s === 'open' || s === 'pending' ? sql`, resolved_at = null, closed_at = null` : sql``}
      ${s === 'closed' ? sql`, closed_at = now()` : sql``}
      ${patch.assigneeId !== undefined ? sql`, assignee_id = ${patch.assigneeId}` : sql``}
      ${patch.confirmed ? sql`, confirmed_at = coalesce(confirmed_at, now())` : sql``}
      ${patch.firstResponse ? sql`, first_response_at = coalesce(first_response_at, now())` : sql``}
    where tenant_id = ${tenantId} and id = ${id} returning ${COLS}`.execute(trx);
  return rows[0];
}

/**
 * Auto-close: tickets resolved more than `days` ago, and tickets waiting on
 * the shopper (pending) with no activity for `days`, become closed. The status
 * filter makes it idempotent: a re-run (a retried job, a second worker, the
 * inbox listing) closes nothing twice.
 */
export async function closeResolvedBefore(
  trx: Trx,
  tenantId: string,
  now: Date,
  days: number,
): Promise<number> {
  const r = await sql`
    update tickets set status = 'closed', closed_at = ${now}, updated_at = now()
    where tenant_id = ${tenantId}
      and ((status = 'resolved' and resolved_at < ${now}::timestamptz - make_interval(days => ${days}))
        or (status = 'pending' and updated_at < ${now}::timestamptz - make_interval(days => ${days})))`.execute(
    trx,
  );
  return Number(r.numAffectedRows ?? 0);
}

export async function listCanned(trx: Trx, tenantId: string) {
  const { rows } = await sql<{ id: string; title: string; body: string }>`
    select id, title, body from canned_replies where tenant_id = ${tenantId} order by title limit 200`.execute(
    trx,
  );
  return rows;
}

export async function insertCanned(trx: Trx, tenantId: string, c: { title: string; body: string }) {
  const { rows } = await sql<{ id: string; title: string; body: string }>`
    insert into canned_replies (tenant_id, title, body) values (${tenantId}, ${c.title}, ${c.body})
    returning id, title, body`.execute(trx);
  return rows[0]!;
}

export async function findCanned(trx: Trx, tenantId: string, id: string) {
  const { rows } = await sql<{ id: string; title: string; body: string }>`
    select id, title, body from canned_replies where tenant_id = ${tenantId} and id = ${id}`.execute(trx);
  return rows[0];
}

export async function updateCanned(
  trx: Trx,
  tenantId: string,
  id: string,
  c: { title: string; body: string },
) {
  const { rows } = await sql<{ id: string; title: string; body: string }>`
    update canned_replies set title = ${c.title}, body = ${c.body}
    where tenant_id = ${tenantId} and id = ${id} returning id, title, body`.execute(trx);
  return rows[0];
}

export async function deleteCanned(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  const r = await sql`delete from canned_replies where tenant_id = ${tenantId} and id = ${id}`.execute(trx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** One answer per ticket: false when it was already answered. */
export async function insertCsat(
  trx: Trx,
  tenantId: string,
  a: { ticketId: string; rating: number; comment: string | null },
): Promise<boolean> {
  const { rows } = await sql`
    insert into csat_responses (tenant_id, ticket_id, rating, comment)
    values (${tenantId}, ${a.ticketId}, ${a.rating}, ${a.comment})
    on conflict do nothing returning ticket_id`.execute(trx);
  return rows.length > 0;
}

export async function csatByMonth(trx: Trx, tenantId: string, months: number) {
  const { rows } = await sql<{ month: string; average: number; count: number }>`
    select to_char(date_trunc('month', created_at), 'YYYY-MM') as month, avg(rating)::float8 as average,
      count(*)::int as count
    from csat_responses where tenant_id = ${tenantId}
      and created_at >= date_trunc('month', now()) - make_interval(months => ${months - 1})
    group by 1 order by 1`.execute(trx);
  return rows;
}
