/**
 * Tickets' part of a shopper's data export and erasure: the shopper's own
 * tickets (by customer id) with the messages they can see (never internal
 * notes); erasure keeps the tickets (counts, SLA figures) and removes the
 * e-mail address, the subject, the shopper's messages and survey comments.
 */
import { sql } from 'kysely';
import type { Trx } from '../../lib/db/index.js';

export const ERASED_TEXT = '[removed at the customer’s request]';

export interface PrivacyTicketRow {
  number: number;
  subject: string;
  status: string;
  created_at: Date;
  messages: { from: 'customer' | 'staff'; body: string; at: string }[];
}

export async function listTicketsForPrivacy(trx: Trx, tenantId: string, customerId: string) {
  const { rows } = await sql<PrivacyTicketRow>`
    select t.number, t.subject, t.status, t.created_at,
      coalesce((select json_agg(json_build_object('from', m.kind, 'body', m.body, 'at', m.created_at) order by m.id)
        from ticket_messages m
        where m.tenant_id = t.tenant_id and m.ticket_id = t.id and m.kind <> 'note'), '[]'::json) as messages
    from tickets t where t.tenant_id = ${tenantId} and t.customer_id = ${customerId}
    order by t.created_at desc limit 2000`.execute(trx);
  return rows;
}

export async function anonymiseTickets(
  trx: Trx,
  tenantId: string,
  customerId: string,
  anonEmail: string,
): Promise<number> {
  await sql`
    update ticket_messages m set body = ${ERASED_TEXT}
    from tickets t
    where t.tenant_id = ${tenantId} and t.customer_id = ${customerId}
      and m.tenant_id = t.tenant_id and m.ticket_id = t.id and m.kind = 'customer'`.execute(trx);
  await sql`
    update csat_responses c set comment = null
    from tickets t
    where t.tenant_id = ${tenantId} and t.customer_id = ${customerId}
      and c.tenant_id = t.tenant_id and c.ticket_id = t.id`.execute(trx);
  const r = await sql`
    update tickets set email = ${anonEmail}, subject = ${ERASED_TEXT}, updated_at = now()
    where tenant_id = ${tenantId} and customer_id = ${customerId}`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
